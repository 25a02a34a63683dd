package dev.zoetrope.media.storage;

import dev.zoetrope.media.MediaStoreProperties;
import io.minio.MinioClient;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StorageConfig {

  /** HTTP/1.1 and the S3 client's own default timeouts, shared by it and {@link ObjectStore}. */
  @Bean
  OkHttpClient s3HttpClient() {
    Duration timeout = Duration.ofMinutes(5);
    return new OkHttpClient.Builder()
        .connectTimeout(timeout)
        .writeTimeout(timeout)
        .readTimeout(timeout)
        .protocols(List.of(Protocol.HTTP_1_1))
        .build();
  }

  @Bean
  MinioClient minioClient(MediaStoreProperties properties, OkHttpClient s3HttpClient) {
    MediaStoreProperties.S3 s3 = properties.s3();
    return MinioClient.builder()
        .endpoint(s3.endpoint())
        .credentials(s3.accessKey(), s3.secretKey())
        .region(s3.region())
        .httpClient(s3HttpClient)
        .build();
  }

  @Bean
  ObjectStore objectStore(
      MinioClient client, OkHttpClient s3HttpClient, MediaStoreProperties properties) {
    return new ObjectStore(client, s3HttpClient, properties.media().bucket());
  }
}
