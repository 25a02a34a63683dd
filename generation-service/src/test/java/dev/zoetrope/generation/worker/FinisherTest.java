package dev.zoetrope.generation.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoetrope.generation.worker.JobProcessor.Outcome;
import dev.zoetrope.generation.worker.JobProcessor.Rendered;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FinisherTest {
  private static final Duration DRAIN = Duration.ofSeconds(5);
  private final MeterRegistry meters = new SimpleMeterRegistry();

  @Test
  void theSlotIsFreeWhileItsClipIsStillBeingStored() throws Exception {
    Finisher finisher = started(new Finisher(true, 1, DRAIN, meters));
    CountDownLatch uploadMayEnd = new CountDownLatch(1);
    CountDownLatch stored = new CountDownLatch(1);
    Rendered rendered =
        new Rendered(
            () -> {
              await(uploadMayEnd);
              stored.countDown();
              return Outcome.COMPLETED;
            });

    finisher.finish(rendered); // returns with the upload still held up

    assertThat(rendered.ended()).isFalse();
    uploadMayEnd.countDown();
    assertThat(stored.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(rendered.finish()).isEqualTo(Outcome.COMPLETED);
  }

  @Test
  void aSlotWaitsForItsPreviousClipBeforeHandingOverTheNext() throws Exception {
    Finisher finisher = started(new Finisher(true, 1, DRAIN, meters));
    CountDownLatch firstMayEnd = new CountDownLatch(1);
    finisher.finish(
        new Rendered(
            () -> {
              await(firstMayEnd);
              return Outcome.COMPLETED;
            }));

    CountDownLatch secondHandedOver = new CountDownLatch(1);
    Thread slot =
        Thread.ofPlatform()
            .start(
                () -> {
                  finisher.finish(new Rendered(() -> Outcome.COMPLETED));
                  secondHandedOver.countDown();
                });
    // One clip per slot at most: the second waits while the first is stored...
    assertThat(secondHandedOver.await(300, TimeUnit.MILLISECONDS)).isFalse();
    assertThat(meters.get("zoetrope.generation.worker.storing").gauge().value()).isEqualTo(1);
    firstMayEnd.countDown();
    // ...and goes once it is.
    assertThat(secondHandedOver.await(5, TimeUnit.SECONDS)).isTrue();
    slot.join();
    // The dashboard sees how long the slot waited for storing (the first hand-over did not).
    Timer waited = meters.get("zoetrope.generation.worker.handover.wait").timer();
    assertThat(waited.count()).isEqualTo(2);
    assertThat(waited.max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(300);
  }

  @Test
  void stoppingWaitsForTheClipsInHand() throws Exception {
    Finisher finisher = started(new Finisher(true, 2, DRAIN, meters));
    CountDownLatch mayEnd = new CountDownLatch(1);
    Rendered rendered =
        new Rendered(
            () -> {
              await(mayEnd);
              return Outcome.COMPLETED;
            });
    finisher.finish(rendered);

    Thread.ofPlatform()
        .start(
            () -> {
              sleep(200);
              mayEnd.countDown();
            });
    finisher.stop();

    assertThat(rendered.ended()).isTrue();
    assertThat(finisher.isRunning()).isFalse();
    // Once stopped, a clip is finished on the caller's thread.
    Rendered late = new Rendered(() -> Outcome.COMPLETED);
    finisher.finish(late);
    assertThat(late.ended()).isTrue();
  }

  @Test
  void aClipThatCannotBeRecordedFreesItsSlotForTheNext() throws Exception {
    Finisher finisher = started(new Finisher(true, 1, DRAIN, meters));
    finisher.finish(
        new Rendered(
            () -> {
              throw new IllegalStateException("database unavailable");
            }));

    AtomicReference<Thread> ranOn = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    finisher.finish(
        new Rendered(
            () -> {
              ranOn.set(Thread.currentThread());
              done.countDown();
              return Outcome.COMPLETED;
            }));

    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(ranOn.get()).isNotEqualTo(Thread.currentThread());
  }

  @Test
  void offTheSlotDisabledFinishesOnTheSlotsThread() {
    Finisher finisher = started(new Finisher(false, 1, DRAIN, meters));
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    Rendered rendered =
        new Rendered(
            () -> {
              ranOn.set(Thread.currentThread());
              return Outcome.COMPLETED;
            });

    finisher.finish(rendered);

    assertThat(rendered.ended()).isTrue();
    assertThat(ranOn.get()).isSameAs(Thread.currentThread());
  }

  private static Finisher started(Finisher finisher) {
    finisher.start();
    return finisher;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
