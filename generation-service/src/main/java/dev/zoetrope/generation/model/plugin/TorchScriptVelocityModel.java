package dev.zoetrope.generation.model.plugin;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import dev.zoetrope.generation.model.MelScale;
import dev.zoetrope.generation.model.ModelConfig;
import dev.zoetrope.generation.model.ModelLoadException;
import dev.zoetrope.generation.model.PromptTokenizer;
import dev.zoetrope.generation.model.VelocityModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * An operator's own network, exported with {@code torch.jit.save}, run through DJL's PyTorch engine
 * (contract: docs/model.md, "Bring your own model"). Inputs {@code (video, audio, t, captions)},
 * outputs a tuple or list {@code (video velocity, audio velocity)} shaped like the inputs.
 *
 * <p>Thread-safe. One TorchScript module serves every worker thread, as DJL's own PyTorch
 * predictors share one module: libtorch runs concurrent {@code forward} calls on a module (its
 * graph executor guards its own optimisation state), and each call's tensors belong to the caller.
 * This class calls {@link IValueUtils#forward} directly instead of {@code PtSymbolBlock.forward},
 * whose first call and train/eval switch write unsynchronised fields; the module is put in eval
 * mode and probed once, single-threaded, at load. Grad mode is off inside the call (DJL's inference
 * guard).
 *
 * <p>Results are created in the manager of {@code video}, as {@link VelocityModel} requires.
 */
public final class TorchScriptVelocityModel implements VelocityModel, AutoCloseable {
  private final String name;
  private final ModelConfig config;
  private final NDManager manager;
  private final PtSymbolBlock module;

  private TorchScriptVelocityModel(
      String name, ModelConfig config, NDManager manager, PtSymbolBlock module) {
    this.name = name;
    this.config = config;
    this.manager = manager;
    this.module = module;
  }

  /**
   * Loads a TorchScript archive (already checksummed by the caller) into a sub-manager of {@code
   * parent} and probes it with a one-second batch of two, so a model that cannot run or answers in
   * the wrong shapes stops start-up rather than the first job.
   *
   * @param name how messages name the model, e.g. {@code "zoetrope-1 (my-model)"}
   * @throws ModelLoadException when the archive does not load or fails the probe
   */
  public static TorchScriptVelocityModel load(String name, byte[] torchScript, NDManager parent) {
    ModelConfig config = ModelConfig.standard();
    NDManager manager = parent.newSubManager();
    TorchScriptVelocityModel model;
    try {
      if (!(manager instanceof PtNDManager pt)) {
        throw new ModelLoadException(
            "TorchScript model "
                + name
                + " needs DJL's PyTorch engine, but the default engine is "
                + manager.getEngine().getEngineName());
      }
      PtSymbolBlock module =
          JniUtils.loadModule(pt, new ByteArrayInputStream(torchScript), true, false);
      JniUtils.enableInferenceMode(module);
      model = new TorchScriptVelocityModel(name, config, manager, module);
    } catch (IOException | EngineException e) {
      manager.close();
      throw new ModelLoadException(
          "TorchScript model " + name + " is not a loadable TorchScript archive: " + e.getMessage(),
          e);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
    try {
      model.probe();
    } catch (RuntimeException e) {
      model.close();
      throw new ModelLoadException(
          "TorchScript model " + name + " failed its start-up probe: " + e.getMessage(), e);
    }
    return model;
  }

  private void probe() {
    try (NDManager m = manager.newSubManager()) {
      int frames = config.frames(1);
      NDArray video = m.zeros(new Shape(2, 3, frames, config.size(), config.size()));
      NDArray audio =
          m.zeros(new Shape(2, MelScale.BINS, (long) frames * config.melColumnsPerFrame()));
      // One null caption (what guidance's unconditional row sends) and one unknown word.
      float[] captions = new float[2 * config.vocabularySize()];
      captions[PromptTokenizer.NULL] = 1f;
      captions[config.vocabularySize() + PromptTokenizer.UNK] = 1f;
      forward(video, audio, new float[] {0f, 0.5f}, captions);
    }
  }

  @Override
  public ModelConfig config() {
    return config;
  }

  /**
   * @throws PluginOutputException when the model throws, or answers with anything but two float32
   *     tensors shaped like {@code video} and {@code audio}
   */
  @Override
  public NDList forward(NDArray video, NDArray audio, float[] t, float[] captions) {
    Shape videoShape = video.getShape();
    Shape audioShape = audio.getShape();
    long batch = videoShape.get(0);
    if (t.length != batch || captions.length != batch * config.vocabularySize()) {
      throw new IllegalArgumentException(
          "batch of " + batch + " needs " + batch + " times and " + batch + " caption rows");
    }
    NDManager m = video.getManager();
    NDArray time = m.create(t);
    NDArray text = m.create(captions, new Shape(batch, config.vocabularySize()));
    NDList out;
    try {
      out = IValueUtils.forward(module, new NDList(video, audio, time, text), false);
    } catch (RuntimeException e) {
      throw new PluginOutputException(
          "TorchScript model "
              + name
              + " failed on inputs video "
              + videoShape
              + ", audio "
              + audioShape
              + ", t ("
              + batch
              + "), captions ("
              + batch
              + ", "
              + config.vocabularySize()
              + "): "
              + e.getMessage(),
          e);
    } finally {
      time.close();
      text.close();
    }
    String problem = problem(out, videoShape, audioShape);
    if (problem != null) {
      out.close();
      throw new PluginOutputException(
          "TorchScript model "
              + name
              + " broke the output contract: "
              + problem
              + "; expected a tuple (video velocity "
              + videoShape
              + ", audio velocity "
              + audioShape
              + ") of float32 tensors");
    }
    return out;
  }

  private static String problem(NDList out, Shape video, Shape audio) {
    if (out.size() != 2) {
      return "it returned "
          + out.size()
          + " tensor(s) "
          + Arrays.toString(out.getShapes())
          + " instead of 2";
    }
    Shape[] expected = {video, audio};
    String[] names = {"video", "audio"};
    for (int i = 0; i < 2; i++) {
      NDArray a = out.get(i);
      if (!a.getShape().equals(expected[i])) {
        return "the " + names[i] + " velocity has shape " + a.getShape();
      }
      if (a.getDataType() != DataType.FLOAT32) {
        return "the " + names[i] + " velocity is " + a.getDataType();
      }
    }
    return null;
  }

  /** How messages and logs name this model. */
  public String name() {
    return name;
  }

  @Override
  public void close() {
    module.close();
    manager.close();
  }
}
