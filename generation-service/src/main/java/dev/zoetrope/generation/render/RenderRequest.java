package dev.zoetrope.generation.render;

import java.util.List;
import java.util.Objects;

/**
 * What to render. {@code model} is a canonical model id (zoetrope-1 | zoetrope-1-pro), {@code
 * seconds} the length of the finished clip (for an extension: source plus continuation), {@code
 * width}x{@code height} the output size; the same request with the same seed gives the same clip.
 *
 * @param negativePrompt what the clip should not show; steers classifier-free guidance away from it
 *     (null or blank: guidance is relative to the empty caption)
 * @param subjects descriptions of cameo subjects measured from their recordings (for example "a
 *     green round character with stripes"), conditioning the clip alongside the prompt
 * @param reference the media the clip starts from, if any
 */
public record RenderRequest(
    String model,
    String prompt,
    int seconds,
    int width,
    int height,
    long seed,
    String negativePrompt,
    List<String> subjects,
    Reference reference) {

  public RenderRequest {
    subjects = List.copyOf(subjects);
    Objects.requireNonNull(reference, "reference");
  }

  /** A plain text-to-video request. */
  public static RenderRequest text(
      String model, String prompt, int seconds, int width, int height, long seed) {
    return new RenderRequest(
        model, prompt, seconds, width, height, seed, null, List.of(), Reference.NONE);
  }

  /** Media a clip is conditioned on. Bytes are untrusted input and are decoded defensively. */
  public sealed interface Reference {
    /** Text only. */
    Reference NONE = new None();

    record None() implements Reference {}

    /** Image to video: the clip opens on this JPEG, PNG or WebP image. */
    record FirstFrame(byte[] image) implements Reference {}

    /**
     * Remix or edit: the clip re-imagines {@code sourceMp4} under the new prompt, keeping its
     * layout and timing. {@code strength} in (0, 1]: how much of the source is re-generated (1 =
     * only the prompt counts).
     */
    record Transform(byte[] sourceMp4, float strength) implements Reference {
      /** Remix: a new take on the same scene. */
      public static final float REMIX_STRENGTH = 0.7f;

      /** Edit: the same clip with the prompt's change. */
      public static final float EDIT_STRENGTH = 0.5f;
    }

    /**
     * Extension: the finished clip is {@code sourceMp4} followed by a continuation that picks up
     * from its last frames and sound, {@code seconds} long in all.
     */
    record Continue(byte[] sourceMp4) implements Reference {}
  }
}
