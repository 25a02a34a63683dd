package dev.zoetrope.media.content;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteRangeTest {
  private static final long SIZE = 1000;

  @Test
  void noHeaderOrForeignUnitMeansEverything() {
    assertThat(ByteRange.parse(null, SIZE)).isInstanceOf(ByteRange.Full.class);
    assertThat(ByteRange.parse("  ", SIZE)).isInstanceOf(ByteRange.Full.class);
    assertThat(ByteRange.parse("items=0-5", SIZE)).isInstanceOf(ByteRange.Full.class);
  }

  @Test
  void singleRanges() {
    assertThat(ByteRange.parse("bytes=0-9", SIZE)).isEqualTo(new ByteRange.Part(0, 9));
    assertThat(ByteRange.parse("Bytes = 10 - 19 ", SIZE)).isEqualTo(new ByteRange.Part(10, 19));
    assertThat(ByteRange.parse("bytes=990-", SIZE)).isEqualTo(new ByteRange.Part(990, 999));
    assertThat(ByteRange.parse("bytes=-10", SIZE)).isEqualTo(new ByteRange.Part(990, 999));
    assertThat(ByteRange.parse("bytes=-5000", SIZE)).isEqualTo(new ByteRange.Part(0, 999));
    assertThat(ByteRange.parse("bytes=500-99999999", SIZE)).isEqualTo(new ByteRange.Part(500, 999));
    assertThat(((ByteRange.Part) ByteRange.parse("bytes=0-0", SIZE)).length()).isEqualTo(1);
  }

  @Test
  void malformedListsAndOutOfBoundsAreUnsatisfiable() {
    for (String bad :
        new String[] {
          "bytes=1000-",
          "bytes=5-4",
          "bytes=-0",
          "bytes=abc",
          "bytes=1-2,4-5",
          "bytes=",
          "bytes=--1",
          "bytes=1x-2",
          "bytes=99999999999999999999-",
          "garbage"
        }) {
      assertThat(ByteRange.parse(bad, SIZE)).as(bad).isInstanceOf(ByteRange.Unsatisfiable.class);
    }
    assertThat(ByteRange.parse("bytes=0-1", 0)).isInstanceOf(ByteRange.Unsatisfiable.class);
  }
}
