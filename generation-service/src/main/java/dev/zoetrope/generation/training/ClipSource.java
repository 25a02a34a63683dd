package dev.zoetrope.generation.training;

import dev.zoetrope.generation.model.Denoiser;
import dev.zoetrope.generation.model.MelScale;
import dev.zoetrope.generation.model.ModelConfig;
import dev.zoetrope.generation.model.PromptTokenizer;
import dev.zoetrope.generation.world.HeldOutSplit;
import dev.zoetrope.generation.world.MelSpectrogram;
import dev.zoetrope.generation.world.RenderSettings;
import dev.zoetrope.generation.world.Scene;
import dev.zoetrope.generation.world.SceneGenerator;
import dev.zoetrope.generation.world.SceneTemplate;
import dev.zoetrope.generation.world.VideoFrames;
import dev.zoetrope.generation.world.WorldClip;
import dev.zoetrope.generation.world.WorldRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Training batches rendered on the fly from the world, deterministic by dataset seed and step:
 * batch {@code s} is always the same clips with the same caption dropouts, so a resumed run sees
 * exactly the data an uninterrupted one would. Only {@link HeldOutSplit.Part#TRAIN} captions are
 * used.
 *
 * <p>Frame {@code j} shows the world at {@code (j + 0.5)/fps} and mel columns {@code 4j..4j+3}
 * cover {@code [j/fps, (j+1)/fps)}: sound and picture of one frame sit at the same index.
 */
public final class ClipSource {
  private final long datasetSeed;
  private final int seconds;
  private final ModelConfig config;
  private final float captionDropout;
  private final RenderSettings settings;
  private final MelSpectrogram mel = MelSpectrogram.standard();
  private final PromptTokenizer tokenizer = new PromptTokenizer();
  private final double singleEntityWeight;

  public ClipSource(long datasetSeed, int seconds, ModelConfig config, float captionDropout) {
    this(datasetSeed, seconds, config, captionDropout, 1.0);
  }

  /**
   * @param singleEntityWeight how much likelier a template with one object or one character is to
   *     be drawn than any other; 1 draws templates uniformly, exactly as {@link
   *     SceneGenerator#generate(long, double)} does (the same clips for the same seed)
   */
  public ClipSource(
      long datasetSeed,
      int seconds,
      ModelConfig config,
      float captionDropout,
      double singleEntityWeight) {
    if (!(singleEntityWeight > 0) || Double.isInfinite(singleEntityWeight)) {
      throw new IllegalArgumentException("the single-entity weight must be positive and finite");
    }
    this.singleEntityWeight = singleEntityWeight;
    this.datasetSeed = datasetSeed;
    this.seconds = seconds;
    this.config = config;
    this.captionDropout = captionDropout;
    this.settings = RenderSettings.square(config.size(), config.fps());
    if (mel.columnsPerSecond() != (double) config.fps() * config.melColumnsPerFrame()) {
      throw new IllegalStateException("mel rate does not match the model's columns per frame");
    }
  }

  /** Batch number {@code step} of {@code size} clips. */
  public Batch batch(long step, int size) {
    int frames = config.frames(seconds);
    int columns = frames * config.melColumnsPerFrame();
    int px = config.size() * config.size();
    int vocab = config.vocabularySize();
    float[] video = new float[size * 3 * frames * px];
    float[] melOut = new float[size * MelScale.BINS * columns];
    float[] captions = new float[size * vocab];
    float[] videoMask = new float[size * frames * px];
    float[] melMask = new float[size * columns];
    List<String> texts = new ArrayList<>();
    SplittableRandom rows = new SplittableRandom(mix(datasetSeed ^ mix(step + 0x51ED27L)));
    for (int r = 0; r < size; r++) {
      WorldRenderer.Masked masked = trainingClip(rows);
      WorldClip clip = masked.clip();
      System.arraycopy(masked.foreground(), 0, videoMask, r * frames * px, frames * px);
      onsetColumns(clip.events().soundOnsetsS(), melMask, r * columns, columns);
      VideoFrames v = clip.video();
      if (v.frames() != frames || v.width() != config.size()) {
        throw new IllegalStateException("world rendered " + v.frames() + " frames, want " + frames);
      }
      float[] src = v.data();
      int base = r * 3 * frames * px;
      for (int t = 0; t < frames; t++) {
        for (int p = 0; p < px; p++) {
          int s = (t * px + p) * 3;
          for (int c = 0; c < 3; c++) {
            video[base + (c * frames + t) * px + p] = src[s + c] * 2f - 1f;
          }
        }
      }
      float[][] m = mel.compute(clip.audio());
      if (m[0].length != columns) {
        throw new IllegalStateException("mel has " + m[0].length + " columns, want " + columns);
      }
      for (int b = 0; b < MelScale.BINS; b++) {
        System.arraycopy(m[b], 0, melOut, (r * MelScale.BINS + b) * columns, columns);
      }
      boolean drop = rows.nextFloat() < captionDropout;
      int[] tokens = drop ? new int[0] : tokenizer.encode(clip.caption());
      System.arraycopy(Denoiser.captionWeights(tokens, vocab), 0, captions, r * vocab, vocab);
      texts.add(drop ? "" : clip.caption());
    }
    return new Batch(
        config.size(), frames, columns, video, melOut, captions, videoMask, melMask, texts);
  }

  /**
   * Marks the mel columns that carry each onset: the column it falls in, the one before (the
   * analysis window, two columns wide and centred on its column, lights a band a column early) and
   * the two after (the attack and the start of the decay) — one video frame's worth, 125 ms.
   */
  void onsetColumns(double[] onsetsS, float[] mask, int offset, int columns) {
    for (double t : onsetsS) {
      int c = (int) Math.floor(t * mel.columnsPerSecond());
      for (int k = c - 1; k <= c + 2; k++) {
        if (k >= 0 && k < columns) {
          mask[offset + k] = 1;
        }
      }
    }
  }

  private WorldRenderer.Masked trainingClip(SplittableRandom rows) {
    while (true) {
      long seed = rows.nextLong() & Long.MAX_VALUE;
      Scene scene;
      try {
        scene =
            singleEntityWeight == 1.0
                ? SceneGenerator.generate(seed, seconds)
                : SceneGenerator.generate(
                    seed,
                    weightedTemplate(rows.nextDouble(), singleEntityWeight),
                    seconds,
                    Optional.empty());
      } catch (IllegalStateException e) {
        continue; // the template's event does not fit in so short a clip: draw another
      }
      if (HeldOutSplit.of(scene) == HeldOutSplit.Part.TRAIN) {
        return WorldRenderer.renderMasked(scene, settings);
      }
    }
  }

  /**
   * The template at {@code u} (uniform in [0, 1)) of the cumulative weights: each single-entity
   * template {@code singleEntityWeight}, every other one 1, in {@link
   * SceneGenerator#SCENE_TEMPLATES} order.
   */
  static SceneTemplate weightedTemplate(double u, double singleEntityWeight) {
    double total = 0;
    for (SceneTemplate t : SceneGenerator.SCENE_TEMPLATES) {
      total += weight(t, singleEntityWeight);
    }
    double r = u * total;
    for (SceneTemplate t : SceneGenerator.SCENE_TEMPLATES) {
      r -= weight(t, singleEntityWeight);
      if (r < 0) {
        return t;
      }
    }
    return SceneGenerator.SCENE_TEMPLATES.getLast();
  }

  private static double weight(SceneTemplate t, double singleEntityWeight) {
    return t.roles().size() == 1 ? singleEntityWeight : 1.0;
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
