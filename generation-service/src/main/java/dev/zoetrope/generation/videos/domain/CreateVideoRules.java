package dev.zoetrope.generation.videos.domain;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Validates and normalizes the fields of {@code POST /v1/videos}, whichever encoding they came in.
 * Every rule names the offending field so the client gets an OpenAI-style {@code param}.
 */
public final class CreateVideoRules {
  public static final List<String> SECONDS = List.of("4", "8", "12");
  public static final String DEFAULT_SECONDS = "4";

  /** Continuation lengths an extension accepts (the API's seconds values). */
  public static final List<String> EXTENSION_SECONDS = List.of("4", "8", "12", "16", "20");

  /** Longest finished clip: an extension renders its source and the continuation as one. */
  public static final int MAX_TOTAL_SECONDS = 20;

  public static final Map<String, int[]> SIZES =
      Map.of(
          "720x1280", new int[] {720, 1280},
          "1280x720", new int[] {1280, 720},
          "1024x1792", new int[] {1024, 1792},
          "1792x1024", new int[] {1792, 1024});
  public static final String DEFAULT_SIZE = "720x1280";

  /** NFKC can expand a string, but not by more than this for any realistic prompt. */
  private static final int RAW_LENGTH_FACTOR = 4;

  private final Models models;
  private final int promptMaxChars;
  private final int maxCameos;

  public CreateVideoRules(Models models, int promptMaxChars, int maxCameos) {
    this.models = models;
    this.promptMaxChars = promptMaxChars;
    this.maxCameos = maxCameos;
  }

  public VideoSpec validate(
      String model, String prompt, String seconds, String size, List<String> cameoIds) {
    String canonicalModel = model(model);
    String normalizedPrompt = prompt(prompt);
    String secondsValue = seconds == null ? DEFAULT_SECONDS : seconds.strip();
    if (!SECONDS.contains(secondsValue)) {
      throw new InvalidRequestException("seconds", "seconds must be one of " + SECONDS);
    }
    String sizeValue = size == null ? DEFAULT_SIZE : size.strip();
    int[] dimensions = SIZES.get(sizeValue);
    if (dimensions == null) {
      throw new InvalidRequestException(
          "size", "size must be one of 720x1280, 1280x720, 1024x1792, 1792x1024");
    }
    return new VideoSpec(
        canonicalModel,
        normalizedPrompt,
        Integer.parseInt(secondsValue),
        sizeValue,
        dimensions[0],
        dimensions[1],
        cameos(cameoIds),
        Origin.TEXT);
  }

  private String model(String model) {
    if (model == null) {
      return Models.DEFAULT;
    }
    return models
        .canonical(model.strip())
        .orElseThrow(
            () ->
                new InvalidRequestException(
                    "model", "model must be one of " + Models.CANONICAL + " or a known alias"));
  }

  /**
   * NFKC folds look-alike and full-width forms so moderation sees what the model will; control
   * characters other than tab and newline have no business in a prompt and can hide text from
   * reviewers.
   */
  public String prompt(String raw) {
    return text("prompt", raw);
  }

  /** A negative prompt follows the prompt's rules but may be left out (null). */
  public String negativePrompt(String raw) {
    return raw == null || raw.isBlank() ? null : text("negative_prompt", raw);
  }

  /**
   * The length of an extension's continuation, and so of the finished clip ({@code sourceSeconds}
   * plus it), which may not pass {@link #MAX_TOTAL_SECONDS}.
   */
  public int extensionSeconds(String raw, int sourceSeconds) {
    String value = raw == null ? DEFAULT_SECONDS : raw.strip();
    if (!EXTENSION_SECONDS.contains(value)) {
      throw new InvalidRequestException("seconds", "seconds must be one of " + EXTENSION_SECONDS);
    }
    int total = sourceSeconds + Integer.parseInt(value);
    if (total > MAX_TOTAL_SECONDS) {
      throw new InvalidRequestException(
          "seconds",
          "the source is "
              + sourceSeconds
              + " s long; with the extension the clip may be at most "
              + MAX_TOTAL_SECONDS
              + " s");
    }
    return total;
  }

  public List<UUID> cameoIds(List<String> wireIds) {
    return cameos(wireIds);
  }

  private String text(String param, String raw) {
    if (raw == null) {
      throw new InvalidRequestException(param, param + " is required");
    }
    if (raw.length() > (long) promptMaxChars * RAW_LENGTH_FACTOR) {
      throw tooLong(param);
    }
    String text = Normalizer.normalize(raw, Normalizer.Form.NFKC);
    text = text.replace("\r\n", "\n").replace('\r', '\n').strip();
    if (text.isEmpty()) {
      throw new InvalidRequestException(param, param + " must not be empty");
    }
    int count = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int type = Character.getType(cp);
      if (type == Character.SURROGATE) {
        throw new InvalidRequestException(param, param + " is not valid Unicode");
      }
      if (type == Character.CONTROL && cp != '\n' && cp != '\t') {
        throw new InvalidRequestException(param, param + " must not contain control characters");
      }
      count++;
      i += Character.charCount(cp);
    }
    if (count > promptMaxChars) {
      throw tooLong(param);
    }
    return text;
  }

  private InvalidRequestException tooLong(String param) {
    return new InvalidRequestException(
        param, param + " must be at most " + promptMaxChars + " characters");
  }

  private List<UUID> cameos(List<String> wireIds) {
    if (wireIds == null || wireIds.isEmpty()) {
      return List.of();
    }
    if (wireIds.size() > maxCameos) {
      throw new InvalidRequestException("cameo_ids", "at most " + maxCameos + " cameos per video");
    }
    LinkedHashSet<UUID> ids = new LinkedHashSet<>();
    for (String wire : wireIds) {
      ids.add(
          WireIds.parseCameo(wire == null ? null : wire.strip())
              .orElseThrow(
                  () ->
                      new InvalidRequestException(
                          "cameo_ids", "cameo ids look like cameo_<32 hex digits>")));
    }
    return new ArrayList<>(ids);
  }
}
