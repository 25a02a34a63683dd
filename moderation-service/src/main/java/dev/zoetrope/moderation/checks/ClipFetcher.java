package dev.zoetrope.moderation.checks;

import dev.zoetrope.common.web.ApiException;
import dev.zoetrope.contracts.media.MediaApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** Streams a clip from media-store into a temporary file, never holding it all in memory. */
class ClipFetcher {
  private final RestClient mediaStore;
  private final long maxBytes;

  ClipFetcher(RestClient mediaStore, long maxBytes) {
    this.mediaStore = mediaStore;
    this.maxBytes = maxBytes;
  }

  sealed interface Fetched permits Stored, TooLarge {}

  /** The clip is at {@code file}; the caller deletes it. */
  record Stored(Path file, long bytes, String sha256) implements Fetched {}

  record TooLarge() implements Fetched {}

  Fetched fetch(UUID assetId) {
    try {
      return mediaStore
          .get()
          .uri(MediaApi.ASSET_CONTENT, assetId)
          .exchange(
              (request, response) -> {
                int status = response.getStatusCode().value();
                if (status == 404) {
                  throw new ApiException(
                      HttpStatus.UNPROCESSABLE_ENTITY,
                      "asset_not_found",
                      "media-store has no asset " + assetId,
                      "assetId");
                }
                if (status != 200) {
                  throw unavailable("media-store answered " + status);
                }
                if (response.getHeaders().getContentLength() > maxBytes) {
                  return new TooLarge();
                }
                return copy(response.getBody());
              },
              true);
    } catch (RestClientException e) {
      throw unavailable("media-store is unreachable");
    } catch (IllegalStateException e) {
      // ServiceTokens throws this when the token endpoint cannot be reached.
      throw unavailable("no service token: " + e.getMessage());
    }
  }

  private Fetched copy(InputStream body) throws IOException {
    Path file = Files.createTempFile("zoetrope-clip-", ".mp4");
    boolean keep = false;
    try (InputStream in = body;
        OutputStream out = Files.newOutputStream(file)) {
      MessageDigest sha = sha256();
      byte[] buffer = new byte[64 * 1024];
      long total = 0;
      int n;
      while ((n = in.read(buffer)) > 0) {
        total += n;
        if (total > maxBytes) {
          // Chunked responses carry no length; stop reading as soon as the limit is passed.
          return new TooLarge();
        }
        sha.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
      keep = true;
      return new Stored(file, total, HexFormat.of().formatHex(sha.digest()));
    } finally {
      if (!keep) {
        Files.deleteIfExists(file);
      }
    }
  }

  private static ApiException unavailable(String message) {
    return new ApiException(HttpStatus.BAD_GATEWAY, "media_store_unavailable", message);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
