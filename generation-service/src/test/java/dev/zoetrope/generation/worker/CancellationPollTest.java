package dev.zoetrope.generation.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CancellationPollTest {
  private final AtomicLong clock = new AtomicLong();
  private final AtomicInteger reads = new AtomicInteger();
  private final AtomicBoolean flag = new AtomicBoolean();
  private final CancellationPoll poll =
      new CancellationPoll(
          () -> {
            reads.incrementAndGet();
            return flag.get();
          },
          250,
          clock::get);

  @Test
  void readsAtOnceThenAtMostOncePerInterval() {
    assertThat(poll.cancelled()).isFalse();
    assertThat(reads).hasValue(1);
    for (int ms = 10; ms < 250; ms += 10) {
      clock.set(ms * 1_000_000L);
      flag.set(true);
      assertThat(poll.cancelled()).isFalse();
    }
    assertThat(reads).hasValue(1);

    clock.set(250_000_000L);
    assertThat(poll.cancelled()).isTrue();
    assertThat(reads).hasValue(2);
  }

  @Test
  void staysCancelledWithoutReadingAgain() {
    flag.set(true);
    assertThat(poll.cancelled()).isTrue();
    clock.set(10_000_000_000L);
    assertThat(poll.cancelled()).isTrue();
    assertThat(reads).hasValue(1);
  }

  @Test
  void aFailedReadDoesNotStopTheRender() {
    CancellationPoll failing =
        new CancellationPoll(
            () -> {
              throw new IllegalStateException("database down");
            },
            250,
            clock::get);
    assertThat(failing.cancelled()).isFalse();
  }
}
