package dev.zoetrope.generation.render;

import dev.zoetrope.generation.model.DiffusionModels;
import dev.zoetrope.generation.model.ModelSource;
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
 * the jar under {@code models/<version>/}) or a filesystem directory with the same layout. {@code
 * zoetrope.generation.require-trained-weights} (default false): refuse to start on untrained
 * stand-in weights. {@code zoetrope.generation.model-plugins.<model-id>}: a TorchScript plug-in
 * folder that replaces that model (docs/model.md, "Bring your own model").
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
    return DiffusionModels.load(ModelSource.of(modelDir), requireTrained, plugins);
  }

  @Bean
  ClipRenderer clipRenderer(DiffusionModels models) {
    return new DiffusionClipRenderer(models);
  }
}
