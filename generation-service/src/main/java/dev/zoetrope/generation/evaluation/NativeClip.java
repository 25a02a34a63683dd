package dev.zoetrope.generation.evaluation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.zoetrope.generation.model.Codec;
import dev.zoetrope.generation.model.MelScale;
import dev.zoetrope.generation.model.SampledClip;
import dev.zoetrope.generation.render.MelSynthesizer;
import dev.zoetrope.generation.world.MelSpectrogram;
import dev.zoetrope.generation.world.VideoFrames;
import dev.zoetrope.generation.world.WorldClip;

/**
 * A clip in the model's native format as every evaluation row sees it: {@code size×size} RGB frames
 * in [0, 1] (layout of {@link VideoFrames}) at {@code fps}, frame {@code j} showing the instant
 * {@code (j + 0.5) / fps}, and a 16 kHz waveform made by {@link MelSynthesizer} from a 32-bin
 * log-mel with 4 columns per frame. Model output and ground truth both pass through this shape, so
 * the detectors measure the same kind of signal for every row.
 */
public record NativeClip(VideoFrames video, float[] wave, int seconds) {
  public static final int SAMPLE_RATE = MelScale.SAMPLE_RATE;

  /** A sampled clip: pixels from [-1, 1] clamped to [0, 1], mel synthesised as the worker does. */
  public static NativeClip of(SampledClip clip, int seconds) {
    int n = clip.frames();
    int size = clip.size();
    int plane = size * size;
    float[] v = clip.video();
    float[] rgb = new float[n * plane * 3];
    for (int c = 0; c < 3; c++) {
      for (int f = 0; f < n; f++) {
        for (int i = 0; i < plane; i++) {
          float x = (v[(c * n + f) * plane + i] + 1f) * 0.5f;
          rgb[(f * plane + i) * 3 + c] = x < 0 ? 0 : (x > 1 ? 1 : x);
        }
      }
    }
    return new NativeClip(
        new VideoFrames(n, size, size, (double) n / seconds, rgb),
        MelSynthesizer.synthesize(clip.mel(), clip.columns(), seconds),
        seconds);
  }

  /**
   * The world's own clip (rendered at the native size and rate) with its soundtrack reduced to the
   * model's log-mel and synthesised back: the upper bound a perfect model could reach.
   */
  public static NativeClip of(WorldClip clip, int columnsPerFrame) {
    VideoFrames video = clip.video();
    int seconds = (int) Math.round(clip.scene().durationS());
    return new NativeClip(
        video,
        melRoundTrip(
            clip.audio(), video.fps() * columnsPerFrame, video.frames() * columnsPerFrame, seconds),
        seconds);
  }

  /**
   * The world's own clip encoded and decoded by a latent model's {@code codec}: the upper bound of
   * that model, which can draw and sound nothing its decoder cannot.
   */
  public static NativeClip throughCodec(WorldClip clip, int columnsPerFrame, Codec codec) {
    VideoFrames v = clip.video();
    int n = v.frames();
    int size = v.width();
    int plane = size * size;
    float[] rgb = v.data();
    float[] pixels = new float[3 * n * plane];
    for (int f = 0; f < n; f++) {
      for (int i = 0; i < plane; i++) {
        for (int c = 0; c < 3; c++) {
          pixels[(c * n + f) * plane + i] = rgb[(f * plane + i) * 3 + c] * 2f - 1f;
        }
      }
    }
    int columns = n * columnsPerFrame;
    float[][] mel = new MelSpectrogram(v.fps() * columnsPerFrame).compute(clip.audio());
    float[] flat = new float[MelScale.BINS * columns];
    java.util.Arrays.fill(flat, -1f);
    for (int b = 0; b < MelScale.BINS; b++) {
      System.arraycopy(mel[b], 0, flat, b * columns, Math.min(columns, mel[b].length));
    }
    int seconds = (int) Math.round(clip.scene().durationS());
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(pixels, new Shape(1, 3, n, size, size));
      NDArray y = m.create(flat, new Shape(1, MelScale.BINS, columns));
      return of(
          new SampledClip(
              n,
              size,
              codec.decodeVideo(codec.encodeVideo(x)).toFloatArray(),
              codec.decodeAudio(codec.encodeAudio(y)).toFloatArray(),
              columns),
          seconds);
    }
  }

  /**
   * A waveform as the native format keeps it: reduced to {@code columns} log-mel columns at {@code
   * columnsPerSecond} and synthesised back to {@code seconds} of sound.
   */
  static float[] melRoundTrip(float[] wave, double columnsPerSecond, int columns, int seconds) {
    float[][] mel = new MelSpectrogram(columnsPerSecond).compute(wave);
    float[] flat = new float[MelScale.BINS * columns];
    java.util.Arrays.fill(flat, -1f);
    for (int b = 0; b < MelScale.BINS; b++) {
      System.arraycopy(mel[b], 0, flat, b * columns, Math.min(columns, mel[b].length));
    }
    return MelSynthesizer.synthesize(flat, columns, seconds);
  }

  /** The same picture with the sound moved {@code offsetS} later (negative: earlier). */
  public NativeClip withAudioOffset(double offsetS) {
    int shift = (int) Math.round(offsetS * MelScale.SAMPLE_RATE);
    float[] out = new float[wave.length];
    for (int i = 0; i < out.length; i++) {
      int j = i - shift;
      out[i] = j >= 0 && j < wave.length ? wave[j] : 0f;
    }
    return new NativeClip(video, out, seconds);
  }
}
