package dev.zoetrope.feed.posts;

import java.time.Instant;
import java.util.UUID;

/** A published video with its caption. */
public record Post(UUID id, UUID videoId, UUID authorId, String caption, Instant createdAt) {}
