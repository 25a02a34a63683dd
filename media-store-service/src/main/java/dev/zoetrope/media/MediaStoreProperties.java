package dev.zoetrope.media;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Everything media-store-service can be configured with. Bound at the {@code zoetrope} root because
 * the S3 connection keys ({@code zoetrope.s3.*}) are shared with the dev-stack and test
 * infrastructure, while the service's own knobs live under {@code zoetrope.media.*}.
 */
@ConfigurationProperties("zoetrope")
public record MediaStoreProperties(@DefaultValue S3 s3, @DefaultValue Media media) {

  /**
   * @param endpoint S3 API base URL
   * @param accessKey S3 access key
   * @param secretKey S3 secret key
   * @param region signing region; set so the client never has to ask the server for it
   */
  public record S3(
      @DefaultValue("http://127.0.0.1:19000") String endpoint,
      @DefaultValue("zoetrope") String accessKey,
      @DefaultValue("zoetrope-secret") String secretKey,
      @DefaultValue("us-east-1") String region) {}

  /**
   * @param bucket bucket for every asset; created at start if missing
   * @param maxUploadBytes largest accepted upload
   * @param unknownLengthPartBytes multipart part size for uploads without a Content-Length (the S3
   *     client holds one part in memory; 5 MiB is the S3 minimum)
   * @param copyBufferBytes buffer for streaming content to clients
   */
  public record Media(
      @DefaultValue("zoetrope-media") String bucket,
      @DefaultValue("209715200") long maxUploadBytes,
      @DefaultValue("8388608") long unknownLengthPartBytes,
      @DefaultValue("65536") int copyBufferBytes) {}
}
