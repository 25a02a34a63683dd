package dev.zoetrope.generation.render;

import dev.zoetrope.generation.model.DiffusionModels;
import dev.zoetrope.generation.model.ModelSource;
import io.minio.MinioClient;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Loads the diffusion models at start-up (verifying every checksum, so a bad weight file stops the
 * service before it takes jobs) and exposes the renderer.
 *
 * <p>{@code zoetrope.generation.model-dir}: {@code classpath:models} (default: weights packaged in
 * the jar under {@code models/<version>/}), a filesystem directory with the same layout, or {@code
 * s3://bucket/prefix} (read with {@code zoetrope.s3.endpoint}, {@code access-key}, {@code
 * secret-key}, {@code region}). {@code zoetrope.generation.require-trained-weights} (default
 * false): refuse to start on untrained stand-in weights. {@code
 * zoetrope.generation.model-plugins.<model-id>}: a TorchScript plug-in folder that replaces that
 * model (docs/model.md, "Bring your own model").
 *
 * <p>Only where the worker runs: an API-only process has no use for half a gigabyte of PyTorch.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(
    name = "zoetrope.generation.worker.enabled",
    havingValue = "true",
    matchIfMissing = true)
public class RenderConfiguration {

  @Bean(destroyMethod = "close")
  DiffusionModels diffusionModels(
      @Value("${zoetrope.generation.model-dir:classpath:models}") String modelDir,
      @Value("${zoetrope.generation.require-trained-weights:false}") boolean requireTrained,
      Environment environment) {
    Map<String, String> plugins =
        Binder.get(environment)
            .bind("zoetrope.generation.model-plugins", Bindable.mapOf(String.class, String.class))
            .orElse(Map.of());
    MinioClient s3 = null;
    if (modelDir.startsWith("s3://")) {
      s3 =
          MinioClient.builder()
              .endpoint(environment.getRequiredProperty("zoetrope.s3.endpoint"))
              .credentials(
                  environment.getProperty("zoetrope.s3.access-key", ""),
                  environment.getProperty("zoetrope.s3.secret-key", ""))
              .region(environment.getProperty("zoetrope.s3.region", "us-east-1"))
              .build();
    }
    return DiffusionModels.load(ModelSource.of(modelDir, s3), requireTrained, plugins);
  }

  @Bean
  ClipRenderer clipRenderer(DiffusionModels models) {
    return new DiffusionClipRenderer(models);
  }
}
