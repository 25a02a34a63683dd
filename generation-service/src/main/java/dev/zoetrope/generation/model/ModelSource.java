package dev.zoetrope.generation.model;

import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.MinioClient;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;

/**
 * Where model folders live: {@code <root>/<version>/<file>}. A location starting with {@code
 * classpath:} reads from the classpath (weights packaged in the jar or image), {@code
 * s3://bucket/prefix} from an S3 bucket (weights published once, read by every worker at start-up),
 * anything else is a filesystem directory (e.g. a mounted volume). Whatever the source, every file
 * is checked against its manifest's sha256 before use.
 */
public sealed interface ModelSource {

  /** Bytes of {@code file} in {@code version}'s folder, or empty when it is not there. */
  Optional<byte[]> read(String version, String file);

  /** Human-readable location of a file, for messages. */
  String describe(String version, String file);

  static ModelSource of(String location) {
    return of(location, null);
  }

  /**
   * @param s3 the client for {@code s3://} locations (null when none is configured)
   */
  static ModelSource of(String location, MinioClient s3) {
    if (location.startsWith("s3://")) {
      if (s3 == null) {
        throw new ModelLoadException(
            "zoetrope.generation.model-dir " + location + " needs zoetrope.s3.endpoint");
      }
      String rest = location.substring("s3://".length());
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      String prefix = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("/+$", "");
      if (bucket.isEmpty()) {
        throw new ModelLoadException(
            "zoetrope.generation.model-dir " + location + " names no bucket");
      }
      return new S3(s3, bucket, prefix);
    }
    if (location.startsWith("classpath:")) {
      String root = location.substring("classpath:".length());
      root = root.startsWith("/") ? root.substring(1) : root;
      return new Classpath(root.endsWith("/") ? root.substring(0, root.length() - 1) : root);
    }
    Path dir = Path.of(location);
    if (!Files.isDirectory(dir)) {
      // An explicitly configured folder that is not there is a deployment mistake, not "untrained".
      throw new ModelLoadException(
          "zoetrope.generation.model-dir " + dir.toAbsolutePath() + " is not a directory");
    }
    return new Directory(dir);
  }

  record Classpath(String root) implements ModelSource {
    @Override
    public Optional<byte[]> read(String version, String file) {
      String name = (root.isEmpty() ? "" : root + "/") + version + "/" + file;
      try (InputStream in = ModelSource.class.getClassLoader().getResourceAsStream(name)) {
        return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + describe(version, file), e);
      }
    }

    @Override
    public String describe(String version, String file) {
      return "classpath:" + (root.isEmpty() ? "" : root + "/") + version + "/" + file;
    }
  }

  record Directory(Path root) implements ModelSource {
    @Override
    public Optional<byte[]> read(String version, String file) {
      Path path = root.resolve(version).resolve(file);
      if (!Files.isRegularFile(path)) {
        return Optional.empty();
      }
      try {
        return Optional.of(Files.readAllBytes(path));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + path, e);
      }
    }

    @Override
    public String describe(String version, String file) {
      return root.resolve(version).resolve(file).toAbsolutePath().toString();
    }
  }

  record S3(MinioClient client, String bucket, String prefix) implements ModelSource {
    /** The largest file read: the weights of a model that fits the repository (under 40 MB). */
    static final long MAX_BYTES = 512L * 1024 * 1024;

    @Override
    public Optional<byte[]> read(String version, String file) {
      String key = key(version, file);
      try (GetObjectResponse in =
          client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
        return Optional.of(in.readNBytes(Math.toIntExact(MAX_BYTES)));
      } catch (ErrorResponseException e) {
        if ("NoSuchKey".equals(e.errorResponse().code())) {
          return Optional.empty();
        }
        throw new ModelLoadException(
            "cannot read " + describe(version, file) + ": " + e.getMessage());
      } catch (IOException | GeneralSecurityException | MinioException e) {
        throw new ModelLoadException("cannot read " + describe(version, file) + ": " + e);
      }
    }

    @Override
    public String describe(String version, String file) {
      return "s3://" + bucket + "/" + key(version, file);
    }

    private String key(String version, String file) {
      return (prefix.isEmpty() ? "" : prefix + "/") + version + "/" + file;
    }
  }
}
