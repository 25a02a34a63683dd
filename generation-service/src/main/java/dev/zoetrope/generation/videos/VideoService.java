package dev.zoetrope.generation.videos;

import dev.zoetrope.common.events.EventEnvelope;
import dev.zoetrope.common.outbox.Outbox;
import dev.zoetrope.common.security.CurrentUser;
import dev.zoetrope.common.web.ApiException;
import dev.zoetrope.contracts.cameo.CameoApi;
import dev.zoetrope.contracts.cameo.CameoApi.UsageCheckResult;
import dev.zoetrope.contracts.generation.GenerationEvents;
import dev.zoetrope.contracts.generation.GenerationEvents.PromptChecked;
import dev.zoetrope.contracts.generation.GenerationEvents.VideoFailed;
import dev.zoetrope.contracts.moderation.ModerationApi;
import dev.zoetrope.generation.GenerationProperties;
import dev.zoetrope.generation.peers.CameoClient;
import dev.zoetrope.generation.peers.MediaStoreClient;
import dev.zoetrope.generation.peers.PeerUnavailableException;
import dev.zoetrope.generation.queue.Admission;
import dev.zoetrope.generation.queue.QueueRepository;
import dev.zoetrope.generation.videos.domain.Video;
import dev.zoetrope.generation.videos.domain.VideoSpec;
import dev.zoetrope.generation.videos.domain.VideoStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accepting a job: the synchronous checks whose answers decide the response, then the job row and
 * its {@code generation.job.requested} event in one transaction. Peer calls happen before the
 * transaction so no database connection waits on the network.
 */
@Service
public class VideoService {
  private static final Logger log = LoggerFactory.getLogger(VideoService.class);
  static final String DEPENDENCY_UNAVAILABLE = "dependency_unavailable";
  static final String TOO_MANY_ACTIVE_JOBS = "too_many_active_jobs";
  static final String SOURCE_NOT_COMPLETED = "video_not_completed";
  static final String BLOCKED_MESSAGE = "Your request was blocked by our moderation system.";

  private final VideoRepository videos;
  private final Outbox outbox;
  private final TransactionTemplate tx;
  private final TransactionTemplate readOnly;
  private final Lock[] ownerStripes = new Lock[64];
  private final PromptScreen prompts;
  private final CameoClient cameos;
  private final MediaStoreClient media;
  private final int maxActiveJobs;
  private final Admission admission;

  public VideoService(
      VideoRepository videos,
      Outbox outbox,
      TransactionTemplate tx,
      PromptScreen prompts,
      CameoClient cameos,
      MediaStoreClient media,
      GenerationProperties config,
      Admission admission) {
    this.videos = videos;
    this.outbox = outbox;
    this.tx = tx;
    this.readOnly = new TransactionTemplate(tx.getTransactionManager());
    this.readOnly.setReadOnly(true);
    for (int i = 0; i < ownerStripes.length; i++) {
      ownerStripes[i] = new ReentrantLock();
    }
    this.prompts = prompts;
    this.cameos = cameos;
    this.media = media;
    this.maxActiveJobs = config.maxActiveJobsPerUser();
    this.admission = admission;
  }

  /** An upload the job starts from: kept in the media store as the job's {@code input} asset. */
  public record Input(byte[] bytes, MediaType contentType) {}

  public Video create(CurrentUser user, VideoSpec spec, Input input) {
    return create(user, spec, input, UUID.randomUUID());
  }

  /**
   * The owner's finished video that a remix, edit or extension starts from. Another user's, an
   * unknown or a deleted id all answer 404; one that has not completed cannot be a source.
   */
  public Video source(CurrentUser user, UUID sourceId, String param) {
    Video source =
        videos.findOwned(sourceId, user.id()).orElseThrow(() -> ApiException.notFound("video"));
    if (source.status() != VideoStatus.COMPLETED || source.assetId() == null) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST,
          SOURCE_NOT_COMPLETED,
          "only a completed video can be remixed, edited or extended; this one is "
              + source.status().wire(),
          param);
    }
    return source;
  }

  /**
   * Creates the job under a given id (chosen up front by an idempotent create). {@code input} is
   * stored only once the prompt and cameos are accepted, so a refused request leaves nothing.
   */
  public Video create(CurrentUser user, VideoSpec spec, Input input, UUID id) {
    long seed = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
    // A create that calls peers (cameo consent, storing its input) is checked first without a
    // lock, to spare them a request that would be refused anyway: one read-only transaction, so
    // the checks take one pooled connection rather than one each. A plain text create calls none,
    // so its checks run once, under the lock, in the transaction that inserts it.
    boolean callsPeers = input != null || !spec.cameoIds().isEmpty();
    if (callsPeers) {
      readOnly.executeWithoutResult(s -> admit(user, spec));
    }

    PromptChecked verdict = peer(() -> prompts.check(user.id(), id, spec.prompt()));
    if (!verdict.allowed()) {
      // Shown like OpenAI shows a refused job: a failed video, not an HTTP error.
      String message = BLOCKED_MESSAGE + " (category: " + verdict.category() + ")";
      Video failed =
          video(
              id, user, spec, seed, now(), VideoStatus.FAILED, ModerationApi.BLOCKED_CODE, message);
      tx.executeWithoutResult(
          s -> {
            if (!callsPeers) {
              // What would refuse any prompt is answered first, as for a create that calls peers.
              admit(user, spec);
            }
            videos.insert(failed);
            record(verdict);
            outbox.append(
                GenerationEvents.VIDEOS_TOPIC,
                EventEnvelope.of(
                    VideoFailed.TYPE,
                    VideoFailed.VERSION,
                    id.toString(),
                    new VideoFailed(id, user.id(), ModerationApi.BLOCKED_CODE, message)));
          });
      log.info("video {} refused by prompt moderation ({})", id, verdict.category());
      return failed;
    }

    if (!spec.cameoIds().isEmpty()) {
      UsageCheckResult consent = peer(() -> cameos.check(user.id(), spec.cameoIds()));
      if (!consent.allowed()) {
        throw new ApiException(
            HttpStatus.FORBIDDEN,
            CameoApi.DENIED_CODE,
            "you may not use one or more of the requested cameos",
            "cameo_ids");
      }
    }

    VideoSpec accepted = input == null ? spec : withStoredInput(user, spec, input, id);
    // One user's creates queue here, in memory, rather than on the advisory lock below while each
    // holds a pooled connection: a burst from one user must not drain the pool for everyone. The
    // advisory lock still serializes creates across instances.
    Lock stripe = ownerStripes[Math.floorMod(user.id().hashCode(), ownerStripes.length)];
    stripe.lock();
    Video answer;
    try {
      answer =
          insert(
              user,
              spec,
              verdict,
              () -> video(id, user, accepted, seed, now(), VideoStatus.QUEUED, null, null));
    } finally {
      stripe.unlock();
    }
    admission.accepted();
    return answer;
  }

  /** Stores the create's upload, once its prompt and cameos are accepted, and names it as input. */
  private VideoSpec withStoredInput(CurrentUser user, VideoSpec spec, Input input, UUID id) {
    UUID assetId =
        peer(() ->
                media.store(
                    id, user.id(), MediaStoreClient.INPUT, input.contentType(), input.bytes()))
            .assetId();
    return spec.withOrigin(spec.origin().withInputAsset(assetId));
  }

  /**
   * The job row and its charge, under the owner's lock. The answer's queue position and ETA are
   * read in the same transaction: the state we created, on the connection we already hold (a fast
   * worker may move it on right after).
   */
  private Video insert(
      CurrentUser user, VideoSpec spec, PromptChecked verdict, Supplier<Video> accepted) {
    return tx.execute(
        s -> {
          videos.lockOwner(user.id());
          requireCapacity(videos.activeJobs(user.id()));
          // The credits are checked by the charge below, under the same lock.
          admission.checkScarcity(user);
          // Stamped once every check but the charge has passed: created_at orders the queue and
          // starts the job's measured wait for a worker, which the create's own checks (the
          // prompt, the peers, the capacity and scarcity reads) are not part of.
          Video queued = accepted.get();
          UUID id = queued.id();
          videos.insert(queued, user.pro());
          record(verdict);
          // Charged here, dispatched to the jobs topic later by the fair scheduler (ADR 0005).
          admission.accept(user, id, spec);
          QueueRepository.NewJob estimate = admission.newJob(user);
          // Before the scheduler's first tick there is no estimate: count the queue instead.
          return queued
              .withQueuePosition(
                  estimate.position() != null ? estimate.position() : videos.queuePosition(id))
              .withEtaSeconds(estimate.etaSeconds());
        });
  }

  /**
   * Sends the prompt decision to moderation's audit trail with the job it let in or the failed
   * video it made (ADR 0009). A create refused after an allowing decision (a cameo, the active-job
   * cap) records none: nothing came of it. Nothing waits for it, so it does not wake the relay: it
   * goes out with the next batch, which under load carries many.
   */
  private void record(PromptChecked verdict) {
    outbox.appendDeferred(
        GenerationEvents.PROMPT_CHECKS_TOPIC,
        EventEnvelope.of(PromptChecked.TYPE, PromptChecked.VERSION, verdict.subjectId(), verdict));
  }

  public Optional<Video> find(CurrentUser user, UUID id) {
    return videos.findOwned(id, user.id());
  }

  public List<Video> list(CurrentUser user, Video after, boolean ascending, int limit) {
    return videos.listOwned(user.id(), after, ascending, limit);
  }

  /** Every refusal that does not depend on the prompt: active jobs, scarcity, credits. */
  private void admit(CurrentUser user, VideoSpec spec) {
    requireCapacity(videos.activeJobs(user.id()));
    admission.check(user, spec);
  }

  private void requireCapacity(int active) {
    if (active >= maxActiveJobs) {
      throw new ApiException(
          HttpStatus.TOO_MANY_REQUESTS,
          TOO_MANY_ACTIVE_JOBS,
          "you already have "
              + active
              + " videos queued or in progress; wait for one to finish (limit "
              + maxActiveJobs
              + ")");
    }
  }

  private static Video video(
      UUID id,
      CurrentUser user,
      VideoSpec spec,
      long seed,
      Instant now,
      VideoStatus status,
      String errorCode,
      String errorMessage) {
    return new Video(
        id,
        user.id(),
        spec.model(),
        spec.prompt(),
        spec.seconds(),
        spec.size(),
        spec.cameoIds(),
        spec.origin(),
        seed,
        status,
        0,
        errorCode,
        errorMessage,
        null,
        null,
        0,
        now,
        null,
        status.isFinal() ? now : null,
        null,
        null);
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  private static <T> T peer(Supplier<T> call) {
    try {
      return call.get();
    } catch (PeerUnavailableException e) {
      log.warn("create refused, {}", e.getMessage());
      throw new ApiException(
          HttpStatus.SERVICE_UNAVAILABLE,
          DEPENDENCY_UNAVAILABLE,
          "a service needed to accept this video is unavailable; try again shortly");
    }
  }
}
