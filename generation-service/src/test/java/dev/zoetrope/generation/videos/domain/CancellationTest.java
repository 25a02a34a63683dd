package dev.zoetrope.generation.videos.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoetrope.generation.videos.domain.Cancellation.Action;
import org.junit.jupiter.api.Test;

class CancellationTest {

  @Test
  void eachStateHasOneAnswer() {
    assertThat(Cancellation.decide(VideoStatus.QUEUED, null)).isEqualTo(Action.END_NOW);
    assertThat(Cancellation.decide(VideoStatus.IN_PROGRESS, null)).isEqualTo(Action.ASK_WORKER);
    assertThat(Cancellation.decide(VideoStatus.FAILED, Cancellation.CODE))
        .isEqualTo(Action.ALREADY_CANCELLED);
    assertThat(Cancellation.decide(VideoStatus.FAILED, "render_failed"))
        .isEqualTo(Action.NOT_CANCELLABLE);
    assertThat(Cancellation.decide(VideoStatus.COMPLETED, null)).isEqualTo(Action.NOT_CANCELLABLE);
  }
}
