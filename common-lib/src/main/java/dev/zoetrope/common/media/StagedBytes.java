package dev.zoetrope.common.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Bytes put in a temporary file for the length of one piece of work: FFmpeg reads files, not
 * arrays. The file is deleted afterwards whatever the work did; a leftover after a failed delete is
 * harmless, so that failure is not allowed to replace the work's own answer.
 */
public final class StagedBytes {

  /** Work on the staged file, which may throw its own checked exception. */
  @FunctionalInterface
  public interface FileWork<T, E extends Exception> {
    T apply(Path file) throws E;
  }

  private StagedBytes() {}

  /**
   * @throws IOException when the bytes cannot be written to a temporary file
   */
  public static <T, E extends Exception> T with(
      byte[] bytes, String prefix, String suffix, FileWork<T, E> work) throws E, IOException {
    Path file = Files.createTempFile(prefix, suffix);
    try {
      Files.write(file, bytes);
      return work.apply(file);
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // See the class comment: the work's answer matters more than a leftover temp file.
      }
    }
  }
}
