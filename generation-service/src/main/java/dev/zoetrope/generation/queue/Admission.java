package dev.zoetrope.generation.queue;

import dev.zoetrope.common.security.CurrentUser;
import dev.zoetrope.common.web.ApiException;
import dev.zoetrope.generation.credits.CreditLedger;
import dev.zoetrope.generation.credits.CreditsProperties;
import dev.zoetrope.generation.queue.QueueProperties.ScarcityPolicy;
import dev.zoetrope.generation.videos.domain.VideoSpec;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * What the queue and the credits say about a create: refused for scarcity or for credits before
 * anything is queued, then charged and classed in the transaction that inserts the job.
 */
@Component
public class Admission {
  public static final String QUEUE_FULL = "queue_full";

  private final QueueRepository queue;
  private final CreditLedger ledger;
  private final CreditsProperties credits;
  private final QueueProperties config;
  private final ObjectProvider<Scheduler> scheduler;

  public Admission(
      QueueRepository queue,
      CreditLedger ledger,
      CreditsProperties credits,
      QueueProperties config,
      ObjectProvider<Scheduler> scheduler) {
    this.queue = queue;
    this.ledger = ledger;
    this.credits = credits;
    this.config = config;
    this.scheduler = scheduler;
  }

  /** A verdict on a free request under scarcity; {@code retryAfterSeconds} only when refused. */
  public record Scarcity(boolean refused, long retryAfterSeconds) {}

  public static Scarcity scarcity(
      ScarcityPolicy policy, long thresholdSeconds, boolean pro, Integer newJobEtaSeconds) {
    if (pro
        || policy == ScarcityPolicy.ACCEPT
        || newJobEtaSeconds == null
        || newJobEtaSeconds <= thresholdSeconds) {
      return new Scarcity(false, 0);
    }
    // The backlog drains at roughly wall-clock speed: come back when it is under the threshold.
    return new Scarcity(true, Math.max(1, newJobEtaSeconds - thresholdSeconds));
  }

  /** Refuses early what the queue and the credits cannot take, with nothing queued or charged. */
  public void check(CurrentUser user, VideoSpec spec) {
    checkScarcity(user);
    int price = price(spec);
    if (CreditLedger.source(ledger.standing(user.id()), price)
        == CreditLedger.Source.INSUFFICIENT) {
      throw CreditLedger.insufficient(price);
    }
  }

  /** Refuses a free request with 429 and {@code Retry-After} while the queue is too long for it. */
  public void checkScarcity(CurrentUser user) {
    Scarcity verdict =
        scarcity(
            config.scarcityPolicy(),
            config.scarcityThresholdSeconds(),
            user.pro(),
            queue.newJobEtaSeconds(false));
    if (verdict.refused()) {
      var attributes = RequestContextHolder.getRequestAttributes();
      if (attributes instanceof ServletRequestAttributes servlet && servlet.getResponse() != null) {
        servlet.getResponse().setHeader("Retry-After", Long.toString(verdict.retryAfterSeconds()));
      }
      throw new ApiException(
          HttpStatus.TOO_MANY_REQUESTS,
          QUEUE_FULL,
          "the free queue is full (a new video would finish in about "
              + queue.newJobEtaSeconds(false)
              + " s); try again later or upgrade to pro");
    }
  }

  /**
   * Inside the create transaction, under the owner's lock: charge the job (its priority class is
   * written with the row).
   */
  public void accept(CurrentUser user, UUID videoId, VideoSpec spec) {
    ledger.charge(user.id(), videoId, price(spec));
  }

  /** After the create committed: schedule now if a worker is free, else at the next tick. */
  public void accepted() {
    scheduler.ifAvailable(Scheduler::nudgeIfRoom);
  }

  /**
   * The position and ETA the scheduler last computed for a new job of this user's class, from a
   * user with nothing else queued; the next tick publishes the job's own.
   */
  public QueueRepository.NewJob newJob(CurrentUser user) {
    return queue.newJob(user.pro());
  }

  private int price(VideoSpec spec) {
    return credits.price(spec.model(), spec.seconds(), spec.size());
  }
}
