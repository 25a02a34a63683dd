package dev.zoetrope.media.content;

import dev.zoetrope.common.web.ApiException;
import dev.zoetrope.media.MediaStoreProperties;
import dev.zoetrope.media.assets.Asset;
import dev.zoetrope.media.storage.ObjectStore;
import dev.zoetrope.media.storage.ObjectStoreException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Sends an asset's bytes, or the one range asked for, straight from storage to the client with a
 * ranged read: a seek in a player costs only the bytes it needs, and no request holds a whole clip
 * in memory.
 */
@Component
public class ContentResponder {
  private static final Logger log = LoggerFactory.getLogger(ContentResponder.class);

  private final ObjectStore store;
  private final int bufferBytes;

  ContentResponder(ObjectStore store, MediaStoreProperties properties) {
    this.store = store;
    this.bufferBytes = properties.media().copyBufferBytes();
  }

  public void serve(Asset asset, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    long size = asset.sizeBytes();
    // The hash is the content, and an asset's content never changes: a strong validator.
    String etag = "\"" + asset.sha256() + "\"";
    response.setHeader(HttpHeaders.ETAG, etag);
    response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
    // Visibility can change (publication), so caches must revalidate; private because it is
    // per-user authorized.
    response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-cache");
    response.setHeader("X-Content-Type-Options", "nosniff");

    if (matchesAny(request.getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
      response.setStatus(HttpStatus.NOT_MODIFIED.value());
      return;
    }
    String range = request.getHeader(HttpHeaders.RANGE);
    String ifRange = request.getHeader(HttpHeaders.IF_RANGE);
    if (range != null && ifRange != null && !ifRange.strip().equals(etag)) {
      range = null;
    }
    ByteRange wanted = ByteRange.parse(range, size);
    long first;
    long length;
    switch (wanted) {
      case ByteRange.Unsatisfiable u -> {
        response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
        throw new ApiException(
            HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
            "range_not_satisfiable",
            "the requested range is not satisfiable (size " + size + " bytes)");
      }
      case ByteRange.Full f -> {
        first = 0;
        length = size;
        response.setStatus(HttpStatus.OK.value());
      }
      case ByteRange.Part p -> {
        first = p.first();
        length = p.length();
        response.setStatus(HttpStatus.PARTIAL_CONTENT.value());
        response.setHeader(
            HttpHeaders.CONTENT_RANGE, "bytes " + p.first() + "-" + p.last() + "/" + size);
      }
    }
    response.setContentType(asset.contentType());
    response.setContentLengthLong(length);
    if ("HEAD".equals(request.getMethod()) || length == 0) {
      return;
    }
    copy(asset, first, length, response);
  }

  private void copy(Asset asset, long first, long length, HttpServletResponse response)
      throws IOException {
    InputStream in;
    try {
      in = store.open(asset.objectKey(), first, length);
    } catch (ObjectStoreException e) {
      log.warn("could not open asset {}", asset.id(), e);
      throw new ApiException(
          HttpStatus.SERVICE_UNAVAILABLE, "storage_unavailable", "object storage is unavailable");
    }
    try (in) {
      OutputStream out = response.getOutputStream();
      byte[] buffer = new byte[bufferBytes];
      long remaining = length;
      while (remaining > 0) {
        int n;
        try {
          n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
        } catch (IOException e) {
          // Headers are out; the short body (against Content-Length) tells the client it failed.
          log.warn("reading asset {} from storage failed mid-stream: {}", asset.id(), e.toString());
          return;
        }
        if (n < 0) {
          log.warn("asset {} ended {} bytes early in storage", asset.id(), remaining);
          return;
        }
        try {
          out.write(buffer, 0, n);
        } catch (IOException e) {
          // Players abort requests all the time when the user seeks.
          log.debug("client went away while streaming asset {}", asset.id());
          return;
        }
        remaining -= n;
      }
    }
  }

  private static boolean matchesAny(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.strip();
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals("*") || c.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
