package dev.zoetrope.generation.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoetrope.common.testing.S3Proxy;
import dev.zoetrope.common.testing.TestInfra;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Model folders published to an S3 bucket load like packaged ones, checksums included. */
class S3ModelSourceIT {
  private static final Path SHIPPED = Path.of("src/main/resources/models");
  private static MinioClient s3;
  private static final String BUCKET = "models-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void bucket() throws Exception {
    S3Proxy proxy = TestInfra.s3();
    s3 =
        MinioClient.builder()
            .endpoint(proxy.endpoint())
            .credentials(proxy.accessKey(), proxy.secretKey())
            .region("us-east-1")
            .build();
    if (!s3.bucketExists(BucketExistsArgs.builder().bucket(BUCKET).build())) {
      s3.makeBucket(MakeBucketArgs.builder().bucket(BUCKET).build());
    }
  }

  private static void publish(String prefix, String version, String file, byte[] bytes)
      throws Exception {
    s3.putObject(
        PutObjectArgs.builder().bucket(BUCKET).object(prefix + "/" + version + "/" + file).stream(
                new ByteArrayInputStream(bytes), bytes.length, -1)
            .build());
  }

  private static void publishShipped(String prefix) throws Exception {
    for (ModelVersion v : ModelVersion.values()) {
      // Every file of the folder: a latent version has its codec beside the weights.
      try (var files = Files.list(SHIPPED.resolve(v.id()))) {
        for (Path file : files.sorted().toList()) {
          publish(prefix, v.id(), file.getFileName().toString(), Files.readAllBytes(file));
        }
      }
    }
  }

  @Test
  void shippedWeightsLoadFromABucket() throws Exception {
    publishShipped("releases/r1");

    try (DiffusionModels models =
        DiffusionModels.load(ModelSource.of("s3://" + BUCKET + "/releases/r1/", s3), true)) {
      assertThat(models.get("zoetrope-1").trained()).isTrue();
      assertThat(models.get("zoetrope-1").origin())
          .isEqualTo("s3://" + BUCKET + "/releases/r1/zoetrope-1/manifest.json");
      assertThat(models.get("zoetrope-1-pro").trained()).isTrue();
    }
  }

  @Test
  void aCorruptedObjectFailsAtStartUpNamingTheFileAndItsHash() throws Exception {
    publishShipped("releases/bad");
    byte[] weights =
        Files.readAllBytes(SHIPPED.resolve("zoetrope-1").resolve(ModelPackage.WEIGHTS_FILE));
    weights[weights.length / 2] ^= 1;
    publish("releases/bad", "zoetrope-1", ModelPackage.WEIGHTS_FILE, weights);

    assertThatThrownBy(
            () ->
                DiffusionModels.load(ModelSource.of("s3://" + BUCKET + "/releases/bad", s3), false))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(ModelPackage.WEIGHTS_FILE)
        .hasMessageContaining("sha256");
  }

  @Test
  void anEmptyPrefixIsUntrainedUnlessTrainedWeightsAreRequired() {
    assertThatThrownBy(
            () ->
                DiffusionModels.load(ModelSource.of("s3://" + BUCKET + "/nothing-here", s3), true))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("no trained weights");
    assertThatThrownBy(() -> ModelSource.of("s3://" + BUCKET + "/x", null))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("zoetrope.s3.endpoint");
  }
}
