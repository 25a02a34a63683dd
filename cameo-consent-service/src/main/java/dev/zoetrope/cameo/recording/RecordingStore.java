package dev.zoetrope.cameo.recording;

import dev.zoetrope.common.web.ApiException;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * Cameo recordings in their own bucket, apart from generated media: they are biometric likeness
 * data, kept only while the cameo is active.
 */
public class RecordingStore {
  private static final Logger log = LoggerFactory.getLogger(RecordingStore.class);

  private final MinioClient s3;
  private final String bucket;
  private volatile boolean bucketReady;

  public RecordingStore(MinioClient s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  public static String keyFor(java.util.UUID cameoId) {
    return "cameos/" + cameoId + "/recording.mp4";
  }

  public void put(String key, Path file, String sha256) {
    try {
      ensureBucket();
      try (InputStream in = Files.newInputStream(file)) {
        s3.putObject(
            PutObjectArgs.builder().bucket(bucket).object(key).stream(in, Files.size(file), -1)
                .contentType("video/mp4")
                .userMetadata(Map.of("sha256", sha256))
                .build());
      }
    } catch (Exception e) {
      log.warn("storing {} failed: {}", key, e.toString());
      throw new ApiException(
          HttpStatus.SERVICE_UNAVAILABLE,
          "storage_unavailable",
          "the recording could not be stored; try again");
    }
  }

  /**
   * The stored recording, for the caller to stream and close; empty if it is gone (a revocation
   * deletes it, possibly while a request that checked consent just before is still running).
   */
  public Optional<InputStream> open(String key) {
    try {
      return Optional.of(s3.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
    } catch (ErrorResponseException e) {
      String code = e.errorResponse().code();
      if ("NoSuchKey".equals(code) || "NoSuchBucket".equals(code)) {
        return Optional.empty();
      }
      throw unavailable(key, e);
    } catch (Exception e) {
      throw unavailable(key, e);
    }
  }

  private static ApiException unavailable(String key, Exception e) {
    log.warn("reading recording {} failed: {}", key, e.toString());
    return new ApiException(
        HttpStatus.SERVICE_UNAVAILABLE, "storage_unavailable", "the recording cannot be read now");
  }

  /** Best effort: a failure is logged and left for a sweep, never surfaced to the user. */
  public void deleteQuietly(String key) {
    try {
      s3.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
    } catch (ErrorResponseException e) {
      if (!"NoSuchKey".equals(e.errorResponse().code())) {
        log.warn("deleting recording {} failed: {}", key, e.toString());
      }
    } catch (Exception e) {
      log.warn("deleting recording {} failed: {}", key, e.toString());
    }
  }

  private void ensureBucket() throws Exception {
    if (bucketReady) {
      return;
    }
    synchronized (this) {
      if (!bucketReady) {
        if (!s3.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
          try {
            s3.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
          } catch (ErrorResponseException e) {
            // Another instance created it between our check and our create.
            String code = e.errorResponse().code();
            if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
              throw e;
            }
          }
        }
        bucketReady = true;
      }
    }
  }
}
