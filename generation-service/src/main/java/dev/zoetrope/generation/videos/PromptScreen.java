package dev.zoetrope.generation.videos;

import dev.zoetrope.common.policy.PromptPolicy;
import dev.zoetrope.contracts.generation.GenerationEvents.PromptChecked;
import dev.zoetrope.contracts.moderation.ModerationApi.PromptPolicySnapshot;
import dev.zoetrope.generation.GenerationProperties;
import dev.zoetrope.generation.peers.ModerationClient;
import dev.zoetrope.generation.peers.PeerUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Judges prompts in-process on a copy of moderation-service's policy (ADR 0009) instead of asking
 * moderation on every create: the call was about a quarter of the CPU a create cost. Moderation
 * stays the owner of the policy and of the audit trail: the copy is fetched from it and refreshed
 * in the background once it is older than the refresh interval, and each decision goes back to it
 * as a {@code prompt.checked} event in the transaction that acts on it.
 *
 * <p>Until a first copy has been fetched a create needs moderation as before (503 while it is
 * down); after that, an unreachable moderation leaves the last copy in force, since the policy is
 * configuration that changes with a deployment, not per request.
 */
@Component
public class PromptScreen {
  private static final Logger log = LoggerFactory.getLogger(PromptScreen.class);

  private final ModerationClient moderation;
  private final long refreshNanos;
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private final Object firstFetch = new Object();
  private volatile Copy copy;

  private record Copy(PromptPolicy policy, long fetchedAtNanos) {}

  @Autowired
  public PromptScreen(ModerationClient moderation, GenerationProperties config) {
    this(moderation, Duration.ofSeconds(config.promptPolicyRefreshSeconds()));
  }

  public PromptScreen(ModerationClient moderation, Duration refreshInterval) {
    this.moderation = moderation;
    this.refreshNanos = refreshInterval.toNanos();
  }

  /**
   * The decision on {@code prompt}, made now; the caller records it with what it does about it.
   *
   * @throws PeerUnavailableException when no copy of the policy could be fetched yet
   */
  public PromptChecked check(UUID userId, UUID videoId, String prompt) {
    PromptPolicy policy = policy();
    PromptPolicy.Result result = policy.check(prompt);
    String category = result.match().map(PromptPolicy.Match::category).orElse(null);
    return new PromptChecked(
        UUID.randomUUID(),
        userId,
        videoId.toString(),
        category == null,
        category,
        category == null ? null : PromptPolicy.reason(category),
        result.match().map(PromptPolicy.Match::term).orElse(null),
        result.normalizedSha256(),
        policy.version(),
        Instant.now());
  }

  /** Fetches the first copy off the request path, so the first create does not wait for it. */
  @EventListener(ApplicationReadyEvent.class)
  public void warmUp() {
    Thread.ofVirtual()
        .name("prompt-policy-warm-up")
        .start(
            () -> {
              try {
                policy();
              } catch (RuntimeException e) {
                log.warn(
                    "prompt policy not fetched yet, a create will try again: {}", e.toString());
              }
            });
  }

  PromptPolicy policy() {
    Copy c = copy;
    if (c == null) {
      // One fetch for a burst of first creates, not one each.
      synchronized (firstFetch) {
        c = copy;
        if (c == null) {
          c = fetch();
        }
      }
    } else if (System.nanoTime() - c.fetchedAtNanos() > refreshNanos
        && refreshing.compareAndSet(false, true)) {
      Thread.ofVirtual().name("prompt-policy-refresh").start(this::refresh);
    }
    return c.policy();
  }

  private void refresh() {
    try {
      fetch();
    } catch (RuntimeException e) {
      log.warn(
          "prompt policy not refreshed, keeping {}: {}", copy.policy().version(), e.toString());
    } finally {
      refreshing.set(false);
    }
  }

  private Copy fetch() {
    PromptPolicySnapshot snapshot = moderation.promptPolicy();
    if (snapshot == null || snapshot.categories() == null || snapshot.version() == null) {
      throw new PeerUnavailableException("moderation", "answered without a prompt policy", null);
    }
    PromptPolicy policy;
    try {
      policy = new PromptPolicy(snapshot.categories());
    } catch (RuntimeException e) {
      // A category without its list of terms, say: the create must not fail with a 500 for it.
      throw new PeerUnavailableException("moderation", "sent an unusable prompt policy", e);
    }
    if (!policy.version().equals(snapshot.version())) {
      // Not the policy moderation has (categories reordered on the way, or another version of
      // this code): judging on it would record decisions under a version that never existed.
      throw new PeerUnavailableException(
          "moderation",
          "sent prompt policy " + snapshot.version() + " but it rebuilds as " + policy.version(),
          null);
    }
    Copy previous = copy;
    if (previous == null || !previous.policy().version().equals(policy.version())) {
      log.info(
          "prompt policy {} in force ({} categories)", policy.version(), policy.terms().size());
    }
    Copy fresh = new Copy(policy, System.nanoTime());
    copy = fresh;
    return fresh;
  }
}
