package dev.zoetrope.media.storage;

import dev.zoetrope.media.MediaStoreProperties;
import io.minio.MinioClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StorageConfig {

  @Bean
  MinioClient minioClient(MediaStoreProperties properties) {
    MediaStoreProperties.S3 s3 = properties.s3();
    return MinioClient.builder()
        .endpoint(s3.endpoint())
        .credentials(s3.accessKey(), s3.secretKey())
        .region(s3.region())
        .build();
  }

  @Bean
  ObjectStore objectStore(MinioClient client, MediaStoreProperties properties) {
    return new ObjectStore(client, properties.media().bucket());
  }
}
