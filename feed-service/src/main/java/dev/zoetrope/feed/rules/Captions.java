package dev.zoetrope.feed.rules;

import java.util.Optional;

/** What a caption may contain. */
public final class Captions {
  private Captions() {}

  /**
   * Why {@code caption} is unacceptable, or empty if it is fine. Length is counted in code points,
   * as people count characters; control characters other than line breaks and tabs are refused
   * because they cannot be shown and NUL cannot even be stored.
   */
  public static Optional<String> problem(String caption, int maxChars) {
    if (caption.codePointCount(0, caption.length()) > maxChars) {
      return Optional.of("caption must be at most " + maxChars + " characters");
    }
    for (int i = 0; i < caption.length(); i++) {
      char c = caption.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
        return Optional.of("caption must not contain control characters");
      }
      if (Character.isSurrogate(c)) {
        boolean paired =
            Character.isHighSurrogate(c)
                && i + 1 < caption.length()
                && Character.isLowSurrogate(caption.charAt(i + 1));
        if (!paired) {
          return Optional.of("caption is not valid Unicode");
        }
        i++;
      }
    }
    return Optional.empty();
  }
}
