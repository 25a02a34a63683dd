package dev.zoetrope.generation.render;

/**
 * Turns a validated request into a finished MP4 (H.264 + AAC). One implementation runs the DJL
 * diffusion model; the worker depends only on this interface. Implementations must be safe to call
 * from one thread per worker and must honour {@code cancel} between denoising steps.
 */
public interface ClipRenderer {

  RenderedClip render(RenderRequest request, Progress progress, Cancellation cancel)
      throws RenderCancelledException;

  /** Called after each denoising step with 0..100. */
  @FunctionalInterface
  interface Progress {
    void update(int percent);

    /**
     * The clip's thumbnail and spritesheet, as soon as they exist: before the MP4 is encoded, so a
     * caller can store them while it encodes. A renderer may never call this; the stills are in its
     * {@link RenderedClip} either way.
     */
    default void stillsReady(byte[] thumbnailJpeg, byte[] spritesheetJpeg) {}
  }

  /** Polled between steps; true stops the render with {@link RenderCancelledException}. */
  @FunctionalInterface
  interface Cancellation {
    boolean cancelled();
  }
}
