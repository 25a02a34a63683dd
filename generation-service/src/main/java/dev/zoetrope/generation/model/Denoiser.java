package dev.zoetrope.generation.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.convolutional.Conv3d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

/**
 * The joint video+audio flow-matching network, written as plain functions over {@link
 * DenoiserWeights} so the same code serves sampling and (under a GradientCollector) training.
 *
 * <p>Video: a strided Conv3d "patchify" turns {@code (B,3,T,32,32)} into a {@code (B,C,T,8,8)} grid
 * plus a learned <em>spatial</em> position embedding; each block runs a 1×3×3 spatial conv then a
 * 3×1×1 temporal conv with growing dilation. Audio: a Conv1d branch over {@code (B,32,4T)} mel
 * columns. Every block couples the two (per-frame mean of video → that frame's four audio columns,
 * per-frame mean of audio → the whole frame) and is modulated (FiLM) by a sinusoidal-timestep MLP
 * plus the mean caption-token embedding. Some blocks add self-attention over per-frame global
 * tokens with an ALiBi distance bias, so frames agree on where things are; {@link
 * ModelConfig#latentGrid()} also attends among the grid cells of each frame, so every cell sees the
 * whole frame. Nothing depends on an absolute frame index: any clip length works.
 *
 * <p>Stateless and thread-safe. Every array it creates belongs to the manager of its {@code video}
 * input; weights are never the first operand of an op, so nothing accumulates in the weights'
 * manager (DJL gives an op's result to its first operand's manager).
 */
public final class Denoiser implements VelocityModel {
  private static final float EPS = 1e-5f;

  private final DenoiserWeights w;
  private final ModelConfig c;
  private final Codec codec;

  /** A network that denoises pixels and mel columns. */
  public Denoiser(DenoiserWeights weights) {
    this(weights, null);
  }

  /**
   * A network over {@code codec}'s latents when its configuration names a codec ({@link
   * ModelConfig#latent()}), else over pixels and mel columns ({@code codec} null).
   */
  public Denoiser(DenoiserWeights weights, Codec codec) {
    this.w = weights;
    this.c = weights.config();
    if ((c.codec() == null) != (codec == null)
        || (codec != null && !codec.config().equals(c.codec()))) {
      throw new IllegalArgumentException("the codec does not match the model's configuration");
    }
    this.codec = codec;
  }

  @Override
  public Codec codec() {
    return codec;
  }

  @Override
  public ModelConfig config() {
    return c;
  }

  public DenoiserWeights weights() {
    return w;
  }

  /**
   * Predicts the flow velocity (data − noise) at time {@code t} (0 = noise, 1 = data).
   *
   * @param video {@code (B, 3, T, size, size)}, or for a latent model the scaled latent {@code (B,
   *     latent, T, grid, grid)}
   * @param audio {@code (B, bins, columnsPerFrame*T)}, or the latent {@code (B, latent,
   *     columnsPerFrame*T)}
   * @param t one time per batch row
   * @param captions {@code B × vocabularySize} row-major token weights (a caption's bag of words,
   *     each row summing to 1; see {@link #captionWeights})
   * @return video and audio velocities, shaped like the inputs
   */
  @Override
  public NDList forward(NDArray video, NDArray audio, float[] t, float[] captions) {
    NDManager m = video.getManager();
    Shape vs = video.getShape();
    long b = vs.get(0);
    long frames = vs.get(2);
    int cv = c.videoChannels();
    int ca = c.audioChannels();
    int g = c.grid();
    int cols = c.melColumnsPerFrame();

    NDArray time = m.create(timeFeatures(t), new Shape(b, c.timeFrequencies()));
    NDArray cond = linear(silu(linear(time, "time.fc1")), "time.fc2");
    NDArray text =
        m.create(captions, new Shape(b, c.vocabularySize())).matMul(w.get("text.embedding"));
    cond = silu(cond.add(text));

    NDArray h =
        Conv3d.conv3d(
                video,
                w.get("video.stem.weight"),
                w.get("video.stem.bias"),
                new Shape(1, c.patch(), c.patch()))
            .singletonOrThrow()
            .add(w.get("video.pos"));
    NDArray a = conv1d(audio, "audio.stem", 1);

    for (int i = 0; i < c.blocks(); i++) {
      String k = "blocks." + i + ".";
      NDList film = linear(cond, k + "film").split(new long[] {cv, 2L * cv, 2L * cv + ca}, 1);
      NDArray vScale = film.get(0).reshape(b, cv, 1, 1, 1);
      NDArray vShift = film.get(1).reshape(b, cv, 1, 1, 1);
      NDArray aScale = film.get(2).reshape(b, ca, 1);
      NDArray aShift = film.get(3).reshape(b, ca, 1);

      int dil = c.temporalDilation(i);
      NDArray hv = silu(groupNorm(h).mul(vScale.add(1)).add(vShift));
      hv = silu(conv3d(hv, k + "video.spatial", new Shape(0, 1, 1), new Shape(1, 1, 1)));
      hv = conv3d(hv, k + "video.temporal", new Shape(dil, 0, 0), new Shape(dil, 1, 1));
      h = h.add(hv);

      NDArray ha = silu(groupNorm(a).mul(aScale.add(1)).add(aShift));
      ha = silu(conv1d(ha, k + "audio.conv1", 2 * dil));
      a = a.add(conv1d(ha, k + "audio.conv2", 1));

      NDArray videoPerFrame = h.reshape(b, cv, frames, (long) g * g).mean(new int[] {3});
      NDArray audioPerFrame = a.reshape(b, ca, frames, cols).mean(new int[] {3});
      a =
          a.reshape(b, ca, frames, cols)
              .add(conv1d(videoPerFrame, k + "couple.v2a", 1).expandDims(3))
              .reshape(b, ca, frames * cols);
      h = h.add(conv1d(audioPerFrame, k + "couple.a2v", 1).reshape(b, cv, frames, 1, 1));

      if (c.gridAttentionBlocks().contains(i)) {
        h = h.add(gridAttention(h, k + "grid."));
      }
      if (c.attentionBlocks().contains(i)) {
        h = h.add(frameAttention(h, k + "attn.").reshape(b, cv, frames, 1, 1));
      }
    }

    NDArray vOut = conv3d(silu(groupNorm(h)), "video.out", new Shape(0, 0, 0), new Shape(1, 1, 1));
    int p = c.patch();
    int rgb = c.stateChannels();
    NDArray vel =
        vOut.reshape(b, rgb, p, p, frames, g, g)
            .transpose(0, 1, 4, 5, 2, 6, 3)
            .reshape(b, rgb, frames, c.stateSide(), c.stateSide());
    NDArray aVel = conv1d(silu(groupNorm(a)), "audio.out", 1);
    return new NDList(vel, aVel);
  }

  /**
   * Self-attention across frames over one global token per frame (the frame's spatial mean). The
   * ALiBi bias (−slope·|i−j| per head) gives relative order without a learned position table.
   */
  private NDArray frameAttention(NDArray h, String k) {
    Shape s = h.getShape();
    long cv = s.get(1);
    long frames = s.get(2);
    NDArray tokens = h.reshape(s.get(0), cv, frames, s.get(3) * s.get(4)).mean(new int[] {3});
    NDArray bias =
        h.getManager()
            .create(
                alibi(c.attentionHeads(), (int) frames),
                new Shape(1, c.attentionHeads(), frames, frames));
    return selfAttention(tokens.transpose(0, 2, 1), k, bias).transpose(0, 2, 1);
  }

  /**
   * Self-attention among the grid cells of each frame, frames apart: {@code (B, C, T, G, G)} in and
   * out. Positions come from the stem's learned spatial embedding, already in {@code h}.
   */
  private NDArray gridAttention(NDArray h, String k) {
    Shape s = h.getShape();
    long b = s.get(0);
    long cv = s.get(1);
    long frames = s.get(2);
    NDArray tokens = h.transpose(0, 2, 3, 4, 1).reshape(b * frames, s.get(3) * s.get(4), cv);
    return selfAttention(tokens, k, null)
        .reshape(b, frames, s.get(3), s.get(4), cv)
        .transpose(0, 4, 1, 2, 3);
  }

  /**
   * Pre-norm multi-head self-attention over {@code (N, L, C)} tokens, with an additive {@code bias}
   * on the scores (null: none); returns the output projection, {@code (N, L, C)}.
   */
  private NDArray selfAttention(NDArray tokens, String k, NDArray bias) {
    Shape s = tokens.getShape();
    long n = s.get(0);
    long length = s.get(1);
    long cv = s.get(2);
    int heads = c.attentionHeads();
    long dh = cv / heads;
    NDArray normed =
        LayerNorm.layerNorm(
                tokens, new Shape(cv), w.get(k + "norm.weight"), w.get(k + "norm.bias"), EPS)
            .singletonOrThrow();
    NDArray qkv =
        linear(normed, k + "qkv").reshape(n, length, 3, heads, dh).transpose(2, 0, 3, 1, 4);
    NDArray scores = qkv.get(0).matMul(qkv.get(1).transpose(0, 1, 3, 2)).mul(1.0 / Math.sqrt(dh));
    NDArray att = (bias == null ? scores : scores.add(bias)).softmax(3);
    NDArray out = att.matMul(qkv.get(2)).transpose(0, 2, 1, 3).reshape(n, length, cv);
    return linear(out, k + "out");
  }

  /** Row weights of one caption for {@link #forward}: its tokens' mean, or the null token. */
  public static float[] captionWeights(int[] tokens, int vocabularySize) {
    float[] row = new float[vocabularySize];
    if (tokens.length == 0) {
      row[PromptTokenizer.NULL] = 1;
      return row;
    }
    for (int id : tokens) {
      row[id] += 1f / tokens.length;
    }
    return row;
  }

  private float[] timeFeatures(float[] t) {
    int half = c.timeFrequencies() / 2;
    float[] out = new float[t.length * c.timeFrequencies()];
    for (int r = 0; r < t.length; r++) {
      for (int i = 0; i < half; i++) {
        double freq = Math.exp(-Math.log(10_000) * i / half);
        double arg = 1000.0 * t[r] * freq;
        out[r * 2 * half + i] = (float) Math.sin(arg);
        out[r * 2 * half + half + i] = (float) Math.cos(arg);
      }
    }
    return out;
  }

  private static float[] alibi(int heads, int frames) {
    float[] bias = new float[heads * frames * frames];
    for (int hd = 0; hd < heads; hd++) {
      double slope = Math.pow(2, -8.0 * (hd + 1) / heads);
      for (int i = 0; i < frames; i++) {
        for (int j = 0; j < frames; j++) {
          bias[(hd * frames + i) * frames + j] = (float) (-slope * Math.abs(i - j));
        }
      }
    }
    return bias;
  }

  /** GroupNorm without affine (FiLM follows it), as one fused layer_norm over each group. */
  private NDArray groupNorm(NDArray x) {
    Shape s = x.getShape();
    NDArray grouped = x.reshape(s.get(0), c.groups(), -1);
    long k = grouped.getShape().get(2);
    NDManager m = x.getManager();
    return LayerNorm.layerNorm(
            grouped, new Shape(k), m.ones(new Shape(k)), m.zeros(new Shape(k)), EPS)
        .singletonOrThrow()
        .reshape(s);
  }

  private NDArray linear(NDArray x, String name) {
    return Linear.linear(x, w.get(name + ".weight"), w.get(name + ".bias")).singletonOrThrow();
  }

  private NDArray conv3d(NDArray x, String name, Shape padding, Shape dilation) {
    return Conv3d.conv3d(
            x,
            w.get(name + ".weight"),
            w.get(name + ".bias"),
            new Shape(1, 1, 1),
            padding,
            dilation,
            1)
        .singletonOrThrow();
  }

  /** Same-length Conv1d: kernel 3 pads by the dilation, kernel 1 needs none. */
  private NDArray conv1d(NDArray x, String name, int dilation) {
    NDArray weight = w.get(name + ".weight");
    long kernel = weight.getShape().get(2);
    long pad = kernel == 1 ? 0 : dilation * (kernel - 1) / 2;
    return Conv1d.conv1d(
            x,
            weight,
            w.get(name + ".bias"),
            new Shape(1),
            new Shape(pad),
            new Shape(kernel == 1 ? 1 : dilation),
            1)
        .singletonOrThrow();
  }

  private static NDArray silu(NDArray x) {
    return x.mul(Activation.sigmoid(x));
  }
}
