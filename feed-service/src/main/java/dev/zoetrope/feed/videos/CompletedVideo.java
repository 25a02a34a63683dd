package dev.zoetrope.feed.videos;

import java.time.Instant;
import java.util.UUID;

/**
 * A video that finished rendering and passed the output check: the only kind that can be posted.
 */
public record CompletedVideo(
    UUID videoId, UUID ownerId, UUID assetId, int seconds, String size, Instant completedAt) {}
