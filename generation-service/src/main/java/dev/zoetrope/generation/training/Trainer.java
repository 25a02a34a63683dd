package dev.zoetrope.generation.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.zoetrope.generation.model.Denoiser;
import dev.zoetrope.generation.model.DenoiserWeights;
import dev.zoetrope.generation.model.MelScale;
import dev.zoetrope.generation.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
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
      long momentsFrom) {
    this.manager = manager;
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
    this.denoiser = new Denoiser(params);
  }

  /** A fresh run: the model's seeded initialisation, EMA equal to it, zero moments. */
  public static Trainer start(ModelConfig config, Hyper hyper, long initSeed) {
    NDManager manager = NDManager.newBaseManager();
    DenoiserWeights params = DenoiserWeights.initialize(manager, config, initSeed);
    DenoiserWeights ema = copy(manager, config, params.toSafetensors());
    DenoiserWeights m = zeros(manager, config, params);
    DenoiserWeights v = zeros(manager, config, params);
    return new Trainer(manager, config, hyper, params, ema, m, v, 0, 0);
  }

  /**
   * Continues from published weights (a model package holds only the EMA): parameters and EMA both
   * start from them, the moments from zero at {@code step}.
   */
  public static Trainer continueFrom(
      DenoiserWeights published, ModelConfig config, Hyper hyper, long step) {
    NDManager manager = NDManager.newBaseManager();
    byte[] bytes = published.toSafetensors();
    DenoiserWeights params = copy(manager, config, bytes);
    DenoiserWeights ema = copy(manager, config, bytes);
    DenoiserWeights m = zeros(manager, config, params);
    DenoiserWeights v = zeros(manager, config, params);
    return new Trainer(manager, config, hyper, params, ema, m, v, step, step);
  }

  /** Reads the state {@link #save} wrote into {@code dir}. */
  public static Trainer load(Path dir, ModelConfig config, Hyper hyper, long step, long momentsFrom)
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
          momentsFrom);
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
    Noised n = noised(batch, ClipSource.mix(noiseSeed ^ ClipSource.mix(step)));
    float[] t = n.t;
    try (NDManager sm = manager.newSubManager()) {
      NDArray xt = sm.create(n.video[0], n.videoShape);
      NDArray vTarget = sm.create(n.video[1], n.videoShape);
      NDArray yt = sm.create(n.mel[0], n.melShape);
      NDArray aTarget = sm.create(n.mel[1], n.melShape);
      NDArray vMask = videoMask(sm, batch);
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

      Map<String, NDArray> grads = new LinkedHashMap<>();
      NDArray sumSq = null;
      for (Map.Entry<String, NDArray> e : params.asMap().entrySet()) {
        NDArray g = e.getValue().getGradient();
        g.attach(sm); // the wrapper dies with the step; the gradient stays on the parameter
        grads.put(e.getKey(), g);
        NDArray s = g.square().sum();
        sumSq = sumSq == null ? s : sumSq.add(s);
      }
      float norm = (float) Math.sqrt(sumSq.getFloat());
      double scale = norm > hyper.clipNorm() ? hyper.clipNorm() / (norm + 1e-6) : 1.0;

      long s1 = step - momentsFrom + 1;
      double lr = hyper.learningRateAt(step - momentsFrom);
      double bc1 = 1 - Math.pow(hyper.beta1(), s1);
      double bc2 = 1 - Math.pow(hyper.beta2(), s1);
      double decay = hyper.emaDecayAt(step);
      for (Map.Entry<String, NDArray> e : grads.entrySet()) {
        String name = e.getKey();
        NDArray g = e.getValue();
        NDArray p = params.get(name);
        NDArray m = adamM.get(name);
        NDArray v = adamV.get(name);
        NDArray avg = ema.get(name);
        p.tempAttach(sm);
        m.tempAttach(sm);
        v.tempAttach(sm);
        avg.tempAttach(sm);
        NDArray gs = g.mul(scale);
        m.muli(hyper.beta1()).addi(gs.mul(1 - hyper.beta1()));
        v.muli(hyper.beta2()).addi(gs.square().muli(1 - hyper.beta2()));
        NDArray update = m.div(bc1).divi(v.div(bc2).sqrt().addi(hyper.epsilon())).muli(lr);
        p.subi(update);
        avg.muli(decay).addi(p.mul(1 - decay));
        g.muli(0);
      }
      step++;
      return new Losses(lossV, lossA, norm, mseV, mseA);
    }
  }

  /**
   * The loss of the current parameters on {@code batch} with noise and times drawn from {@code
   * seed}, without training (no graph, no update): what the overfit check compares.
   */
  public Losses measure(Batch batch, long seed) {
    Noised n = noised(batch, seed);
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
          weightedMean(sqV, videoMask(sm, batch), hyper.foregroundAlpha()).getFloat(),
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

  private static NDArray videoMask(NDManager sm, Batch b) {
    int rows = b.texts().size();
    return sm.create(b.videoMask(), new Shape(rows, 1, b.frames(), b.size(), b.size()));
  }

  private static NDArray melMask(NDManager sm, Batch b) {
    return sm.create(b.melMask(), new Shape(b.texts().size(), 1, b.columns()));
  }

  private record Noised(
      float[] t, float[][] video, float[][] mel, Shape videoShape, Shape melShape) {}

  private static Noised noised(Batch batch, long seed) {
    int b = batch.texts().size();
    SplittableRandom random = new SplittableRandom(seed);
    float[] t = new float[b];
    for (int i = 0; i < b; i++) {
      t[i] = (float) random.nextDouble();
    }
    return new Noised(
        t,
        interpolate(batch.video(), t, random),
        interpolate(batch.mel(), t, random),
        new Shape(b, 3, batch.frames(), batch.size(), batch.size()),
        new Shape(b, MelScale.BINS, batch.columns()));
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
