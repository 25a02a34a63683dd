package dev.zoetrope.media.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.io.InputStream;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * The one bucket that holds every asset, behind the S3 API. Keys are written once and never
 * replaced: {@link #putNew} refuses a key that holds an object, and this class has no overwrite or
 * copy operation at all.
 */
public class ObjectStore implements InitializingBean {
  private static final Logger log = LoggerFactory.getLogger(ObjectStore.class);
  private static final long MIN_PART_BYTES = 5L * 1024 * 1024;

  private final MinioClient client;
  private final String bucket;

  ObjectStore(MinioClient client, String bucket) {
    this.client = client;
    this.bucket = bucket;
  }

  public String bucket() {
    return bucket;
  }

  @Override
  public void afterPropertiesSet() {
    try {
      if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
        client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
        log.info("created bucket {}", bucket);
      }
    } catch (ErrorResponseException e) {
      // Another instance may have created it between the check and the create.
      String code = e.errorResponse().code();
      if (!"BucketAlreadyOwnedByYou".equals(code) && !"BucketAlreadyExists".equals(code)) {
        throw new ObjectStoreException("could not create bucket " + bucket, e);
      }
    } catch (Exception e) {
      throw new ObjectStoreException("could not reach bucket " + bucket, e);
    }
  }

  /** Thrown by {@link #putNew} when {@code key} already holds an object, which stays as it was. */
  public static final class KeyTaken extends ObjectStoreException {
    KeyTaken(String key, Throwable cause) {
      super(key + " already holds an object", cause);
    }
  }

  /**
   * Streams {@code body} to {@code key} unless {@code key} already holds an object ({@link
   * KeyTaken}). With an unknown {@code sizeBytes} (-1) the client uploads parts of {@code
   * partBytes}, holding one part in memory; with a known size it picks the parts itself. A failure
   * while reading {@code body} surfaces as the cause of the thrown exception, and the partial
   * upload is abandoned, so nothing is stored under {@code key}.
   */
  public void putNew(
      String key, InputStream body, long sizeBytes, long partBytes, String contentType) {
    boolean onePut = sizeBytes >= 0 && sizeBytes <= MIN_PART_BYTES;
    if (!onePut && exists(key)) {
      // A multipart upload has no portable "only if absent": ask first. The window between the
      // question and the upload only matters to a caller racing itself with one fresh key.
      throw new KeyTaken(key, null);
    }
    long part = sizeBytes >= 0 ? -1 : Math.max(MIN_PART_BYTES, partBytes);
    PutObjectArgs.Builder args =
        PutObjectArgs.builder().bucket(bucket).object(key).stream(body, sizeBytes, part)
            .contentType(contentType);
    if (onePut) {
      // One request that S3 itself refuses when the key is taken (412): no HEAD before every
      // upload, which cost a clip's upload a round trip on the path of "job completed".
      args.headers(Map.of("If-None-Match", "*"));
    }
    try {
      client.putObject(args.build());
    } catch (ErrorResponseException e) {
      if ("PreconditionFailed".equals(e.errorResponse().code())) {
        throw new KeyTaken(key, e);
      }
      throw new ObjectStoreException("upload failed for " + key, e);
    } catch (Exception e) {
      throw new ObjectStoreException("upload failed for " + key, e);
    }
  }

  private boolean exists(String key) {
    try {
      client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
      return true;
    } catch (ErrorResponseException e) {
      String code = e.errorResponse().code();
      if ("NoSuchKey".equals(code) || "NoSuchObject".equals(code)) {
        return false;
      }
      throw new ObjectStoreException("stat failed for " + key, e);
    } catch (Exception e) {
      throw new ObjectStoreException("stat failed for " + key, e);
    }
  }

  /** Opens {@code length} bytes of {@code key} from {@code offset}; the caller closes it. */
  public InputStream open(String key, long offset, long length) {
    try {
      return client.getObject(
          GetObjectArgs.builder().bucket(bucket).object(key).offset(offset).length(length).build());
    } catch (Exception e) {
      throw new ObjectStoreException("read failed for " + key, e);
    }
  }

  /** Removes {@code key}; removing a key that is already gone succeeds, as S3 does. */
  public void remove(String key) {
    try {
      client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
    } catch (Exception e) {
      throw new ObjectStoreException("remove failed for " + key, e);
    }
  }

  /** Best-effort removal of an object that never became an asset (no index row points to it). */
  public void removeOrphan(String key) {
    try {
      client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
    } catch (Exception e) {
      log.warn("could not remove orphan object {}: {}", key, e.toString());
    }
  }
}
