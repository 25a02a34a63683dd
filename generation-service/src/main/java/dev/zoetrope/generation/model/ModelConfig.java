package dev.zoetrope.generation.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Shape of the joint video+audio denoiser. Weights are only valid for the configuration they were
 * trained with, so the manifest carries these numbers and loading refuses a mismatch.
 *
 * <p>Fixed data layout (the training code must render data the same way): video is RGB in [-1, 1],
 * {@link #size()}x{@link #size()} pixels at {@link #fps()} frames per second, tensor {@code (B, 3,
 * T, size, size)}; audio is a {@link MelScale#BINS}-bin log-mel spectrogram in [-1, 1] with {@link
 * #melColumnsPerFrame()} columns per video frame, tensor {@code (B, bins, columns*T)}.
 *
 * @param size video side in pixels (native resolution)
 * @param fps native frame rate
 * @param patch spatial patch side: the video grid is {@code size/patch} square
 * @param videoChannels channels of the video grid
 * @param audioChannels channels of the audio branch
 * @param blocks residual blocks; each has a spatial conv, a dilated temporal conv, an audio conv
 *     and cross-modal coupling
 * @param temporalDilations dilation of the temporal conv per block (cycled); the audio branch uses
 *     twice these, since it has more columns per second
 * @param attentionBlocks blocks followed by self-attention over per-frame global tokens
 * @param attentionHeads heads of that attention (ALiBi distance bias, so any clip length works) and
 *     of the grid attention
 * @param groups GroupNorm groups
 * @param condDim width of the timestep+caption conditioning vector
 * @param timeFrequencies sinusoidal features of the timestep
 * @param vocabularySize rows of the caption embedding table
 * @param gridAttentionBlocks blocks followed by self-attention among the grid cells of each frame
 *     (empty, and left out of the manifest, for the architectures that have none)
 * @param codec the autoencoders of a latent model, whose denoiser works on their latents ({@code
 *     patch} 1: the latent grid is the token grid); null for a model that denoises pixels and mel
 *     columns directly. Either way the model takes and gives clips in the layout above.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelConfig(
    int size,
    int fps,
    int melColumnsPerFrame,
    int patch,
    int videoChannels,
    int audioChannels,
    int blocks,
    List<Integer> temporalDilations,
    List<Integer> attentionBlocks,
    int attentionHeads,
    int groups,
    int condDim,
    int timeFrequencies,
    int vocabularySize,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Integer> gridAttentionBlocks,
    CodecConfig codec) {

  public ModelConfig {
    temporalDilations = List.copyOf(temporalDilations);
    attentionBlocks = List.copyOf(attentionBlocks);
    // Manifests written before grid attention existed have no such field.
    gridAttentionBlocks =
        gridAttentionBlocks == null ? List.of() : List.copyOf(gridAttentionBlocks);
    if (codec != null && (codec.size() != size || patch != 1)) {
      throw new IllegalArgumentException("a latent model's codec must match its size, patch 1");
    }
    if (size % patch != 0 || videoChannels % groups != 0 || audioChannels % groups != 0) {
      throw new IllegalArgumentException("inconsistent model configuration");
    }
    if (videoChannels % attentionHeads != 0 || timeFrequencies % 2 != 0) {
      throw new IllegalArgumentException("inconsistent model configuration");
    }
  }

  /** The architecture every zoetrope-1 version uses today (about 1.6 M parameters). */
  public static ModelConfig standard() {
    return new ModelConfig(
        32,
        8,
        4,
        4,
        96,
        64,
        8,
        List.of(1, 2, 4, 8),
        List.of(3, 7),
        4,
        8,
        128,
        64,
        PromptTokenizer.VOCABULARY.size(),
        List.of(),
        null);
  }

  /**
   * The latent architecture: the standard denoiser's body (same channels, blocks, attention and
   * conditioning, so its weights can start one) over {@link CodecConfig#standard()}'s latents.
   */
  public static ModelConfig latent() {
    return latent(List.of());
  }

  /**
   * {@link #latent()} plus self-attention among the 8×8 grid cells of every frame after the blocks
   * that also attend across frames (3 and 7). Convolutions only reach a cell's neighbours, so two
   * places in a frame can each grow an object without either seeing the other; the grid attention
   * lets every cell see the whole frame (ADR 0012). Its output projections start at zero, so a
   * model started from a {@link #latent()} one computes exactly what it did.
   */
  public static ModelConfig latentGrid() {
    return latent(standard().attentionBlocks);
  }

  private static ModelConfig latent(List<Integer> gridAttentionBlocks) {
    ModelConfig s = standard();
    return new ModelConfig(
        s.size,
        s.fps,
        s.melColumnsPerFrame,
        1,
        s.videoChannels,
        s.audioChannels,
        s.blocks,
        s.temporalDilations,
        s.attentionBlocks,
        s.attentionHeads,
        s.groups,
        s.condDim,
        s.timeFrequencies,
        s.vocabularySize,
        gridAttentionBlocks,
        CodecConfig.standard());
  }

  /** The architectures this build can load. */
  public static List<ModelConfig> supported() {
    return List.of(standard(), latent(), latentGrid());
  }

  /** Channels of the video state the denoiser sees: RGB, or the codec's latent channels. */
  @JsonIgnore
  public int stateChannels() {
    return codec == null ? 3 : codec.videoLatent();
  }

  /** Side of the video state: pixels, or the codec's latent grid. */
  @JsonIgnore
  public int stateSide() {
    return codec == null ? size : codec.grid();
  }

  /** Rows of the audio state: mel bins, or the codec's latent channels. */
  @JsonIgnore
  public int stateBins() {
    return codec == null ? MelScale.BINS : codec.audioLatent();
  }

  @JsonIgnore
  public int grid() {
    return stateSide() / patch;
  }

  public int temporalDilation(int block) {
    return temporalDilations.get(block % temporalDilations.size());
  }

  /** Native frames in a clip of {@code seconds}. */
  public int frames(int seconds) {
    return fps * seconds;
  }
}
