package dev.zoetrope.generation.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * What the sampler needs of a network: the flow velocity (data − noise) at time {@code t} (0 =
 * noise, 1 = data) for a batch of video and audio states. The built-in {@link Denoiser} is one; an
 * operator's own TorchScript export following the same contract is another.
 *
 * <p>Implementations must be safe to call from several threads at once and must create their
 * results in the manager of {@code video}, so a sampling step's manager frees them.
 */
public interface VelocityModel {

  /** Native geometry and vocabulary the model was trained for. */
  ModelConfig config();

  /**
   * @param video {@code (B, 3, T, size, size)} RGB in [-1, 1] at the state's noise level
   * @param audio {@code (B, bins, columnsPerFrame*T)} log-mel in [-1, 1]
   * @param t one time per batch row
   * @param captions {@code B × vocabularySize} row-major bag-of-words weights ({@link
   *     Denoiser#captionWeights})
   * @return video and audio velocities, shaped like the inputs
   */
  NDList forward(NDArray video, NDArray audio, float[] t, float[] captions);

  /**
   * The autoencoders of a latent model, or null. With one, {@link #forward} takes and returns their
   * scaled latents ({@link ModelConfig#stateChannels()} etc.) and the sampler encodes what it is
   * given and decodes what it returns.
   */
  default Codec codec() {
    return null;
  }
}
