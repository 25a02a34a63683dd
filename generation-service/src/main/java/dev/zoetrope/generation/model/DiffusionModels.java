package dev.zoetrope.generation.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@link ModelVersion}, loaded once at start-up into one long-lived manager. Lookups and
 * sampling are thread-safe: the weights are read-only and each sample owns its arrays, so one
 * instance serves all worker threads.
 */
public final class DiffusionModels implements AutoCloseable {
  /** Seed of the stand-in weights used while a version has no trained checkpoint. */
  public static final long UNTRAINED_SEED = 20_261_125L;

  private static final Logger log = LoggerFactory.getLogger(DiffusionModels.class);

  private final NDManager manager;
  private final Map<ModelVersion, Loaded> models;

  /** A version's network and where its weights came from. */
  public record Loaded(ModelVersion version, Denoiser denoiser, boolean trained, String origin) {}

  private DiffusionModels(NDManager manager, Map<ModelVersion, Loaded> models) {
    this.manager = manager;
    this.models = models;
  }

  /**
   * Loads every version from {@code source}, verifying manifests and checksums.
   *
   * @param requireTrained fail instead of falling back to seeded, untrained weights
   * @throws ModelLoadException when a manifest or file does not check out
   */
  public static DiffusionModels load(ModelSource source, boolean requireTrained) {
    ModelConfig config = ModelConfig.standard();
    Engine engine = Engine.getEngine("PyTorch");
    // With libgomp's default busy-waiting, two PyTorch processes (or workers) on the same cores
    // slowed each other 10-40x in measurements; PASSIVE keeps throughput when CPUs are shared.
    log.info(
        "{} {} for diffusion sampling; OMP_WAIT_POLICY={} (PASSIVE recommended on shared CPUs)",
        engine.getEngineName(),
        engine.getVersion(),
        System.getenv().getOrDefault("OMP_WAIT_POLICY", "unset"));
    NDManager manager = NDManager.newBaseManager();
    try {
      Map<ModelVersion, Loaded> models = new EnumMap<>(ModelVersion.class);
      for (ModelVersion version : ModelVersion.values()) {
        DenoiserWeights weights = ModelPackage.read(source, version.id(), config, manager);
        String where = source.describe(version.id(), ModelManifest.FILE_NAME);
        if (weights != null) {
          log.info(
              "Model {} loaded from {} ({} parameters)",
              version.id(),
              where,
              weights.parameterCount());
          models.put(version, new Loaded(version, new Denoiser(weights), true, where));
          continue;
        }
        if (requireTrained) {
          throw new ModelLoadException(
              "model "
                  + version.id()
                  + " has no trained weights: "
                  + where
                  + " not found and zoetrope.generation.require-trained-weights=true");
        }
        weights = DenoiserWeights.initialize(manager, config, UNTRAINED_SEED);
        log.warn(
            "Model {} is UNTRAINED: no {} found, so it runs on weights initialised from seed {}"
                + " ({} parameters). Clips will be structured noise until trained weights are"
                + " installed.",
            version.id(),
            where,
            UNTRAINED_SEED,
            weights.parameterCount());
        models.put(
            version, new Loaded(version, new Denoiser(weights), false, "seed " + UNTRAINED_SEED));
      }
      return new DiffusionModels(manager, models);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * @throws IllegalArgumentException for an unknown model id
   */
  public Loaded get(String modelId) {
    return models.get(ModelVersion.of(modelId));
  }

  @Override
  public void close() {
    manager.close();
  }
}
