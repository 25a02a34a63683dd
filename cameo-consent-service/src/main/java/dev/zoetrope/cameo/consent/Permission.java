package dev.zoetrope.cameo.consent;

import java.util.Locale;
import java.util.Optional;

/** Who besides the owner may put a cameo in a clip. */
public enum Permission {
  ONLY_ME,
  APPROVED,
  MUTUALS,
  EVERYONE;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Permission> fromWire(String value) {
    for (Permission p : values()) {
      if (p.wire().equals(value)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
