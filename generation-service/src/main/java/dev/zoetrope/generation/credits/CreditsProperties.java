package dev.zoetrope.generation.credits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Credits ({@code zoetrope.generation.credits.*}). Price = seconds × credits-per-second × (pro
 * model multiplier) × (large size multiplier); a standard clip (zoetrope-1, 4 s, 720p) costs 4.
 *
 * @param dailyAllowanceCredits free credits per user per UTC day (40 = ten standard clips)
 * @param creditsPerSecond price of one second of zoetrope-1 at 720x1280 / 1280x720
 * @param proModelMultiplier price factor of zoetrope-1-pro
 * @param largeSizeMultiplier price factor of 1024x1792 / 1792x1024
 */
@ConfigurationProperties("zoetrope.generation.credits")
public record CreditsProperties(
    @DefaultValue("40") int dailyAllowanceCredits,
    @DefaultValue("1") int creditsPerSecond,
    @DefaultValue("3") int proModelMultiplier,
    @DefaultValue("2") int largeSizeMultiplier) {

  public CreditsProperties {
    if (dailyAllowanceCredits < 0
        || creditsPerSecond < 1
        || proModelMultiplier < 1
        || largeSizeMultiplier < 1) {
      throw new IllegalArgumentException(
          "zoetrope.generation.credits: allowance must be >= 0, prices and factors >= 1");
    }
  }

  /** Credits one clip costs. */
  public int price(String model, int seconds, String size) {
    int factor = "zoetrope-1-pro".equals(model) ? proModelMultiplier : 1;
    if ("1024x1792".equals(size) || "1792x1024".equals(size)) {
      factor *= largeSizeMultiplier;
    }
    return Math.multiplyExact(Math.multiplyExact(seconds, creditsPerSecond), factor);
  }
}
