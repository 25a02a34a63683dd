package dev.zoetrope.cameo.cameos;

import dev.zoetrope.common.web.ApiException;

/** One rule for cameo names, whichever API (cameos or characters) the name arrives through. */
public final class CameoNames {
  private CameoNames() {}

  /** The name stripped of surrounding space, or a 400 with param {@code name}. */
  public static String valid(String raw, int maxChars) {
    String name = raw == null ? "" : raw.strip();
    int length = name.codePointCount(0, name.length());
    if (length < 1 || length > maxChars) {
      throw ApiException.invalid("name", "name must be 1 to " + maxChars + " characters");
    }
    if (name.codePoints().anyMatch(Character::isISOControl)) {
      throw ApiException.invalid("name", "name must not contain control characters");
    }
    return name;
  }
}
