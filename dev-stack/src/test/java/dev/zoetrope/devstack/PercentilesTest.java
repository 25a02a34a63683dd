package dev.zoetrope.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void nearestRankOfOneToHundred() {
    Percentiles p = new Percentiles(IntStream.rangeClosed(1, 100).asDoubleStream().toArray());

    assertThat(p.at(50)).isEqualTo(50);
    assertThat(p.at(99)).isEqualTo(99);
    assertThat(p.at(99.9)).isEqualTo(100);
    assertThat(p.max()).isEqualTo(100);
  }

  @Test
  void withFewerThanHundredValuesP99IsTheMaximum() {
    Percentiles p = new Percentiles(new double[] {5, 1, 4, 2, 3, 9, 8, 7, 6, 10});

    assertThat(p.at(50)).isEqualTo(5);
    assertThat(p.at(90)).isEqualTo(9);
    assertThat(p.at(99)).isEqualTo(10);
    assertThat(p.count()).isEqualTo(10);
  }

  @Test
  void anEmptySampleHasNoPercentiles() {
    assertThat(new Percentiles(new double[0]).at(50)).isNaN();
  }
}
