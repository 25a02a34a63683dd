package dev.zoetrope.contracts.generation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Events produced by generation-service. Topic names, event types and versions live here and only
 * here; consumers depend on these records (see docs/events.md).
 */
public final class GenerationEvents {
  /** Work queue for the DJL workers; key = video id. */
  public static final String JOBS_TOPIC = "zoetrope.generation.jobs";

  /** Lifecycle facts about videos; key = video id. */
  public static final String VIDEOS_TOPIC = "zoetrope.generation.videos";

  private GenerationEvents() {}

  /** A job ready to render. {@code attempt} counts redeliveries after a worker died. */
  public record JobRequested(
      UUID videoId,
      UUID ownerId,
      String model,
      String prompt,
      int seconds,
      String size,
      List<UUID> cameoIds,
      long seed,
      int attempt) {
    public static final String TYPE = "generation.job.requested";
    public static final int VERSION = 1;
  }

  /** A clip finished, passed the output check and is stored as {@code assetId}. */
  public record VideoCompleted(
      UUID videoId,
      UUID ownerId,
      UUID assetId,
      String model,
      int seconds,
      String size,
      List<UUID> cameoIds,
      Instant completedAt) {
    public static final String TYPE = "video.completed";
    public static final int VERSION = 1;
  }

  /** A job ended without a clip; {@code code} is the stable error code shown to the client. */
  public record VideoFailed(UUID videoId, UUID ownerId, String code, String message) {
    public static final String TYPE = "video.failed";
    public static final int VERSION = 1;
  }

  /**
   * A video was deleted by its owner: its row is tombstoned (the id is never reused) and its stored
   * assets are gone. An active job is first ended with a {@link VideoFailed} of code {@code
   * cancelled}.
   */
  public record VideoDeleted(UUID videoId, UUID ownerId, Instant deletedAt) {
    public static final String TYPE = "video.deleted";
    public static final int VERSION = 1;
  }
}
