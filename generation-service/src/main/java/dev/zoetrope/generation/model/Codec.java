package dev.zoetrope.generation.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.convolutional.Conv3d;

/**
 * The video and audio autoencoders of a latent model, as plain functions over {@link CodecWeights}
 * (the same code encodes training batches, trains the codec under a GradientCollector, and encodes
 * and decodes around the sampler).
 *
 * <p>Video, frame by frame (every kernel is 1 in time): two stride-2 3×3 convolutions take {@code
 * (B,3,T,32,32)} to a {@code (B,hidden,T,8,8)} grid, a 3×3 and a 1×1 convolution to the {@code
 * (B,latent,T,8,8)} latent; the decoder mirrors it with 3×3 convolutions and two depth-to-space
 * doublings. Audio, column by column with a three-column window: {@code (B,32,C)} mel → {@code
 * (B,latent,C)} and back. {@link #encodeVideo} and {@link #encodeAudio} give latents scaled by the
 * measured statistics to zero mean and unit variance per channel; the {@code raw} forms skip that
 * (what training the codec uses, before the statistics exist).
 *
 * <p>Stateless and thread-safe; every array it creates belongs to the manager of its input.
 */
public final class Codec {
  private final CodecWeights w;

  public Codec(CodecWeights weights) {
    this.w = weights;
  }

  public CodecWeights weights() {
    return w;
  }

  public CodecConfig config() {
    return w.config();
  }

  /** {@code (B,3,T,size,size)} RGB in [-1, 1] → scaled latent {@code (B,latent,T,grid,grid)}. */
  public NDArray encodeVideo(NDArray video) {
    return encodeVideoRaw(video).sub(w.get("video.latent.mean")).div(w.get("video.latent.std"));
  }

  /** Scaled latent → RGB (unclamped), the inverse of {@link #encodeVideo}. */
  public NDArray decodeVideo(NDArray latent) {
    return decodeVideoRaw(latent.mul(w.get("video.latent.std")).add(w.get("video.latent.mean")));
  }

  /** {@code (B,32,C)} log-mel in [-1, 1] → scaled latent {@code (B,latent,C)}. */
  public NDArray encodeAudio(NDArray mel) {
    return encodeAudioRaw(mel).sub(w.get("audio.latent.mean")).div(w.get("audio.latent.std"));
  }

  /** Scaled latent → log-mel (unclamped), the inverse of {@link #encodeAudio}. */
  public NDArray decodeAudio(NDArray latent) {
    return decodeAudioRaw(latent.mul(w.get("audio.latent.std")).add(w.get("audio.latent.mean")));
  }

  public NDArray encodeVideoRaw(NDArray video) {
    NDArray h = silu(conv3d(video, "video.enc1", 2));
    h = silu(conv3d(h, "video.enc2", 2));
    h = silu(conv3d(h, "video.enc3", 1));
    return conv3d(h, "video.enc4", 1);
  }

  public NDArray decodeVideoRaw(NDArray latent) {
    NDArray h = silu(conv3d(latent, "video.dec1", 1));
    h = h.add(silu(conv3d(h, "video.dec2", 1)));
    h = silu(depthToSpace(conv3d(h, "video.dec3", 1)));
    h = h.add(silu(conv3d(h, "video.dec4", 1)));
    return depthToSpace(conv3d(h, "video.dec5", 1));
  }

  public NDArray encodeAudioRaw(NDArray mel) {
    NDArray h = silu(conv1d(mel, "audio.enc1"));
    h = h.add(silu(conv1d(h, "audio.enc2")));
    return conv1d(h, "audio.enc3");
  }

  public NDArray decodeAudioRaw(NDArray latent) {
    NDArray h = silu(conv1d(latent, "audio.dec1"));
    h = h.add(silu(conv1d(h, "audio.dec2")));
    return conv1d(h, "audio.dec3");
  }

  /**
   * {@code (B, 4C, T, H, W)} → {@code (B, C, T, 2H, 2W)}, the layout the Denoiser's output uses.
   */
  private static NDArray depthToSpace(NDArray x) {
    Shape s = x.getShape();
    long b = s.get(0);
    long c = s.get(1) / 4;
    long t = s.get(2);
    long h = s.get(3);
    long wd = s.get(4);
    return x.reshape(b, c, 2, 2, t, h, wd)
        .transpose(0, 1, 4, 5, 2, 6, 3)
        .reshape(b, c, t, 2 * h, 2 * wd);
  }

  /** Per-frame convolution: kernel 1 in time, "same" padding in space, stride 1 or 2. */
  private NDArray conv3d(NDArray x, String name, int stride) {
    NDArray weight = w.get(name + ".weight");
    long pad = (weight.getShape().get(3) - 1) / 2;
    return Conv3d.conv3d(
            x,
            weight,
            w.get(name + ".bias"),
            new Shape(1, stride, stride),
            new Shape(0, pad, pad),
            new Shape(1, 1, 1),
            1)
        .singletonOrThrow();
  }

  private NDArray conv1d(NDArray x, String name) {
    NDArray weight = w.get(name + ".weight");
    long pad = (weight.getShape().get(2) - 1) / 2;
    return Conv1d.conv1d(
            x, weight, w.get(name + ".bias"), new Shape(1), new Shape(pad), new Shape(1), 1)
        .singletonOrThrow();
  }

  private static NDArray silu(NDArray x) {
    return x.mul(Activation.sigmoid(x));
  }
}
