package dev.zoetrope.feed.posts;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code POST /api/posts}; a missing caption is an empty one. */
record CreatePostRequest(@JsonProperty("video_id") String videoId, String caption) {}
