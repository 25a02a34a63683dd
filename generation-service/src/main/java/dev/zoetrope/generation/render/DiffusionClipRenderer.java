package dev.zoetrope.generation.render;

import dev.zoetrope.generation.model.DiffusionModels;
import dev.zoetrope.generation.model.FlowSampler;
import dev.zoetrope.generation.model.PromptTokenizer;
import dev.zoetrope.generation.model.SampledClip;
import dev.zoetrope.generation.model.SamplingCancelledException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * <p>Progress: denoising steps map to 1–90, decoding to 95, the finished MP4 to 100.
 */
public class DiffusionClipRenderer implements ClipRenderer {
  static final int OUTPUT_FPS = 24;
  static final int MAX_SECONDS = 20;
  static final int MIN_SIDE = 16;
  static final int MAX_SIDE = 1920;

  private static final Logger log = LoggerFactory.getLogger(DiffusionClipRenderer.class);

  private final DiffusionModels models;
  private final PromptTokenizer tokenizer = new PromptTokenizer();
  private final FlowSampler sampler = new FlowSampler();

  public DiffusionClipRenderer(DiffusionModels models) {
    this.models = models;
  }

  @Override
  public RenderedClip render(RenderRequest request, Progress progress, Cancellation cancel)
      throws RenderCancelledException {
    validate(request);
    DiffusionModels.Loaded model = models.get(request.model());
    int[] tokens = tokenizer.encode(request.prompt());

    long t0 = System.nanoTime();
    SampledClip clip;
    try {
      clip =
          sampler.sample(
              model.denoiser(),
              tokens,
              request.seconds(),
              request.seed(),
              model.version().steps(),
              model.version().guidance(),
              (step, steps) -> progress.update(Math.max(1, step * 90 / steps)),
              cancel::cancelled);
    } catch (SamplingCancelledException e) {
      throw new RenderCancelledException(
          "render cancelled after "
              + e.completedSteps()
              + " of "
              + model.version().steps()
              + " steps");
    }
    long t1 = System.nanoTime();
    if (cancel.cancelled()) {
      throw new RenderCancelledException("render cancelled after denoising");
    }

    byte[][] frames = FrameDecoder.decode(clip, request.seconds(), OUTPUT_FPS);
    float[] wave = MelSynthesizer.synthesize(clip.mel(), clip.columns(), request.seconds());
    Letterbox letterbox = new Letterbox(clip.size(), request.width(), request.height());
    byte[] thumbnail = thumbnail(letterbox, frames[frames.length / 2]);
    progress.update(95);
    long t2 = System.nanoTime();

    Mp4Encoder.Result mp4 =
        Mp4Encoder.encode(frames, letterbox, request.width(), request.height(), OUTPUT_FPS, wave);
    long t3 = System.nanoTime();
    progress.update(100);

    // Scaling to the output size happens inside the encode loop but is decode work.
    long denoiseMs = (t1 - t0) / 1_000_000;
    long decodeMs = (t2 - t1 + mp4.scaleNanos()) / 1_000_000;
    long encodeMs = (t3 - t2 - mp4.scaleNanos()) / 1_000_000;
    log.debug(
        "Rendered {} {}s {}x{} ({} tokens, trained={}): denoise {} ms, decode {} ms, encode {} ms",
        request.model(),
        request.seconds(),
        request.width(),
        request.height(),
        tokens.length,
        model.trained(),
        denoiseMs,
        decodeMs,
        encodeMs);
    return new RenderedClip(mp4.mp4(), thumbnail, denoiseMs, decodeMs, encodeMs);
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
