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
  }

  /** Polled between steps; true stops the render with {@link RenderCancelledException}. */
  @FunctionalInterface
  interface Cancellation {
    boolean cancelled();
  }
}
