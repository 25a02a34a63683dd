package dev.zoetrope.generation.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.zoetrope.generation.model.Codec;
import dev.zoetrope.generation.model.Denoiser;
import dev.zoetrope.generation.model.DenoiserWeights;
import dev.zoetrope.generation.model.MelScale;
import dev.zoetrope.generation.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The training state — parameters, their EMA, Adam's moments and the step — and one optimisation
 * step of the flow-matching loss. Everything long-lived sits in one base manager; each step runs in
 * its own sub-manager (an op's result belongs to its first operand's manager, so anything else
 * makes RSS grow every step), and the long-lived arrays are only temporarily attached to it for
 * their in-place updates.
 *
 * <p>Noise and times of step {@code s} come from a generator seeded by {@code (noiseSeed, s)}, so a
 * resumed run continues exactly like an uninterrupted one without saving generator state.
 */
public final class Trainer implements AutoCloseable {
  static final String PARAMS = "params.safetensors";
  static final String EMA = "ema.safetensors";
  static final String ADAM_M = "adam_m.safetensors";
  static final String ADAM_V = "adam_v.safetensors";

  /**
   * Losses of one step: {@code video} and {@code audio} are the objective (weighted when the alphas
   * are not 0), {@code videoMse} and {@code audioMse} the plain MSE, comparable across weightings.
   */
  public record Losses(float video, float audio, float gradNorm, float videoMse, float audioMse) {
    public float total() {
      return video + audio;
    }
  }

  private final NDManager manager;
  private final ModelConfig config;
  private final Hyper hyper;
  private final DenoiserWeights params;
  private final DenoiserWeights ema;
  private final DenoiserWeights adamM;
  private final DenoiserWeights adamV;
  private final Denoiser denoiser;
  private final Codec codec;

  /**
   * The step at which the Adam moments were last zero: 0 for a fresh run, the published step for
   * one continued from published weights (which carry no moments). Bias correction and the
   * learning-rate warm-up count from here, so restarted moments do not take steps ≈ 3× too large.
   */
  private final long momentsFrom;

  private long step;

  private Trainer(
      NDManager manager,
      ModelConfig config,
      Hyper hyper,
      DenoiserWeights params,
      DenoiserWeights ema,
      DenoiserWeights adamM,
      DenoiserWeights adamV,
      long step,
      long momentsFrom,
      Codec codec) {
    this.manager = manager;
    this.codec = codec;
    this.momentsFrom = momentsFrom;
    this.config = config;
    this.hyper = hyper;
    this.params = params;
    this.ema = ema;
    this.adamM = adamM;
    this.adamV = adamV;
    this.step = step;
    for (NDArray p : params.asMap().values()) {
      p.setRequiresGradient(true);
    }
    this.denoiser = new Denoiser(params, codec);
  }

  /** A fresh run: the model's seeded initialisation, EMA equal to it, zero moments. */
  public static Trainer start(ModelConfig config, Hyper hyper, long initSeed) {
    return start(config, hyper, initSeed, null, null);
  }

  /**
   * A fresh run of a pixel model ({@code codec} null) or of a latent model over {@code codec}'s
   * latents (the codec is trained first and stays fixed). With {@code body}, every tensor whose
   * name and shape match one of its tensors starts from it (parameters and EMA): a latent model's
   * blocks, attention and conditioning from a trained pixel model, its stems and outputs fresh.
   */
  public static Trainer start(
      ModelConfig config, Hyper hyper, long initSeed, Codec codec, DenoiserWeights body) {
    NDManager manager = NDManager.newBaseManager();
    DenoiserWeights params = DenoiserWeights.initialize(manager, config, initSeed);
    if (body != null) {
      for (Map.Entry<String, NDArray> e : params.asMap().entrySet()) {
        NDArray from = body.asMap().get(e.getKey());
        if (from != null && from.getShape().equals(e.getValue().getShape())) {
          e.getValue().set(from.toFloatArray());
        }
      }
    }
    DenoiserWeights ema = copy(manager, config, params.toSafetensors());
    DenoiserWeights m = zeros(manager, config, params);
    DenoiserWeights v = zeros(manager, config, params);
    return new Trainer(manager, config, hyper, params, ema, m, v, 0, 0, codec);
  }

  /**
   * Continues from published weights (a model package holds only the EMA): parameters and EMA both
   * start from them, the moments from zero at {@code step}.
   */
  public static Trainer continueFrom(
      DenoiserWeights published, ModelConfig config, Hyper hyper, long step, Codec codec) {
    NDManager manager = NDManager.newBaseManager();
    byte[] bytes = published.toSafetensors();
    DenoiserWeights params = copy(manager, config, bytes);
    DenoiserWeights ema = copy(manager, config, bytes);
    DenoiserWeights m = zeros(manager, config, params);
    DenoiserWeights v = zeros(manager, config, params);
    return new Trainer(manager, config, hyper, params, ema, m, v, step, step, codec);
  }

  /** Reads a pixel model's state {@link #save} wrote into {@code dir}. */
  public static Trainer load(Path dir, ModelConfig config, Hyper hyper, long step, long momentsFrom)
      throws IOException {
    return load(dir, config, hyper, step, momentsFrom, null);
  }

  /** Reads the state {@link #save} wrote into {@code dir}; a latent model's with its codec. */
  public static Trainer load(
      Path dir, ModelConfig config, Hyper hyper, long step, long momentsFrom, Codec codec)
      throws IOException {
    NDManager manager = NDManager.newBaseManager();
    try {
      return new Trainer(
          manager,
          config,
          hyper,
          read(manager, config, dir.resolve(PARAMS)),
          read(manager, config, dir.resolve(EMA)),
          read(manager, config, dir.resolve(ADAM_M)),
          read(manager, config, dir.resolve(ADAM_V)),
          step,
          momentsFrom,
          codec);
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** Writes parameters, EMA and Adam moments (safetensors) into {@code dir}. */
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    write(dir.resolve(PARAMS), params.toSafetensors());
    write(dir.resolve(EMA), ema.toSafetensors());
    write(dir.resolve(ADAM_M), adamM.toSafetensors());
    write(dir.resolve(ADAM_V), adamV.toSafetensors());
  }

  public long step() {
    return step;
  }

  /** A latent model's codec, or null. */
  public Codec codec() {
    return codec;
  }

  public long momentsFrom() {
    return momentsFrom;
  }

  public DenoiserWeights parameters() {
    return params;
  }

  public DenoiserWeights ema() {
    return ema;
  }

  DenoiserWeights adamM() {
    return adamM;
  }

  DenoiserWeights adamV() {
    return adamV;
  }

  /**
   * One Adam step on {@code batch}: noise and uniform times drawn from {@code (noiseSeed, step)},
   * {@code x_t = (1−t)·noise + t·data}, target velocity {@code data − noise}, loss = MSE(video) +
   * MSE(audio), global-norm clipping, then the EMA update.
   */
  public Losses train(Batch batch, long noiseSeed) {
    Noised n = noised(clean(batch), ClipSource.mix(noiseSeed ^ ClipSource.mix(step)));
    float[] t = n.t;
    try (NDManager sm = manager.newSubManager()) {
      NDArray xt = sm.create(n.video[0], n.videoShape);
      NDArray vTarget = sm.create(n.video[1], n.videoShape);
      NDArray yt = sm.create(n.mel[0], n.melShape);
      NDArray aTarget = sm.create(n.mel[1], n.melShape);
      NDArray vMask = sm.create(n.videoMask, n.videoMaskShape);
      NDArray aMask = melMask(sm, batch);
      float lossV;
      float lossA;
      float mseV;
      float mseA;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDList out = denoiser.forward(xt, yt, t, batch.captions());
        NDArray sqV = out.get(0).sub(vTarget).square();
        NDArray sqA = out.get(1).sub(aTarget).square();
        NDArray lv = weightedMean(sqV, vMask, hyper.foregroundAlpha());
        NDArray la = weightedMean(sqA, aMask, hyper.onsetAlpha());
        gc.backward(lv.add(la));
        lossV = lv.getFloat();
        lossA = la.getFloat();
        mseV = hyper.foregroundAlpha() == 0 ? lossV : sqV.mean().getFloat();
        mseA = hyper.onsetAlpha() == 0 ? lossA : sqA.mean().getFloat();
      }

      float norm =
          Adam.update(
              sm,
              params.asMap(),
              adamM.asMap(),
              adamV.asMap(),
              ema.asMap(),
              hyper,
              step - momentsFrom,
              step,
              hyper.emaDecayAt(step));
      step++;
      return new Losses(lossV, lossA, norm, mseV, mseA);
    }
  }

  /**
   * The loss of the current parameters on {@code batch} with noise and times drawn from {@code
   * seed}, without training (no graph, no update): what the overfit check compares.
   */
  public Losses measure(Batch batch, long seed) {
    Noised n = noised(clean(batch), seed);
    try (NDManager sm = manager.newSubManager()) {
      NDList out =
          denoiser.forward(
              sm.create(n.video[0], n.videoShape),
              sm.create(n.mel[0], n.melShape),
              n.t,
              batch.captions());
      NDArray sqV = out.get(0).sub(sm.create(n.video[1], n.videoShape)).square();
      NDArray sqA = out.get(1).sub(sm.create(n.mel[1], n.melShape)).square();
      return new Losses(
          weightedMean(sqV, sm.create(n.videoMask, n.videoMaskShape), hyper.foregroundAlpha())
              .getFloat(),
          weightedMean(sqA, melMask(sm, batch), hyper.onsetAlpha()).getFloat(),
          Float.NaN,
          sqV.mean().getFloat(),
          sqA.mean().getFloat());
    }
  }

  /**
   * {@code mean(w·squared) / mean(w)} with {@code w = 1 + alpha·mask}, the mask broadcast over the
   * axes where it has size 1 (channels, mel bins); plain {@code mean(squared)} when alpha is 0.
   * Dividing by {@code mean(w)} keeps the loss on the MSE's scale whatever share the mask covers,
   * so the learning rate and clipping mean the same.
   */
  static NDArray weightedMean(NDArray squared, NDArray mask, float alpha) {
    if (alpha == 0) {
      return squared.mean();
    }
    NDArray w = mask.mul(alpha).addi(1);
    return squared.mul(w).mean().div(w.mean());
  }

  private static NDArray melMask(NDManager sm, Batch b) {
    return sm.create(b.melMask(), new Shape(b.texts().size(), 1, b.columns()));
  }

  /**
   * What the flow learns on: the batch as it is, or its scaled latents, whose foreground mask marks
   * a latent cell when any pixel it covers is foreground (a ball a few pixels wide must still count
   * in the cell that draws it).
   */
  private record Clean(
      float[] video,
      float[] mel,
      Shape videoShape,
      Shape melShape,
      float[] videoMask,
      Shape videoMaskShape) {}

  private Clean clean(Batch batch) {
    int b = batch.texts().size();
    if (codec == null) {
      return new Clean(
          batch.video(),
          batch.mel(),
          new Shape(b, 3, batch.frames(), batch.size(), batch.size()),
          new Shape(b, MelScale.BINS, batch.columns()),
          batch.videoMask(),
          new Shape(b, 1, batch.frames(), batch.size(), batch.size()));
    }
    try (NDManager sm = manager.newSubManager()) {
      NDArray zv = codec.encodeVideo(TrainCodec.video(sm, batch));
      NDArray za = codec.encodeAudio(TrainCodec.mel(sm, batch));
      int g = config.stateSide();
      return new Clean(
          zv.toFloatArray(),
          za.toFloatArray(),
          zv.getShape(),
          za.getShape(),
          pooledMask(batch.videoMask(), b * batch.frames(), batch.size(), g),
          new Shape(b, 1, batch.frames(), g, g));
    }
  }

  /** Max-pools {@code planes} square masks of side {@code size} to side {@code grid}. */
  static float[] pooledMask(float[] mask, int planes, int size, int grid) {
    int cell = size / grid;
    float[] out = new float[planes * grid * grid];
    for (int p = 0; p < planes; p++) {
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          if (mask[(p * size + y) * size + x] != 0) {
            out[(p * grid + y / cell) * grid + x / cell] = 1;
          }
        }
      }
    }
    return out;
  }

  private record Noised(
      float[] t,
      float[][] video,
      float[][] mel,
      Shape videoShape,
      Shape melShape,
      float[] videoMask,
      Shape videoMaskShape) {}

  private static Noised noised(Clean clean, long seed) {
    int b = Math.toIntExact(clean.videoShape().get(0));
    SplittableRandom random = new SplittableRandom(seed);
    float[] t = new float[b];
    for (int i = 0; i < b; i++) {
      t[i] = (float) random.nextDouble();
    }
    return new Noised(
        t,
        interpolate(clean.video(), t, random),
        interpolate(clean.mel(), t, random),
        clean.videoShape(),
        clean.melShape(),
        clean.videoMask(),
        clean.videoMaskShape());
  }

  /** {@code [x_t, target]} for clean data {@code x1}, per-row times and fresh noise. */
  private static float[][] interpolate(float[] data, float[] t, SplittableRandom random) {
    int per = data.length / t.length;
    float[] xt = new float[data.length];
    float[] target = new float[data.length];
    for (int i = 0; i < data.length; i++) {
      float tt = t[i / per];
      float noise = (float) random.nextGaussian();
      xt[i] = (1 - tt) * noise + tt * data[i];
      target[i] = data[i] - noise;
    }
    return new float[][] {xt, target};
  }

  private static DenoiserWeights copy(NDManager manager, ModelConfig config, byte[] safetensors) {
    return DenoiserWeights.fromSafetensors(manager, config, safetensors);
  }

  private static DenoiserWeights zeros(
      NDManager manager, ModelConfig config, DenoiserWeights like) {
    NDList list = new NDList();
    try (NDManager tmp = manager.newSubManager()) {
      for (Map.Entry<String, NDArray> e : like.asMap().entrySet()) {
        NDArray z = tmp.zeros(e.getValue().getShape());
        z.setName(e.getKey());
        list.add(z);
      }
      return copy(manager, config, list.encode(NDList.Encoding.SAFETENSORS));
    }
  }

  private static DenoiserWeights read(NDManager manager, ModelConfig config, Path file)
      throws IOException {
    return copy(manager, config, Files.readAllBytes(file));
  }

  private static void write(Path file, byte[] bytes) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public void close() {
    manager.close();
  }
}
