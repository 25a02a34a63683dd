package dev.zoetrope.generation.videos.domain;

import java.util.Arrays;

/** A job's lifecycle, with the OpenAI wire names. */
public enum VideoStatus {
  QUEUED("queued"),
  IN_PROGRESS("in_progress"),
  COMPLETED("completed"),
  FAILED("failed");

  private final String wire;

  VideoStatus(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public boolean isFinal() {
    return this == COMPLETED || this == FAILED;
  }

  public static VideoStatus fromWire(String wire) {
    return Arrays.stream(values())
        .filter(s -> s.wire.equals(wire))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown status " + wire));
  }
}
