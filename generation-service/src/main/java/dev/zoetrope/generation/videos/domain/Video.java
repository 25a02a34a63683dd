package dev.zoetrope.generation.videos.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One video job as stored. {@code queuePosition} is derived when read (1 = next to start) and is
 * null unless the job is queued.
 */
public record Video(
    UUID id,
    UUID ownerId,
    String model,
    String prompt,
    int seconds,
    String size,
    List<UUID> cameoIds,
    Origin origin,
    long seed,
    VideoStatus status,
    int progress,
    String errorCode,
    String errorMessage,
    UUID assetId,
    UUID thumbnailAssetId,
    int attempts,
    Instant createdAt,
    Instant startedAt,
    Instant completedAt,
    Integer queuePosition,
    Integer etaSeconds) {

  public Video {
    cameoIds = List.copyOf(cameoIds);
  }

  public Video withEtaSeconds(Integer eta) {
    return new Video(
        id,
        ownerId,
        model,
        prompt,
        seconds,
        size,
        cameoIds,
        origin,
        seed,
        status,
        progress,
        errorCode,
        errorMessage,
        assetId,
        thumbnailAssetId,
        attempts,
        createdAt,
        startedAt,
        completedAt,
        queuePosition,
        eta);
  }

  public Video withQueuePosition(Integer position) {
    return new Video(
        id,
        ownerId,
        model,
        prompt,
        seconds,
        size,
        cameoIds,
        origin,
        seed,
        status,
        progress,
        errorCode,
        errorMessage,
        assetId,
        thumbnailAssetId,
        attempts,
        createdAt,
        startedAt,
        completedAt,
        position,
        etaSeconds);
  }

  public int width() {
    return CreateVideoRules.SIZES.get(size)[0];
  }

  public int height() {
    return CreateVideoRules.SIZES.get(size)[1];
  }
}
