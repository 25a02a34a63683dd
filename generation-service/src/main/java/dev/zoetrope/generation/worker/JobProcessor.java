package dev.zoetrope.generation.worker;

import dev.zoetrope.common.events.EventEnvelope;
import dev.zoetrope.common.outbox.Inbox;
import dev.zoetrope.common.outbox.Outbox;
import dev.zoetrope.contracts.cameo.CameoApi;
import dev.zoetrope.contracts.cameo.CameoApi.UsageCheckResult;
import dev.zoetrope.contracts.generation.GenerationEvents;
import dev.zoetrope.contracts.generation.GenerationEvents.JobRequested;
import dev.zoetrope.contracts.generation.GenerationEvents.VideoCompleted;
import dev.zoetrope.contracts.generation.GenerationEvents.VideoFailed;
import dev.zoetrope.contracts.media.MediaApi.StoredAsset;
import dev.zoetrope.contracts.moderation.ModerationApi;
import dev.zoetrope.contracts.moderation.ModerationApi.ClipMeasurements;
import dev.zoetrope.contracts.moderation.ModerationApi.OutputCheckRequest;
import dev.zoetrope.contracts.moderation.ModerationApi.Verdict;
import dev.zoetrope.generation.GenerationProperties;
import dev.zoetrope.generation.peers.CameoClient;
import dev.zoetrope.generation.peers.MediaStoreClient;
import dev.zoetrope.generation.peers.ModerationClient;
import dev.zoetrope.generation.peers.PeerRetries;
import dev.zoetrope.generation.peers.PeerUnavailableException;
import dev.zoetrope.generation.queue.Leases;
import dev.zoetrope.generation.render.ClipRenderer;
import dev.zoetrope.generation.render.RenderCancelledException;
import dev.zoetrope.generation.render.RenderRequest;
import dev.zoetrope.generation.render.RenderedClip;
import dev.zoetrope.generation.subjects.SubjectEncoder;
import dev.zoetrope.generation.videos.VideoRepository;
import dev.zoetrope.generation.videos.domain.Cancellation;
import dev.zoetrope.generation.videos.domain.Origin;
import dev.zoetrope.generation.videos.domain.Video;
import dev.zoetrope.generation.videos.domain.VideoStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes one job from queued to completed or failed. Idempotent against redelivery: a job that is
 * already final is ignored, every state change is guarded by the current status in SQL, and the
 * final transaction also claims the event in the inbox, so only one outcome (and one lifecycle
 * event) is ever recorded. A worker that dies mid-render leaves the job in_progress; the
 * redelivered event renders it again, up to {@code maxAttempts}.
 *
 * <p>No transaction spans a render or a peer call: the claim, each progress write and the final
 * outcome are short transactions of their own.
 */
public class JobProcessor {
  private static final Logger log = LoggerFactory.getLogger(JobProcessor.class);

  /** Inbox consumer name. */
  public static final String CONSUMER = "generation-worker";

  public static final String RENDER_FAILED = "render_failed";
  public static final String RENDER_CANCELLED = "render_cancelled";
  public static final String DEPENDENCY_UNAVAILABLE = "dependency_unavailable";
  public static final String SOURCE_UNAVAILABLE = "source_unavailable";

  public static final String CONSENT_WITHDRAWN =
      "permission to use one or more cameos was withdrawn";

  /** Logged, never recorded: the job belongs to another worker once its lease is lost. */
  static final String LEASE_LOST = "lease_lost";

  static final int SUBJECT_CACHE_SIZE = 1000;

  private static final MediaType MP4 = MediaType.parseMediaType("video/mp4");

  /** Most often a running render reads its job's cancel flag. */
  static final long CANCEL_POLL_INTERVAL_MS = 250;

  public enum Outcome {
    COMPLETED,
    FAILED,
    SKIPPED
  }

  private final VideoRepository videos;
  private final TransactionTemplate tx;
  private final Outbox outbox;
  private final Inbox inbox;
  private final ModerationClient moderation;
  private final CameoClient cameos;
  private final MediaStoreClient media;
  private final ClipRenderer renderer;
  private final WorkerMetrics metrics;
  private final GenerationProperties.Worker config;
  private final Leases leases;

  /** Subject phrases by cameo, least recently used dropped past {@link #SUBJECT_CACHE_SIZE}. */
  private final Map<UUID, String> subjectPhrases =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, String> eldest) {
              return size() > SUBJECT_CACHE_SIZE;
            }
          });

  public JobProcessor(
      VideoRepository videos,
      TransactionTemplate tx,
      Outbox outbox,
      Inbox inbox,
      ModerationClient moderation,
      CameoClient cameos,
      MediaStoreClient media,
      ClipRenderer renderer,
      MeterRegistry meters,
      GenerationProperties.Worker config,
      Leases leases) {
    this.leases = leases;
    this.videos = videos;
    this.tx = tx;
    this.outbox = outbox;
    this.inbox = inbox;
    this.moderation = moderation;
    this.cameos = cameos;
    this.media = media;
    this.renderer = renderer;
    this.metrics = new WorkerMetrics(meters);
    this.config = config;
  }

  /** Renders, stores and records one job on the calling thread. */
  public Outcome process(UUID eventId, JobRequested job) {
    return render(eventId, job).finish();
  }

  /**
   * Takes one job as far as its encoded clip on the calling thread, which holds a render slot. What
   * is left — storing the clip, the output check and the final transaction — comes back as a {@link
   * Rendered} that any thread may {@link Rendered#finish}, so the slot can start the next job
   * meanwhile; until then the job's lease is still renewed. A job that ended before that point
   * (skipped, failed, cancelled) comes back finished.
   */
  public Rendered render(UUID eventId, JobRequested job) {
    long pickedUp = System.currentTimeMillis();
    Split split = new Split();
    split.pickedUpEpochMs = pickedUp;
    Instant claimedAt = now();
    long t = System.nanoTime();
    // One statement, no transaction around it: the claim is the slot's only database round trip
    // before the render.
    Optional<Video> claimed =
        videos.claim(job.videoId(), claimedAt, leases.leaseDuration(), leases.workerId());
    split.bookkeepingMs += millisSince(t);
    if (claimed.isEmpty()) {
      explainSkip(job.videoId());
      return Rendered.ended(Outcome.SKIPPED);
    }
    Video video = claimed.get();
    split.attempt = video.attempts();
    if (split.attempt == 1) {
      split.queueWaitMs = Duration.between(video.createdAt(), claimedAt).toMillis();
      WorkerMetrics.record(metrics.queueWait, split.queueWaitMs);
    }
    if (split.attempt > config.maxAttempts()) {
      return Rendered.ended(
          fail(
              eventId,
              video,
              RENDER_FAILED,
              "the video could not be rendered after " + config.maxAttempts() + " attempts",
              split));
    }
    // Heartbeats from a background thread keep the lease while this thread renders, and after it
    // while the clip is stored: the lease goes with what is left of the job until that finishes.
    Leases.Held held = leases.hold(video.id());
    Step step;
    try {
      step = renderHeld(eventId, video, split, held);
    } catch (PeerUnavailableException e) {
      held.close();
      return Rendered.ended(dependencyUnavailable(eventId, video, split, e));
    } catch (RuntimeException | Error e) {
      held.close();
      throw e;
    }
    return switch (step) {
      case Ended ended -> {
        held.close();
        yield Rendered.ended(ended.outcome());
      }
      case Clip clip -> {
        split.renderedEpochMs = System.currentTimeMillis();
        yield new Rendered(() -> storeHeld(eventId, video, split, held, clip));
      }
    };
  }

  /** Why a job's record was not ours to render (off the render path: the job is skipped). */
  private void explainSkip(UUID id) {
    Optional<Video> found = videos.find(id);
    if (found.isEmpty()) {
      log.warn("job {} has no video row; skipped", id);
    } else if (found.get().status().isFinal()) {
      log.info("job {} is already {}; redelivery ignored", id, found.get().status().wire());
    } else {
      log.info(
          "job {} is {} under another worker's lease; skipped", id, found.get().status().wire());
    }
  }

  /** Where the render path stopped: a job that ended on it, or a clip to store. */
  private sealed interface Step permits Ended, Clip {}

  /** The job ended before it had a clip to store, with this outcome recorded (or skipped). */
  private record Ended(Outcome outcome) implements Step {}

  /** An encoded clip, and its stills already on their way to media-store. */
  private record Clip(RenderedClip clip, StillUploads stills) implements Step {}

  /** Stores and records a rendered clip, then lets go of the job's lease. */
  private Outcome storeHeld(UUID eventId, Video video, Split split, Leases.Held held, Clip clip) {
    try (held) {
      return store(eventId, video, split, clip.clip(), clip.stills());
    } catch (PeerUnavailableException e) {
      return dependencyUnavailable(eventId, video, split, e);
    }
  }

  private Outcome dependencyUnavailable(
      UUID eventId, Video video, Split split, PeerUnavailableException e) {
    log.warn("job {}: {}", video.id(), e.getMessage());
    return fail(
        eventId,
        video,
        DEPENDENCY_UNAVAILABLE,
        "a service needed to finish this video was unavailable",
        split);
  }

  /**
   * A job after its render slot is done with it: ended already, or a clip left to store and record.
   * {@link #finish} does that once, on whichever thread calls it (a lock rather than {@code
   * synchronized}: on Java 21 a virtual thread blocked inside a monitor pins its carrier).
   */
  public static final class Rendered {
    private final Supplier<Outcome> rest;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Outcome outcome;

    Rendered(Supplier<Outcome> rest) {
      this.rest = rest;
    }

    static Rendered ended(Outcome outcome) {
      Rendered rendered = new Rendered(null);
      rendered.outcome = outcome;
      return rendered;
    }

    /** True when nothing is left to do: {@link #finish} returns at once. */
    public boolean ended() {
      return outcome != null;
    }

    /** Stores and records the clip (the first call only) and returns the job's outcome. */
    public Outcome finish() {
      lock.lock();
      try {
        if (outcome == null) {
          outcome = rest.get();
        }
        return outcome;
      } finally {
        lock.unlock();
      }
    }
  }

  /** Checks consent, reads the job's inputs and renders the clip. */
  private Step renderHeld(UUID eventId, Video video, Split split, Leases.Held held) {
    if (!video.cameoIds().isEmpty()) {
      long t = System.nanoTime();
      // Consent can be withdrawn while the job waits in the queue.
      UsageCheckResult consent = retrying(() -> cameos.check(video.ownerId(), video.cameoIds()));
      split.checksMs += millisSince(t);
      if (!consent.allowed()) {
        return new Ended(fail(eventId, video, CameoApi.DENIED_CODE, CONSENT_WITHDRAWN, split));
      }
    }
    List<String> subjects = new ArrayList<>();
    for (UUID cameo : video.cameoIds()) {
      long t = System.nanoTime();
      Optional<String> phrase = subjectPhrase(video, cameo);
      split.checksMs += millisSince(t);
      if (phrase.isEmpty()) {
        return new Ended(fail(eventId, video, CameoApi.DENIED_CODE, CONSENT_WITHDRAWN, split));
      }
      if (!phrase.get().isEmpty()) {
        subjects.add(phrase.get());
      }
    }

    long tInputs = System.nanoTime();
    Optional<RenderRequest.Reference> reference = reference(video);
    split.uploadMs += millisSince(tInputs);
    if (reference.isEmpty()) {
      return new Ended(
          fail(
              eventId,
              video,
              SOURCE_UNAVAILABLE,
              "the video or image this job starts from is no longer available",
              split));
    }

    RenderedClip clip;
    ProgressThrottle throttle = new ProgressThrottle(config.progressStepPercent());
    StillUploads stills = new StillUploads((variant, jpeg) -> store(video, variant, jpeg));
    ClipRenderer.Progress progress =
        new ClipRenderer.Progress() {
          @Override
          public void update(int percent) {
            throttle.accept(percent).ifPresent(p -> writeProgress(video.id(), p));
          }

          @Override
          public void stillsReady(byte[] thumbnailJpeg, byte[] spritesheetJpeg) {
            stills.start(thumbnailJpeg, spritesheetJpeg);
          }
        };
    long t = System.nanoTime();
    try {
      clip =
          renderer.render(
              new RenderRequest(
                  video.model(),
                  video.prompt(),
                  video.seconds(),
                  video.width(),
                  video.height(),
                  video.seed(),
                  video.origin().negativePrompt(),
                  subjects,
                  reference.get()),
              progress,
              new CancellationPoll(
                  // A lost lease means another worker owns the job now: rendering on is waste.
                  () -> held.lost() || videos.shouldStop(video.id()),
                  CANCEL_POLL_INTERVAL_MS,
                  System::nanoTime));
    } catch (RenderCancelledException e) {
      split.renderMs = millisSince(t);
      if (held.lost()) {
        log.warn("job {}: lease lost mid-render; left to the worker that holds it now", video.id());
        return new Ended(finish(video, Outcome.SKIPPED, LEASE_LOST, split));
      }
      return new Ended(stopped(eventId, video, split));
    } catch (RuntimeException | LinkageError e) {
      // LinkageError: a broken native library or deployment fails the job, not the worker.
      split.renderMs = millisSince(t);
      log.error("job {}: renderer failed", video.id(), e);
      return new Ended(
          fail(eventId, video, RENDER_FAILED, "the video could not be rendered", split));
    }
    split.renderMs = millisSince(t);
    if (clip == null || clip.mp4() == null || clip.mp4().length == 0) {
      return new Ended(
          fail(eventId, video, RENDER_FAILED, "the renderer produced no video", split));
    }
    split.denoiseMs = clip.denoiseMillis();
    split.decodeMs = clip.decodeMillis();
    split.encodeMs = clip.encodeMillis();
    WorkerMetrics.record(metrics.renderTotal, split.renderMs);
    WorkerMetrics.record(metrics.denoise, clip.denoiseMillis());
    WorkerMetrics.record(metrics.decode, clip.decodeMillis());
    WorkerMetrics.record(metrics.encode, clip.encodeMillis());

    return new Clip(clip, stills);
  }

  /** Stores the clip and its stills, has the output checked and records the outcome. */
  private Outcome store(
      UUID eventId, Video video, Split split, RenderedClip clip, StillUploads stills) {
    long t = System.nanoTime();
    // The stills went up while the MP4 encoded (see StillUploads); now the clip itself.
    stills.start(clip.thumbnailJpeg(), clip.spritesheetJpeg());
    UUID assetId;
    UUID thumbnailId;
    Verdict verdict;
    FutureTask<UUID> upload = null;
    try {
      if (clip.measurements() != null) {
        // Moderation judges the measurements, not the stored bytes (ADR 0007), so the check runs
        // while the clip uploads, naming the asset id picked for it: together they cost the slower.
        UUID picked = UUID.randomUUID();
        AtomicLong uploaded = new AtomicLong();
        upload =
            new FutureTask<>(
                () -> {
                  UUID id =
                      retrying(
                          () ->
                              media.storeAs(
                                  picked,
                                  video.id(),
                                  video.ownerId(),
                                  MediaStoreClient.VIDEO,
                                  MP4,
                                  clip.mp4()));
                  uploaded.set(System.nanoTime());
                  return id;
                });
        Thread.ofVirtual().name("upload-video").start(upload);
        OutputCheckRequest check = outputCheck(video, picked, clip);
        verdict = retrying(() -> moderation.checkOutput(check));
        long checked = System.nanoTime();
        assetId = StillUploads.await(upload);
        thumbnailId = stills.finish(clip.thumbnailJpeg(), clip.spritesheetJpeg());
        // Charged once: the uploads until the last of them ended (the clip's own end is taken where
        // it ended, not when this thread got to it after the check), plus whatever the check took
        // beyond them. Measuring the upload here instead charged a slower check as upload time.
        long stored = Math.max(uploaded.get(), stills.lastEnded());
        split.uploadMs += (stored - t) / 1_000_000;
        split.checksMs += Math.max(0, checked - stored) / 1_000_000;
      } else {
        assetId = store(video, MediaStoreClient.VIDEO, MP4, clip.mp4()).assetId();
        thumbnailId = stills.finish(clip.thumbnailJpeg(), clip.spritesheetJpeg());
        split.uploadMs += millisSince(t);
        t = System.nanoTime();
        // Moderation fetches and decodes the stored clip itself.
        OutputCheckRequest check = outputCheck(video, assetId, clip);
        verdict = retrying(() -> moderation.checkOutput(check));
        split.checksMs += millisSince(t);
      }
    } catch (RuntimeException e) {
      // No upload outlives the job that started it: the job ends only once they have all ended.
      StillUploads.settle(upload);
      stills.settle();
      throw e;
    }
    split.bytes = clip.mp4().length;
    WorkerMetrics.record(metrics.upload, split.uploadMs);
    if (!verdict.allowed()) {
      return fail(
          eventId,
          video,
          ModerationApi.BLOCKED_CODE,
          "The generated video was blocked by our moderation system.",
          split);
    }
    return complete(eventId, video, assetId, thumbnailId, split);
  }

  /**
   * The words describing a cameo's subject ("" when its recording shows none the encoder can find),
   * or empty when its recording cannot be read because consent is gone. A recording never changes
   * for its cameo and consent was checked just before, so a description measured once is reused
   * rather than fetched and decoded for every clip.
   */
  private Optional<String> subjectPhrase(Video video, UUID cameo) {
    String known = subjectPhrases.get(cameo);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<byte[]> recording = retrying(() -> cameos.recording(cameo, video.ownerId()));
    if (recording.isEmpty()) {
      return Optional.empty();
    }
    String phrase;
    try {
      phrase = SubjectEncoder.describe(recording.get()).conditioningPhrase();
    } catch (IllegalArgumentException e) {
      // Consent is given and checked; only the description failed (a recording whose subject the
      // encoder cannot find). The clip is still made, from the prompt alone.
      log.warn(
          "job {}: cameo {} gave no subject description: {}", video.id(), cameo, e.getMessage());
      phrase = "";
    }
    subjectPhrases.put(cameo, phrase);
    return Optional.of(phrase);
  }

  /**
   * The media the clip starts from, read now rather than at create so a source deleted while the
   * job waited is noticed; empty when it is gone.
   */
  private Optional<RenderRequest.Reference> reference(Video video) {
    Origin origin = video.origin();
    return switch (origin.kind()) {
      case GENERATE -> Optional.of(RenderRequest.Reference.NONE);
      case IMAGE ->
          retrying(() -> media.fetch(origin.inputAssetId()))
              .map(RenderRequest.Reference.FirstFrame::new);
      case REMIX ->
          sourceClip(origin)
              .map(
                  mp4 ->
                      new RenderRequest.Reference.Transform(
                          mp4, RenderRequest.Reference.Transform.REMIX_STRENGTH));
      case EDIT ->
          sourceClip(origin)
              .map(
                  mp4 ->
                      new RenderRequest.Reference.Transform(
                          mp4, RenderRequest.Reference.Transform.EDIT_STRENGTH));
      case EXTEND -> sourceClip(origin).map(RenderRequest.Reference.Continue::new);
    };
  }

  private Optional<byte[]> sourceClip(Origin origin) {
    if (origin.sourceVideoId() == null) {
      return retrying(() -> media.fetch(origin.inputAssetId()));
    }
    Optional<UUID> asset =
        videos
            .find(origin.sourceVideoId())
            .filter(v -> v.status() == VideoStatus.COMPLETED)
            .map(Video::assetId);
    return asset.isEmpty() ? Optional.empty() : retrying(() -> media.fetch(asset.get()));
  }

  private Outcome complete(UUID eventId, Video video, UUID assetId, UUID thumbnailId, Split split) {
    Instant now = now();
    long t = System.nanoTime();
    Boolean done =
        tx.execute(
            s -> {
              if (!videos.complete(video.id(), assetId, thumbnailId, now)
                  || !inbox.firstDelivery(CONSUMER, eventId)) {
                s.setRollbackOnly();
                return false;
              }
              outbox.append(
                  GenerationEvents.VIDEOS_TOPIC,
                  EventEnvelope.of(
                      VideoCompleted.TYPE,
                      VideoCompleted.VERSION,
                      video.id().toString(),
                      new VideoCompleted(
                          video.id(),
                          video.ownerId(),
                          assetId,
                          video.model(),
                          video.seconds(),
                          video.size(),
                          video.cameoIds(),
                          now)));
              return true;
            });
    split.bookkeepingMs += millisSince(t);
    if (!Boolean.TRUE.equals(done) && videos.cancelRequested(video.id())) {
      // Cancelled after the last denoising step: the clip is stored but must not be served.
      try {
        media.deleteAssets(video.id());
      } catch (PeerUnavailableException e) {
        log.warn("job {}: could not delete the assets of a cancelled job: {}", video.id(), e);
      }
      return stopped(eventId, video, split);
    }
    return finish(
        video, Boolean.TRUE.equals(done) ? Outcome.COMPLETED : Outcome.SKIPPED, null, split);
  }

  /**
   * Ends a job whose worker was asked to stop: with the consent error when a cameo's consent was
   * withdrawn meanwhile (dev.zoetrope.generation.consent), otherwise as cancelled.
   */
  private Outcome stopped(UUID eventId, Video video, Split split) {
    return videos.consentWithdrawn(video.id())
        ? fail(eventId, video, CameoApi.DENIED_CODE, CONSENT_WITHDRAWN, split)
        : fail(eventId, video, Cancellation.CODE, Cancellation.MESSAGE, split);
  }

  private Outcome fail(UUID eventId, Video video, String code, String message, Split split) {
    Instant now = now();
    long t = System.nanoTime();
    Boolean done =
        tx.execute(
            s -> {
              if (!videos.fail(video.id(), code, message, now)
                  || !inbox.firstDelivery(CONSUMER, eventId)) {
                s.setRollbackOnly();
                return false;
              }
              outbox.append(
                  GenerationEvents.VIDEOS_TOPIC,
                  EventEnvelope.of(
                      VideoFailed.TYPE,
                      VideoFailed.VERSION,
                      video.id().toString(),
                      new VideoFailed(video.id(), video.ownerId(), code, message)));
              return true;
            });
    split.bookkeepingMs += millisSince(t);
    return finish(video, Boolean.TRUE.equals(done) ? Outcome.FAILED : Outcome.SKIPPED, code, split);
  }

  private Outcome finish(Video video, Outcome outcome, String code, Split split) {
    WorkerMetrics.record(metrics.bookkeeping, split.bookkeepingMs);
    WorkerMetrics.record(metrics.checks, split.checksMs);
    if (outcome != Outcome.SKIPPED) {
      metrics.outcome(outcome == Outcome.COMPLETED ? "completed" : "failed", code);
    }
    // One line per job with the whole split: the benchmark reads these.
    log.info(
        "job {} {}{} attempt={} model={} seconds={} size={} bytes={} queue_wait_ms={}"
            + " render_ms={} denoise_ms={} decode_ms={} encode_ms={} upload_ms={} checks_ms={}"
            + " bookkeeping_ms={} picked_up_epoch_ms={} rendered_epoch_ms={}",
        video.id(),
        outcome.name().toLowerCase(),
        code == null ? "" : " code=" + code,
        split.attempt,
        video.model(),
        video.seconds(),
        video.size(),
        split.bytes,
        split.queueWaitMs,
        split.renderMs,
        split.denoiseMs,
        split.decodeMs,
        split.encodeMs,
        split.uploadMs,
        split.checksMs,
        split.bookkeepingMs,
        split.pickedUpEpochMs,
        split.renderedEpochMs);
    return outcome;
  }

  /**
   * The output check of a stored clip, with the renderer's measurements of the frames it encoded
   * when it took them (ADR 0007): moderation then judges those instead of fetching and decoding the
   * clip again.
   */
  private static OutputCheckRequest outputCheck(Video video, UUID assetId, RenderedClip clip) {
    RenderedClip.Measurements m = clip.measurements();
    ClipMeasurements measurements =
        m == null
            ? null
            : new ClipMeasurements(
                sha256(clip.mp4()),
                m.videoStreams(),
                m.audioStreams(),
                m.width(),
                m.height(),
                m.frameTimestampsMicros(),
                m.frameLuminance());
    return new OutputCheckRequest(
        video.ownerId(), video.id(), assetId, video.prompt(), measurements);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private StoredAsset store(Video video, String variant, byte[] jpeg) {
    return store(video, variant, MediaType.IMAGE_JPEG, jpeg);
  }

  /** Stores one asset of the clip; nothing when the renderer made none of this kind. */
  private StoredAsset store(Video video, String variant, MediaType type, byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      return null;
    }
    return retrying(() -> media.store(video.id(), video.ownerId(), variant, type, bytes));
  }

  private void writeProgress(UUID id, int percent) {
    try {
      videos.progress(id, percent);
    } catch (RuntimeException e) {
      // Progress is advisory; losing one update must not cost the render.
      log.warn("job {}: progress write failed: {}", id, e.toString());
    }
  }

  /** Peers get a few tries with backoff before the job fails: their outages are often brief. */
  private <T> T retrying(Supplier<T> call) {
    return PeerRetries.call(call, config.peerRetries(), config.peerRetryBackoffMs());
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }

  private static long millisSince(long nanoStart) {
    return (System.nanoTime() - nanoStart) / 1_000_000;
  }

  private static final class Split {
    int attempt;
    long bytes;
    long queueWaitMs;
    long renderMs;
    long denoiseMs;
    long decodeMs;
    long encodeMs;
    long uploadMs;
    long checksMs;
    long bookkeepingMs;

    /**
     * When the render slot picked the job up and when its clip was encoded (epoch ms; 0: never).
     */
    long pickedUpEpochMs;

    long renderedEpochMs;
  }
}
