package dev.zoetrope.generation.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoetrope.contracts.media.MediaApi.StoredAsset;
import dev.zoetrope.generation.peers.MediaStoreClient;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StillUploadsTest {

  @Test
  void lastEndedIsWhenTheSlowerStillWasStoredNotWhenItWasAwaited() throws Exception {
    UUID thumbnail = UUID.randomUUID();
    StillUploads stills =
        new StillUploads(
            (variant, jpeg) -> {
              if (MediaStoreClient.SPRITESHEET.equals(variant)) {
                sleep(150);
              }
              UUID id = MediaStoreClient.THUMBNAIL.equals(variant) ? thumbnail : UUID.randomUUID();
              return new StoredAsset(id, UUID.randomUUID(), variant, "image/jpeg", 3, "");
            });
    assertThat(stills.lastEnded()).isEqualTo(Long.MIN_VALUE);

    long started = System.nanoTime();
    stills.start(new byte[3], new byte[3]);
    // The job gets to the stills well after both were stored (it waited on its output check).
    sleep(400);
    long awaited = System.nanoTime();
    assertThat(stills.finish(new byte[3], new byte[3])).isEqualTo(thumbnail);

    assertThat(stills.lastEnded() - started).isGreaterThanOrEqualTo(150_000_000L);
    assertThat(stills.lastEnded()).isLessThan(awaited);
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
