package dev.zoetrope.generation.videos.domain;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The models a worker can render, and the other names clients may use for them. */
public record Models(Map<String, String> aliases) {
  public static final String ZOETROPE_1 = "zoetrope-1";
  public static final String ZOETROPE_1_PRO = "zoetrope-1-pro";
  public static final Set<String> CANONICAL = Set.of(ZOETROPE_1, ZOETROPE_1_PRO);
  public static final String DEFAULT = ZOETROPE_1;

  public Models {
    aliases = Map.copyOf(aliases);
  }

  /** The canonical id for {@code name}, or empty when nobody knows it. */
  public Optional<String> canonical(String name) {
    if (CANONICAL.contains(name)) {
      return Optional.of(name);
    }
    return Optional.ofNullable(aliases.get(name));
  }
}
