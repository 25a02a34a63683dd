package dev.zoetrope.contracts.cameo;

import java.util.UUID;

/** Events produced by cameo-consent-service (see docs/events.md). */
public final class CameoEvents {
  /** Facts about cameos; key = cameo id, so one cameo's changes stay ordered. */
  public static final String CAMEOS_TOPIC = "zoetrope.cameo.cameos";

  private CameoEvents() {}

  /**
   * Who may use a cameo may have narrowed: it was revoked, its permission changed, a user was
   * removed from its approved list, or (permission {@code mutuals}) its owner and someone stopped
   * following each other. The payload is the cameo's state after the change; it does not say who
   * lost access, so a consumer holding work on the cameo asks the usage check ({@link
   * CameoApi#USAGE_CHECKS}) again for each requester.
   *
   * @param status {@code active} or {@code revoked}
   * @param permission {@code only_me}, {@code approved}, {@code mutuals} or {@code everyone}
   */
  public record ConsentChanged(UUID cameoId, UUID ownerId, String status, String permission) {
    public static final String TYPE = "cameo.consent.changed";
    public static final int VERSION = 1;
  }
}
