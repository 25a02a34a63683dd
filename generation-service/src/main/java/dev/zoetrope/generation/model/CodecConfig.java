package dev.zoetrope.generation.model;

/**
 * Shape of the video and audio autoencoders of a latent model ({@link Codec}).
 *
 * <p>Video is encoded frame by frame, so a frame fixed in pixels (an image→video first frame, an
 * extension's source second) is a frame fixed in latents, and the latent clip has the pixel clip's
 * frame rate. Audio keeps its mel column rate, so a sound onset stays in its column and the
 * denoiser's coupling of four columns to a frame is unchanged; only the 32 bins are compressed.
 *
 * @param size frame side in pixels
 * @param grid latent side (two stride-2 stages: size / 4)
 * @param videoLatent latent channels per grid cell
 * @param videoHidden channels of the video encoder and decoder
 * @param audioLatent latent channels per mel column
 * @param audioHidden channels of the audio encoder and decoder
 */
public record CodecConfig(
    int size, int grid, int videoLatent, int videoHidden, int audioLatent, int audioHidden) {

  public CodecConfig {
    if (grid * 4 != size || videoLatent < 1 || audioLatent < 1) {
      throw new IllegalArgumentException("inconsistent codec configuration");
    }
  }

  /**
   * 32×32 RGB → 8×8×8 per frame (6× fewer values), 32 mel bins → 8 per column (4×): about 1/5 of
   * the values the pixel model denoises.
   */
  public static CodecConfig standard() {
    return new CodecConfig(32, 8, 8, 64, 8, 64);
  }
}
