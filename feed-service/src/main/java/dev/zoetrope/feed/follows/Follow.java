package dev.zoetrope.feed.follows;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;

/** One user the caller follows, as listed. */
record Follow(
    @JsonProperty("user_id") UUID userId, @JsonProperty("followed_at") Instant followedAt) {}
