package dev.zoetrope.cameo.recording;

import dev.zoetrope.cameo.CameoProperties;
import io.minio.MinioClient;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class StorageConfiguration {

  @Bean
  MinioClient minioClient(
      @Value("${zoetrope.s3.endpoint:http://127.0.0.1:19000}") String endpoint,
      @Value("${zoetrope.s3.access-key}") String accessKey,
      @Value("${zoetrope.s3.secret-key}") String secretKey,
      @Value("${zoetrope.s3.region:us-east-1}") String region) {
    MinioClient client =
        MinioClient.builder()
            .endpoint(endpoint)
            .credentials(accessKey, secretKey)
            // A fixed region skips the bucket-location lookup on every first request.
            .region(region)
            .build();
    // Bounded, so a stuck S3 endpoint cannot hold an upload request forever.
    client.setTimeout(
        TimeUnit.SECONDS.toMillis(5), TimeUnit.SECONDS.toMillis(60), TimeUnit.SECONDS.toMillis(30));
    return client;
  }

  @Bean
  RecordingStore recordingStore(MinioClient client, CameoProperties props) {
    return new RecordingStore(client, props.bucket());
  }
}
