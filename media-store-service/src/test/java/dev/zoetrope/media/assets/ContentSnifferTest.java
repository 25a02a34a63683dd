package dev.zoetrope.media.assets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContentSnifferTest {

  @Test
  void recognisesEachSupportedType() {
    assertThat(ContentSniffer.detect(bytes(0, 0, 0, 0x20, 'f', 't', 'y', 'p', 'm', 'p', '4', '2')))
        .hasValue("video/mp4");
    assertThat(ContentSniffer.detect(bytes(0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10)))
        .hasValue("image/jpeg");
    assertThat(ContentSniffer.detect(bytes(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0)))
        .hasValue("image/png");
  }

  @Test
  void refusesEverythingElse() {
    assertThat(ContentSniffer.detect(new byte[0])).isEmpty();
    assertThat(ContentSniffer.detect(bytes(0xFF, 0xD8))).isEmpty();
    assertThat(ContentSniffer.detect(bytes(0, 0, 0, 0x20, 'm', 'o', 'o', 'v'))).isEmpty();
    assertThat(ContentSniffer.detect("<html><script>".getBytes())).isEmpty();
    assertThat(ContentSniffer.detect(bytes(0x89, 'P', 'N', 'G', '\r', '\n'))).isEmpty();
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }
}
