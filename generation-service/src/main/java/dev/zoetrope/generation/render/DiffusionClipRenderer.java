package dev.zoetrope.generation.render;

import dev.zoetrope.generation.model.Conditioning;
import dev.zoetrope.generation.model.DiffusionModels;
import dev.zoetrope.generation.model.FlowSampler;
import dev.zoetrope.generation.model.MelScale;
import dev.zoetrope.generation.model.ModelConfig;
import dev.zoetrope.generation.model.PromptTokenizer;
import dev.zoetrope.generation.model.SampledClip;
import dev.zoetrope.generation.model.SamplingCancelledException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders a clip with the DJL diffusion model: sample at 32×32 / 8 fps, decode to 24 fps frames and
 * a 16 kHz waveform, letterbox to the requested size, encode MP4.
 *
 * <p>Thread-safe: the models are shared read-only, every call owns its arrays and its FFmpeg
 * recorder, so one instance serves every worker thread. Concurrent renders share the CPU (PyTorch
 * uses all cores for each), so more than one per machine mostly adds latency.
 *
 * <p>Conditioning (see {@link Conditioning}, all training-free): the negative prompt replaces the
 * null caption in guidance; subject descriptions add their tokens to the prompt's; a first frame is
 * fixed by replacement; a transform (remix, edit) is an SDEdit start from the source; an extension
 * fixes the window's first second to the source's last and splices. Bad reference media fails with
 * {@link IllegalArgumentException}.
 *
 * <p>Progress: denoising steps map to 1–90 (an SDEdit runs fewer steps, still ending at 90),
 * decoding to 95, the finished MP4 to 100.
 */
public class DiffusionClipRenderer implements ClipRenderer {
  static final int OUTPUT_FPS = 24;
  static final int MAX_SECONDS = 20;
  static final int MIN_SIDE = 16;
  static final int MAX_SIDE = 1920;

  /** How much of a source an extension sees (and keeps fixed) at the start of its window. */
  static final int OVERLAP_SECONDS = 1;

  private static final Logger log = LoggerFactory.getLogger(DiffusionClipRenderer.class);

  private final DiffusionModels models;
  private final PromptTokenizer tokenizer = new PromptTokenizer();

  public DiffusionClipRenderer(DiffusionModels models) {
    this.models = models;
  }

  @Override
  public RenderedClip render(RenderRequest request, Progress progress, Cancellation cancel)
      throws RenderCancelledException {
    validate(request);
    DiffusionModels.Loaded model = models.get(request.model());
    ModelConfig config = model.denoiser().config();
    int[] tokens = tokens(request);

    long t0 = System.nanoTime();
    int[] negative =
        model
            .version()
            .negativeTokens(tokens, tokenizer.encode(request.negativePrompt()), tokenizer);
    Plan plan = plan(request, config, negative);
    long sourceNanos = System.nanoTime() - t0;
    FlowSampler sampler = new FlowSampler(model.version().restarts());
    int steps =
        FlowSampler.stepsToRun(model.version().steps(), plan.conditioning())
            + model.version().restarts().extraSteps();
    SampledClip window;
    long t1 = System.nanoTime();
    try {
      window =
          sampler.sample(
              model.denoiser(),
              tokens,
              plan.conditioning(),
              plan.frames(),
              request.seed(),
              model.version().steps(),
              model.version().guidance(),
              (step, of) -> progress.update(Math.max(1, step * 90 / of)),
              cancel::cancelled);
    } catch (SamplingCancelledException e) {
      throw new RenderCancelledException(
          "render cancelled after " + e.completedSteps() + " of " + steps + " steps");
    }
    long t2 = System.nanoTime();
    if (cancel.cancelled()) {
      throw new RenderCancelledException("render cancelled after denoising");
    }
    SampledClip clip = plan.finish().apply(window);

    byte[][] frames = FrameDecoder.decode(clip, request.seconds(), OUTPUT_FPS);
    float[] wave = MelSynthesizer.synthesize(clip.mel(), clip.columns(), request.seconds());
    Letterbox letterbox = new Letterbox(clip.size(), request.width(), request.height());
    byte[] thumbnail = thumbnail(letterbox, frames[frames.length / 2]);
    byte[] spritesheet = Spritesheet.jpeg(frames, clip.size(), request.width(), request.height());
    progress.update(95);
    progress.stillsReady(thumbnail, spritesheet);
    RenderedClip.Measurements measurements = measure(frames, letterbox, request);
    long t3 = System.nanoTime();

    Mp4Encoder.Result mp4 =
        Mp4Encoder.encode(frames, letterbox, request.width(), request.height(), OUTPUT_FPS, wave);
    long t4 = System.nanoTime();
    progress.update(100);

    // Reading the source and scaling to the output size are decode work.
    long denoiseMs = (t2 - t1) / 1_000_000;
    long decodeMs = (sourceNanos + t3 - t2 + mp4.scaleNanos()) / 1_000_000;
    long encodeMs = (t4 - t3 - mp4.scaleNanos()) / 1_000_000;
    log.debug(
        "Rendered {} {}s {}x{} ({} tokens, {}, trained={}): denoise {} ms, decode {} ms, encode {} ms",
        request.model(),
        request.seconds(),
        request.width(),
        request.height(),
        tokens.length,
        request.reference().getClass().getSimpleName(),
        model.trained(),
        denoiseMs,
        decodeMs,
        encodeMs);
    return new RenderedClip(
        mp4.mp4(), thumbnail, spritesheet, denoiseMs, decodeMs, encodeMs, measurements);
  }

  /**
   * What moderation's output check needs, taken from the frames about to be encoded (ADR 0007):
   * exact for the letterboxed picture, and a fraction of a millisecond for a standard clip, where
   * decoding the encoded file again costs moderation a whole pass over 720×1280 frames.
   */
  private static RenderedClip.Measurements measure(
      byte[][] frames, Letterbox letterbox, RenderRequest request) {
    long[] timestamps = new long[frames.length];
    double[] luminance = new double[frames.length];
    for (int j = 0; j < frames.length; j++) {
      timestamps[j] = j * 1_000_000L / OUTPUT_FPS;
      luminance[j] = letterbox.meanLuminance(frames[j]);
    }
    // Mp4Encoder writes one H.264 stream and one AAC stream, always.
    return new RenderedClip.Measurements(
        1, 1, request.width(), request.height(), timestamps, luminance);
  }

  /** The prompt's tokens followed by each subject description's. */
  private int[] tokens(RenderRequest request) {
    IntStream all = IntStream.of(tokenizer.encode(request.prompt()));
    for (String subject : request.subjects()) {
      all = IntStream.concat(all, IntStream.of(tokenizer.encode(subject)));
    }
    return all.toArray();
  }

  /**
   * What to sample and how to make the finished clip of it.
   *
   * @param frames native frames the sampler produces
   * @param finish the sampled window to the finished clip of {@code fps × seconds} frames
   */
  private record Plan(Conditioning conditioning, int frames, UnaryOperator<SampledClip> finish) {}

  private Plan plan(RenderRequest request, ModelConfig config, int[] negative) {
    int frames = config.frames(request.seconds());
    Conditioning conditioning = Conditioning.NONE.withNegative(negative);
    return switch (request.reference()) {
      case RenderRequest.Reference.None none ->
          new Plan(conditioning, frames, UnaryOperator.identity());
      case RenderRequest.Reference.FirstFrame first -> {
        int plane = config.size() * config.size();
        float[] picture = SourceImage.decode(first.image(), config.size());
        float[] video = new float[3 * frames * plane];
        for (int rgb = 0; rgb < 3; rgb++) {
          System.arraycopy(picture, rgb * plane, video, rgb * frames * plane, plane);
        }
        boolean[] known = new boolean[frames];
        known[0] = true;
        yield new Plan(
            conditioning.withKnown(Conditioning.Known.frames(video, known)),
            frames,
            UnaryOperator.identity());
      }
      case RenderRequest.Reference.Transform transform -> {
        if (!(transform.strength() > 0 && transform.strength() <= 1)) {
          throw new IllegalArgumentException("strength must be in (0, 1]: " + transform.strength());
        }
        SourceClip source = SourceClip.decode(transform.sourceMp4(), config).fitted(frames);
        yield new Plan(
            conditioning.withStart(
                new Conditioning.Start(source.video(), source.mel(), transform.strength())),
            frames,
            UnaryOperator.identity());
      }
      case RenderRequest.Reference.Continue extension ->
          continuation(
              conditioning, SourceClip.decode(extension.sourceMp4(), config), request, config);
    };
  }

  /**
   * Samples a window whose first {@link #OVERLAP_SECONDS} of frames and columns are the source's
   * last ones (fixed by replacement), then splices: the whole source, then the window after the
   * overlap.
   */
  private static Plan continuation(
      Conditioning conditioning, SourceClip source, RenderRequest request, ModelConfig config) {
    int total = config.frames(request.seconds());
    int maxSource = config.frames(request.seconds() - 1);
    if (source.frames() > maxSource) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "the source video is %.2f s; an extension to %d s needs a source of at most %d s",
              source.frames() / (double) config.fps(),
              request.seconds(),
              request.seconds() - 1));
    }
    int overlap = Math.min(config.frames(OVERLAP_SECONDS), source.frames());
    int fresh = total - source.frames();
    int frames = overlap + fresh;
    int perFrame = config.melColumnsPerFrame();
    int plane = config.size() * config.size();
    int columns = frames * perFrame;
    float[] video = new float[3 * frames * plane];
    float[] mel = new float[MelScale.BINS * columns];
    boolean[] knownFrames = new boolean[frames];
    boolean[] knownColumns = new boolean[columns];
    int from = source.frames() - overlap;
    for (int rgb = 0; rgb < 3; rgb++) {
      System.arraycopy(
          source.video(),
          (rgb * source.frames() + from) * plane,
          video,
          rgb * frames * plane,
          overlap * plane);
    }
    for (int b = 0; b < MelScale.BINS; b++) {
      System.arraycopy(
          source.mel(),
          b * source.columns() + from * perFrame,
          mel,
          b * columns,
          overlap * perFrame);
    }
    Arrays.fill(knownFrames, 0, overlap, true);
    // A silent source leaves the sound free: silence is not something to continue.
    if (source.audio()) {
      Arrays.fill(knownColumns, 0, overlap * perFrame, true);
    }
    Conditioning.Known known =
        new Conditioning.Known(
            video, knownFrames, source.audio() ? mel : null, source.audio() ? knownColumns : null);
    return new Plan(
        conditioning.withKnown(known), frames, window -> splice(source, window, overlap, total));
  }

  private static SampledClip splice(SourceClip source, SampledClip window, int overlap, int total) {
    int plane = window.size() * window.size();
    int perFrame = window.columns() / window.frames();
    int columns = total * perFrame;
    int fresh = window.frames() - overlap;
    float[] video = new float[3 * total * plane];
    float[] mel = new float[MelScale.BINS * columns];
    for (int rgb = 0; rgb < 3; rgb++) {
      System.arraycopy(
          source.video(),
          rgb * source.frames() * plane,
          video,
          rgb * total * plane,
          source.frames() * plane);
      System.arraycopy(
          window.video(),
          (rgb * window.frames() + overlap) * plane,
          video,
          (rgb * total + source.frames()) * plane,
          fresh * plane);
    }
    for (int b = 0; b < MelScale.BINS; b++) {
      System.arraycopy(source.mel(), b * source.columns(), mel, b * columns, source.columns());
      System.arraycopy(
          window.mel(),
          b * window.columns() + overlap * perFrame,
          mel,
          b * columns + source.columns(),
          fresh * perFrame);
    }
    return new SampledClip(total, window.size(), video, mel, columns);
  }

  private static void validate(RenderRequest r) {
    if (r.seconds() < 1 || r.seconds() > MAX_SECONDS) {
      throw new IllegalArgumentException("seconds must be 1.." + MAX_SECONDS + ": " + r.seconds());
    }
    // yuv420p needs even sides.
    if (r.width() < MIN_SIDE
        || r.width() > MAX_SIDE
        || r.height() < MIN_SIDE
        || r.height() > MAX_SIDE
        || r.width() % 2 != 0
        || r.height() % 2 != 0) {
      throw new IllegalArgumentException(
          "size must be even and "
              + MIN_SIDE
              + ".."
              + MAX_SIDE
              + ": "
              + r.width()
              + "x"
              + r.height());
    }
  }

  private static byte[] thumbnail(Letterbox letterbox, byte[] frame) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(letterbox.image(frame), "jpg", out)) {
        throw new IllegalStateException("no JPEG writer available");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
