package dev.zoetrope.feed.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PageCursorTest {

  @Test
  void roundTripsAtMicrosecondPrecision() {
    PageCursor cursor =
        new PageCursor(Instant.parse("2026-11-25T10:15:30.123456789Z"), UUID.randomUUID());
    assertThat(cursor.at()).isEqualTo(Instant.parse("2026-11-25T10:15:30.123456Z"));
    assertThat(cursor.encode()).matches("[A-Za-z0-9_-]+");
    assertThat(PageCursor.decode(cursor.encode())).hasValue(cursor);
  }

  @Test
  void refusesAnythingItDidNotMake() {
    String uuid = UUID.randomUUID().toString();
    for (String plain :
        new String[] {
          "",
          "~" + uuid,
          "12~",
          "12" + uuid,
          "1.5~" + uuid,
          "12~" + uuid.toUpperCase(),
          "12~" + uuid + "x",
          "1234567890123456789~" + uuid,
          "12~1-1-1-1-1"
        }) {
      assertThat(PageCursor.decode(b64(plain))).as(plain).isEmpty();
    }
    assertThat(PageCursor.decode(null)).isEmpty();
    assertThat(PageCursor.decode("***")).isEmpty();
    assertThat(PageCursor.decode("a".repeat(200))).isEmpty();
  }

  @Test
  void publicIdsAreStrict() {
    UUID id = UUID.randomUUID();
    String wire = PublicIds.VIDEO.format(id);
    assertThat(wire).matches("video_[0-9a-f]{32}");
    assertThat(PublicIds.VIDEO.parse(wire)).hasValue(id);
    assertThat(PublicIds.POST.parse(wire)).isEmpty();
    assertThat(PublicIds.VIDEO.parse(wire.toUpperCase())).isEmpty();
    assertThat(PublicIds.VIDEO.parse(wire + "0")).isEmpty();
    assertThat(PublicIds.VIDEO.parse("video_" + id)).isEmpty();
  }

  @Test
  void captionsAreCountedInCharactersAndFreeOfControlCodes() {
    assertThat(Captions.problem("", 500)).isEmpty();
    assertThat(Captions.problem("line one\nline two\ttab", 500)).isEmpty();
    assertThat(Captions.problem("\uD83C\uDFAC".repeat(500), 500)).isEmpty();
    assertThat(Captions.problem("x".repeat(501), 500)).isPresent();
    assertThat(Captions.problem("bell \u0007", 500)).isPresent();
    assertThat(Captions.problem("lone \uD83C surrogate", 500)).isPresent();
  }

  private static String b64(String plain) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
  }
}
