package dev.zoetrope.feed.rules;

import java.util.Optional;
import java.util.UUID;

/** Which videos a user may post. */
public final class PublishRules {
  public enum Refusal {
    /** Not (yet) in the completed-video projection: completion events arrive asynchronously. */
    NOT_READY,
    /** Someone else's video: answered exactly like an unknown one. */
    NOT_YOURS
  }

  private PublishRules() {}

  /**
   * @param ownerOfCompletedVideo the video's owner if it has completed, else empty
   */
  public static Optional<Refusal> check(UUID author, Optional<UUID> ownerOfCompletedVideo) {
    if (ownerOfCompletedVideo.isEmpty()) {
      return Optional.of(Refusal.NOT_READY);
    }
    if (!ownerOfCompletedVideo.get().equals(author)) {
      return Optional.of(Refusal.NOT_YOURS);
    }
    return Optional.empty();
  }
}
