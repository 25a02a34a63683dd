package dev.zoetrope.cameo.consent;

import java.util.Locale;

/** A revoked cameo stays revoked: consent withdrawn is never restored. */
public enum CameoStatus {
  ACTIVE,
  REVOKED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static CameoStatus fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
