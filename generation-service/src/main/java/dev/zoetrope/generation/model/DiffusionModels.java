package dev.zoetrope.generation.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.zoetrope.generation.model.plugin.TorchScriptPackage;
import java.util.Arrays;
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

  /** Prefix of the configuration keys that map a model id to a TorchScript plug-in folder. */
  public static final String PLUGIN_KEY = "zoetrope.generation.model-plugins.";

  private static final Logger log = LoggerFactory.getLogger(DiffusionModels.class);

  private final NDManager manager;
  private final Map<ModelVersion, Loaded> models;

  /**
   * A version's network and where its weights came from.
   *
   * @param model the built-in {@link Denoiser} or an operator's TorchScript plug-in
   */
  public record Loaded(ModelVersion version, VelocityModel model, boolean trained, String origin) {

    /** Same as {@link #model()}; the name callers used before plug-ins existed. */
    public VelocityModel denoiser() {
      return model;
    }
  }

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
    return load(source, requireTrained, Map.of());
  }

  /**
   * Loads every version from {@code source}, except those {@code plugins} maps to a TorchScript
   * plug-in folder ({@code classpath:...} or a directory; docs/model.md, "Bring your own model"). A
   * version whose own folder in {@code source} holds a TorchScript manifest is a plug-in too.
   *
   * @param plugins model id (a {@link ModelVersion} id) to plug-in folder
   * @throws ModelLoadException when a manifest or file does not check out, a plug-in fails its
   *     start-up probe, or {@code plugins} names an unknown model
   */
  public static DiffusionModels load(
      ModelSource source, boolean requireTrained, Map<String, String> plugins) {
    for (String id : plugins.keySet()) {
      if (Arrays.stream(ModelVersion.values()).noneMatch(v -> v.id().equals(id))) {
        throw new ModelLoadException(
            PLUGIN_KEY
                + id
                + " names no model; plug-ins replace one of "
                + Arrays.stream(ModelVersion.values()).map(ModelVersion::id).toList());
      }
    }
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
        Loaded plugin = plugin(version, source, plugins.get(version.id()), manager);
        if (plugin != null) {
          models.put(version, plugin);
          continue;
        }
        Denoiser trained = ModelPackage.readModel(source, version.id(), manager);
        String where = source.describe(version.id(), ModelManifest.FILE_NAME);
        if (trained != null) {
          log.info(
              "Model {} loaded from {} ({} parameters{})",
              version.id(),
              where,
              trained.weights().parameterCount(),
              trained.codec() == null
                  ? ""
                  : ", latent, codec " + trained.codec().weights().parameterCount());
          models.put(version, new Loaded(version, trained, true, where));
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
        DenoiserWeights weights = DenoiserWeights.initialize(manager, config, UNTRAINED_SEED);
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

  private static Loaded plugin(
      ModelVersion version, ModelSource source, String configured, NDManager manager) {
    TorchScriptPackage.Location at;
    if (configured != null) {
      at = TorchScriptPackage.Location.parse(PLUGIN_KEY + version.id(), configured);
    } else if (TorchScriptPackage.isTorchScript(source, version.id())) {
      at = new TorchScriptPackage.Location(source, version.id());
    } else {
      return null;
    }
    VelocityModel model = TorchScriptPackage.load(version.id(), at.source(), at.folder(), manager);
    String where = at.source().describe(at.folder(), ModelManifest.FILE_NAME);
    log.info("Model {} is a TorchScript plug-in loaded from {}", version.id(), where);
    return new Loaded(version, model, true, "torchscript " + where);
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
