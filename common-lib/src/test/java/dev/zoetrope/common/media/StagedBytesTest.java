package dev.zoetrope.common.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class StagedBytesTest {

  @Test
  void theWorkReadsTheBytesAndTheFileIsGoneAfterwards() throws Exception {
    AtomicReference<Path> seen = new AtomicReference<>();
    byte[] read =
        StagedBytes.with(
            new byte[] {1, 2, 3},
            "staged-",
            ".bin",
            file -> {
              seen.set(file);
              return Files.readAllBytes(file);
            });
    assertThat(read).containsExactly(1, 2, 3);
    assertThat(seen.get()).doesNotExist();
  }

  @Test
  void theFileIsGoneWhenTheWorkFailsAndItsExceptionComesThrough() {
    AtomicReference<Path> seen = new AtomicReference<>();
    assertThatThrownBy(
            () ->
                StagedBytes.with(
                    new byte[] {1},
                    "staged-",
                    ".bin",
                    file -> {
                      seen.set(file);
                      throw new IllegalStateException("the decode failed");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the decode failed");
    assertThat(seen.get()).isNotNull().doesNotExist();
  }
}
