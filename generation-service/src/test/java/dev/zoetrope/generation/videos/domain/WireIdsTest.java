package dev.zoetrope.generation.videos.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class WireIdsTest {

  @Test
  void roundTripsAndKeepsLeadingZeros() {
    UUID id = UUID.fromString("00000000-0000-0001-0000-00000000000a");
    String wire = WireIds.video(id);
    assertThat(wire).isEqualTo("video_0000000000000001000000000000000a");
    assertThat(wire).matches("video_[0-9a-f]{32}");
    assertThat(WireIds.parseVideo(wire)).contains(id);
  }

  @Test
  void roundTripsRandomIds() {
    for (int i = 0; i < 1000; i++) {
      UUID id = UUID.randomUUID();
      assertThat(WireIds.parseVideo(WireIds.video(id))).contains(id);
      assertThat(WireIds.parseCameo(WireIds.cameo(id))).contains(id);
    }
  }

  @Test
  void isTheUuidWithoutDashes() {
    UUID id = UUID.randomUUID();
    assertThat(WireIds.cameo(id)).isEqualTo("cameo_" + id.toString().replace("-", ""));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "video_",
        "video_0123456789abcdef0123456789abcde",
        "video_0123456789abcdef0123456789abcdef0",
        "video_0123456789ABCDEF0123456789ABCDEF",
        "video_0123456789abcdef0123456789abcdeg",
        "cameo_0123456789abcdef0123456789abcdef",
        "Video_0123456789abcdef0123456789abcdef",
        "video_01234567-89ab-cdef-0123-456789ab",
        "video_+123456789abcdef0123456789abcdef",
        "0123456789abcdef0123456789abcdef"
      })
  void rejectsAnythingElse(String wire) {
    assertThat(WireIds.parseVideo(wire)).isEmpty();
  }
}
