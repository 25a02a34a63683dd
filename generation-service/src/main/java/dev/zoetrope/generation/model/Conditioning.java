package dev.zoetrope.generation.model;

/**
 * Training-free conditioning of one {@link FlowSampler} run. The network was trained on captions
 * alone; everything here acts on the sampler's state or its guidance branch, so the result is only
 * as good as the base model makes it.
 *
 * <ul>
 *   <li>{@code negativeTokens}: the guidance branch uses this caption instead of the null caption,
 *       steering away from it (empty: the null caption);
 *   <li>{@code known}: frames and mel columns fixed to a reference by replacement (Ho et al., Video
 *       Diffusion Models, §3.1; RePaint-style inpainting without resampling): after every step the
 *       masked positions are overwritten with the reference at the current noise level, so the
 *       final clip holds exactly the reference there;
 *   <li>{@code start}: SDEdit (Meng et al.): the run starts at {@code t0 = 1 − strength} from the
 *       source mixed with noise and integrates only the remaining part of the schedule.
 * </ul>
 *
 * <p>Arrays use {@link SampledClip}'s layouts: video {@code [3][frames][size][size]}, mel {@code
 * [bins][columns]}, values in [-1, 1]. They are not copied; callers must not change them while a
 * sample runs.
 *
 * @param negativeTokens tokens of the negative prompt, never null
 * @param known fixed frames and columns, or null
 * @param start SDEdit start, or null (start from pure noise)
 */
public record Conditioning(int[] negativeTokens, Known known, Start start) {

  /** Text only: guidance against the null caption, nothing fixed, start from noise. */
  public static final Conditioning NONE = new Conditioning(new int[0], null, null);

  public Conditioning {
    negativeTokens = negativeTokens == null ? new int[0] : negativeTokens.clone();
  }

  public Conditioning withNegative(int[] tokens) {
    return new Conditioning(tokens, known, start);
  }

  public Conditioning withKnown(Known known) {
    return new Conditioning(negativeTokens, known, start);
  }

  public Conditioning withStart(Start start) {
    return new Conditioning(negativeTokens, known, start);
  }

  /**
   * Reference content with per-frame and per-column masks ({@code true} = fixed). Either modality's
   * array may be null when none of its positions are fixed.
   */
  public record Known(float[] video, boolean[] frames, float[] mel, boolean[] columns) {
    public Known {
      if ((video == null) != (frames == null) || (mel == null) != (columns == null)) {
        throw new IllegalArgumentException("a reference needs its mask and a mask its reference");
      }
    }

    /** Only video frames are fixed. */
    public static Known frames(float[] video, boolean[] frames) {
      return new Known(video, frames, null, null);
    }

    boolean anyFrame() {
      return any(frames);
    }

    boolean anyColumn() {
      return any(columns);
    }

    private static boolean any(boolean[] mask) {
      if (mask == null) {
        return false;
      }
      for (boolean b : mask) {
        if (b) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * SDEdit source spanning the whole clip.
   *
   * @param strength in (0, 1]: the share of the schedule that is re-generated; 1 ignores the source
   */
  public record Start(float[] video, float[] mel, float strength) {
    public Start {
      if (video == null || mel == null) {
        throw new IllegalArgumentException("an SDEdit start needs video and mel");
      }
      if (!(strength > 0 && strength <= 1)) {
        throw new IllegalArgumentException("strength must be in (0, 1]: " + strength);
      }
    }
  }
}
