package dev.zoetrope.feed.rules;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Position in a list ordered by (time, id) descending: the last item a page returned. Opaque to
 * clients (base64url) so its format can change; {@link #decode} accepts only what {@link #encode}
 * makes.
 */
public record PageCursor(Instant at, UUID id) {
  private static final int MAX_ENCODED_LENGTH = 128;

  public PageCursor {
    at = at.truncatedTo(ChronoUnit.MICROS);
  }

  public String encode() {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at);
    String plain = micros + "~" + id;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
  }

  public static Optional<PageCursor> decode(String encoded) {
    if (encoded == null || encoded.isEmpty() || encoded.length() > MAX_ENCODED_LENGTH) {
      return Optional.empty();
    }
    try {
      String plain = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.US_ASCII);
      int sep = plain.indexOf('~');
      if (sep <= 0) {
        return Optional.empty();
      }
      String micros = plain.substring(0, sep);
      String id = plain.substring(sep + 1);
      if (!micros.matches("-?[0-9]{1,18}") || id.length() != 36) {
        return Optional.empty();
      }
      UUID uuid = UUID.fromString(id);
      if (!uuid.toString().equals(id)) {
        return Optional.empty();
      }
      return Optional.of(
          new PageCursor(Instant.EPOCH.plus(Long.parseLong(micros), ChronoUnit.MICROS), uuid));
    } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
      return Optional.empty();
    }
  }
}
