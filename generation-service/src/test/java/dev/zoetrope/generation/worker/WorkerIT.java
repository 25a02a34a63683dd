package dev.zoetrope.generation.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoetrope.common.outbox.Inbox;
import dev.zoetrope.common.outbox.Outbox;
import dev.zoetrope.contracts.generation.GenerationEvents;
import dev.zoetrope.contracts.generation.GenerationEvents.JobRequested;
import dev.zoetrope.contracts.moderation.ModerationApi;
import dev.zoetrope.generation.GenerationProperties;
import dev.zoetrope.generation.peers.CameoClient;
import dev.zoetrope.generation.peers.MediaStoreClient;
import dev.zoetrope.generation.peers.ModerationClient;
import dev.zoetrope.generation.queue.Leases;
import dev.zoetrope.generation.render.ClipRenderer;
import dev.zoetrope.generation.render.RenderCancelledException;
import dev.zoetrope.generation.render.RenderRequest;
import dev.zoetrope.generation.subjects.CameoMp4;
import dev.zoetrope.generation.support.IntegrationTest;
import dev.zoetrope.generation.support.PeerStubs;
import dev.zoetrope.generation.support.PeerStubs.Upload;
import dev.zoetrope.generation.support.TestClipRenderer;
import dev.zoetrope.generation.videos.VideoRepository;
import dev.zoetrope.generation.videos.domain.Origin;
import dev.zoetrope.generation.videos.domain.Video;
import dev.zoetrope.generation.videos.domain.VideoStatus;
import dev.zoetrope.generation.videos.domain.WireIds;
import dev.zoetrope.generation.worker.JobProcessor.Outcome;
import dev.zoetrope.generation.world.CameoRecording;
import dev.zoetrope.generation.world.CharacterSpec;
import dev.zoetrope.generation.world.RenderSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The worker end to end (API → outbox → real Kafka → worker with the application's renderer → peers
 * → completed), plus its state transitions driven directly through {@link JobProcessor} with the
 * quick {@link TestClipRenderer}. The context is closed afterwards so its Kafka consumer does not
 * render jobs that later test classes create.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class WorkerIT extends IntegrationTest {
  private final TestClipRenderer quickRenderer = new TestClipRenderer();

  /** Generous: the DJL renderer on two shared cores, behind other tests' jobs in the queue. */
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

  @Autowired VideoRepository videos;
  @Autowired TransactionTemplate tx;
  @Autowired Outbox outbox;
  @Autowired Inbox inbox;
  @Autowired ModerationClient moderation;
  @Autowired CameoClient cameos;
  @Autowired MediaStoreClient media;
  @Autowired ClipRenderer renderer;
  @Autowired MeterRegistry meters;
  @Autowired GenerationProperties config;
  @Autowired KafkaListenerEndpointRegistry listeners;
  @Autowired Finisher workerFinisher;

  @Test
  void aJobRunsThroughKafkaAndTheRendererToCompleted() throws Exception {
    User owner = newUser();
    UUID cameo = UUID.randomUUID();
    JsonNode created =
        json(
            postJson(
                owner,
                "/v1/videos",
                "{\"prompt\":\"a blue ball bounces high\",\"size\":\"1280x720\",\"cameo_ids\":[\""
                    + WireIds.cameo(cameo)
                    + "\"]}"));
    String wireId = created.get("id").asString();
    UUID id = WireIds.parseVideo(wireId).orElseThrow();

    JsonNode done =
        awaitVideo(
            owner,
            wireId,
            JOB_TIMEOUT,
            v -> VideoStatus.fromWire(v.get("status").asString()).isFinal());

    assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("completed");
    assertThat(done.get("progress").asInt()).isEqualTo(100);
    assertThat(done.get("error").isNull()).isTrue();
    assertThat(done.get("queue_position").isNull()).isTrue();
    assertThat(done.get("completed_at").asLong())
        .isGreaterThanOrEqualTo(done.get("created_at").asLong());
    assertThat(get(owner, "/v1/videos/" + wireId).headers().firstValue("openai-poll-after-ms"))
        .isEmpty();

    Video row = videos.find(id).orElseThrow();
    assertThat(row.attempts()).isEqualTo(1);
    assertThat(row.startedAt()).isNotNull();
    List<Upload> uploads = PEERS.uploadsFor(id);
    Upload clip =
        uploads.stream().filter(u -> u.variant().equals("video")).findFirst().orElseThrow();
    assertThat(row.assetId()).isEqualTo(clip.assetId());
    assertThat(clip.ownerId()).isEqualTo(owner.id());
    assertThat(clip.contentType()).isEqualTo("video/mp4");
    assertPlayableMp4(clip.bytes(), 1280, 720);
    uploads.stream()
        .filter(u -> u.variant().equals("thumbnail"))
        .findFirst()
        .ifPresent(
            thumb -> {
              assertThat(row.thumbnailAssetId()).isEqualTo(thumb.assetId());
              assertThat(thumb.contentType()).isEqualTo("image/jpeg");
              assertThat(thumb.bytes()).startsWith((byte) 0xff, (byte) 0xd8, (byte) 0xff);
            });

    // Output moderation saw the stored clip; consent was checked at create and again at render.
    assertThat(PEERS.outputChecks)
        .anyMatch(c -> c.videoId().equals(id) && c.assetId().equals(clip.assetId()));
    // The renderer measured every frame it encoded (ADR 0007): moderation judges those, for the
    // very bytes stored.
    ModerationApi.ClipMeasurements measured =
        PEERS.outputChecks.stream()
            .filter(c -> c.videoId().equals(id))
            .findFirst()
            .orElseThrow()
            .measurements();
    assertThat(measured).isNotNull();
    assertThat(measured.mp4Sha256())
        .isEqualTo(
            java.util.HexFormat.of()
                .formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(clip.bytes())));
    assertThat(measured.videoStreams()).isEqualTo(1);
    assertThat(measured.audioStreams()).isEqualTo(1);
    assertThat(measured.width()).isEqualTo(1280);
    assertThat(measured.height()).isEqualTo(720);
    assertThat(measured.frameLuminance()).hasSize(96);
    assertThat(java.util.Arrays.stream(measured.frameLuminance())).allMatch(l -> l >= 0 && l <= 1);
    assertThat(PEERS.cameoChecks.stream().filter(c -> c.cameoIds().contains(cameo))).hasSize(2);

    assertThat(eventTypes(id, GenerationEvents.VIDEOS_TOPIC))
        .containsExactly(GenerationEvents.VideoCompleted.TYPE);
    String assetInEvent =
        jdbc.sql(
                "select payload->'payload'->>'assetId' from outbox where msg_key = :k and topic = :t")
            .param("k", id.toString())
            .param("t", GenerationEvents.VIDEOS_TOPIC)
            .query(String.class)
            .single();
    assertThat(assetInEvent).isEqualTo(clip.assetId().toString());
    assertThat(meters.find("zoetrope.generation.render").tag("stage", "total").timer())
        .isNotNull()
        .satisfies(t -> assertThat(t.count()).isPositive());
  }

  @Test
  void outputRefusedByModerationFailsTheJob() {
    Video job = insertQueued(UUID.randomUUID(), PeerStubs.UNSAFE_OUTPUT + " scene", List.of());

    assertThat(processorWith(quickRenderer).process(UUID.randomUUID(), requested(job)))
        .isEqualTo(Outcome.FAILED);

    Video row = videos.find(job.id()).orElseThrow();
    assertThat(row.status()).isEqualTo(VideoStatus.FAILED);
    assertThat(row.errorCode()).isEqualTo("moderation_blocked");
    assertThat(row.assetId()).isNull();
    assertThat(PEERS.outputChecks).anyMatch(c -> c.videoId().equals(job.id()));
    assertThat(eventTypes(job.id(), GenerationEvents.VIDEOS_TOPIC))
        .containsExactly(GenerationEvents.VideoFailed.TYPE);
  }

  @Test
  void withdrawnConsentFailsTheJobBeforeRendering() {
    UUID cameo = UUID.randomUUID();
    PEERS.deniedCameos.add(cameo);
    Video job = insertQueued(UUID.randomUUID(), "p", List.of(cameo));

    assertThat(processorWith(quickRenderer).process(UUID.randomUUID(), requested(job)))
        .isEqualTo(Outcome.FAILED);

    Video row = videos.find(job.id()).orElseThrow();
    assertThat(row.status()).isEqualTo(VideoStatus.FAILED);
    assertThat(row.errorCode()).isEqualTo("cameo_permission_denied");
    assertThat(PEERS.uploadsFor(job.id())).isEmpty();
    assertThat(eventTypes(job.id(), GenerationEvents.VIDEOS_TOPIC))
        .containsExactly(GenerationEvents.VideoFailed.TYPE);
  }

  @Test
  void aRendererFailureFailsTheJobWithRenderFailed() {
    ClipRenderer broken =
        (request, progress, cancel) -> {
          progress.update(30);
          throw new IllegalStateException("out of memory on the device");
        };
    Video job = insertQueued(UUID.randomUUID(), "p", List.of());

    assertThat(processorWith(broken).process(UUID.randomUUID(), requested(job)))
        .isEqualTo(Outcome.FAILED);

    Video row = videos.find(job.id()).orElseThrow();
    assertThat(row.errorCode()).isEqualTo("render_failed");
    assertThat(row.errorMessage()).doesNotContain("memory");
    assertThat(row.progress()).isEqualTo(30);
    assertThat(row.completedAt()).isNotNull();
    assertThat(eventTypes(job.id(), GenerationEvents.VIDEOS_TOPIC))
        .containsExactly(GenerationEvents.VideoFailed.TYPE);
  }

  @Test
  void theSlotRendersTheNextJobWhileTheLastClipIsStillBeingStored() throws Exception {
    UUID slowOwner = UUID.randomUUID();
    CountDownLatch storageMayAnswer = new CountDownLatch(1);
    PEERS.heldUploadOwners.put(slowOwner, storageMayAnswer);
    Video first = insertQueued(slowOwner, "a red ball drops", List.of());
    Video second = insertQueued(UUID.randomUUID(), "a blue block slides", List.of());
    JobProcessor worker = processorWith(quickRenderer);
    Finisher finisher = new Finisher(true, 1, Duration.ofSeconds(30), meters);
    finisher.start();
    try {
      finisher.finish(worker.render(UUID.randomUUID(), requested(first)));

      // Its clip is still on the way to media-store: the job is running, not yet completed...
      assertThat(videos.find(first.id()).orElseThrow().status()).isEqualTo(VideoStatus.IN_PROGRESS);
      // ...and the slot has already rendered the next one.
      JobProcessor.Rendered next = worker.render(UUID.randomUUID(), requested(second));
      assertThat(next.ended()).isFalse();
      assertThat(videos.find(first.id()).orElseThrow().status()).isEqualTo(VideoStatus.IN_PROGRESS);

      storageMayAnswer.countDown();
      finisher.finish(next); // waits for the first clip to be recorded before handing over
      assertThat(videos.find(first.id()).orElseThrow().status()).isEqualTo(VideoStatus.COMPLETED);
    } finally {
      storageMayAnswer.countDown();
      PEERS.heldUploadOwners.remove(slowOwner);
      finisher.stop(); // waits for the second
    }
    Video done = videos.find(second.id()).orElseThrow();
    assertThat(done.status()).isEqualTo(VideoStatus.COMPLETED);
    assertThat(done.assetId()).isNotNull();
    assertThat(eventTypes(first.id(), GenerationEvents.VIDEOS_TOPIC))
        .containsExactly(GenerationEvents.VideoCompleted.TYPE);
  }

  @Test
  void theJobListenerDrainsARenderBeforeItsClipsAndCommitsWithoutWaiting() {
    var slot = listeners.getListenerContainer("generation-worker");
    assertThat(slot).isNotNull();
    // Long enough for a 12-second Pro clip on a CPU, where Spring Kafka's default gives up at 10 s.
    assertThat(slot.getContainerProperties().getShutdownTimeout())
        .isEqualTo(WorkerConfiguration.RENDER_DRAIN.toMillis());
    // The slot's render stops first (the containers' phase), then the clips it handed over.
    assertThat(workerFinisher.getPhase()).isLessThan(slot.getPhase());
    assertThat(slot.getContainerProperties().isSyncCommits()).isFalse();
  }

  @Test
  void mediaStoreOutageFailsTheJobAfterRetries() {
    UUID owner = UUID.randomUUID();
    PEERS.mediaOutageOwners.add(owner);
    Video job = insertQueued(owner, "p", List.of());

    assertThat(processorWith(quickRenderer).process(UUID.randomUUID(), requested(job)))
        .isEqualTo(Outcome.FAILED);

    assertThat(videos.find(job.id()).orElseThrow().errorCode()).isEqualTo("dependency_unavailable");
    // Clip, thumbnail and spritesheet upload side by side, each retried before the job fails.
    assertThat(PEERS.failedUploadOwners.stream().filter(owner::equals))
        .hasSize(3 * (1 + config.worker().peerRetries()));
  }

  @Test
  void aRedeliveredFinishedJobIsIgnored() {
    Video job = insertQueued(UUID.randomUUID(), "p", List.of());
    UUID eventId = UUID.randomUUID();
    JobProcessor worker = processorWith(quickRenderer);
    assertThat(worker.process(eventId, requested(job))).isEqualTo(Outcome.COMPLETED);
    int uploads = PEERS.uploadsFor(job.id()).size();

    assertThat(worker.process(eventId, requested(job))).isEqualTo(Outcome.SKIPPED);
    assertThat(worker.process(UUID.randomUUID(), requested(job))).isEqualTo(Outcome.SKIPPED);

    assertThat(PEERS.uploadsFor(job.id())).hasSize(uploads);
    assertThat(videos.find(job.id()).orElseThrow().attempts()).isEqualTo(1);
    assertThat(eventTypes(job.id(), GenerationEvents.VIDEOS_TOPIC))
        .containsExactly(GenerationEvents.VideoCompleted.TYPE);
  }

  @Test
  void aJobWhoseWorkersKeepDyingFailsAfterMaxAttempts() {
    Video job = insertQueued(UUID.randomUUID(), "p", List.of());
    // Each claim is a worker that started the job and died before finishing it.
    for (int i = 0; i < config.worker().maxAttempts(); i++) {
      tx.executeWithoutResult(s -> videos.claim(job.id(), Instant.now()));
    }

    assertThat(processorWith(quickRenderer).process(UUID.randomUUID(), requested(job)))
        .isEqualTo(Outcome.FAILED);

    Video row = videos.find(job.id()).orElseThrow();
    assertThat(row.errorCode()).isEqualTo("render_failed");
    assertThat(row.attempts()).isEqualTo(config.worker().maxAttempts() + 1);
    assertThat(PEERS.uploadsFor(job.id())).isEmpty();
  }

  @Test
  void derivedJobsRenderFromTheirSourceReadAtRenderTime() {
    UUID owner = UUID.randomUUID();
    byte[] sourceMp4 = {0, 0, 0, 24, 'f', 't', 'y', 'p', 1, 2, 3};
    byte[] image = {(byte) 0x89, 'P', 'N', 'G', 9, 9};
    Video source = insertQueued(owner, "a red ball", List.of());
    UUID sourceAsset = storedAsset(source.id(), owner, "video", sourceMp4);
    jdbc.sql(
            "update videos set status = 'completed', asset_id = :a, completed_at = now() where id = :id")
        .param("a", sourceAsset)
        .param("id", source.id())
        .update();
    UUID imageVideo = UUID.randomUUID();
    UUID imageAsset = storedAsset(imageVideo, owner, "input", image);

    List<RenderRequest> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    ClipRenderer capturing =
        (request, progress, cancel) -> {
          seen.add(request);
          return quickRenderer.render(request, progress, cancel);
        };
    JobProcessor worker = processorWith(capturing);
    Video remix =
        insertQueued(
            owner,
            "a blue ball",
            List.of(),
            new Origin(Origin.Kind.REMIX, source.id(), null, "fog"));
    Video extend =
        insertQueued(
            owner, "it rolls", List.of(), new Origin(Origin.Kind.EXTEND, source.id(), null, null));
    Video fromImage =
        insertQueued(
            imageVideo,
            owner,
            "a ball",
            List.of(),
            new Origin(Origin.Kind.IMAGE, null, imageAsset, null));
    for (Video job : List.of(remix, extend, fromImage)) {
      assertThat(worker.process(UUID.randomUUID(), requested(job))).isEqualTo(Outcome.COMPLETED);
    }

    assertThat(seen).hasSize(3);
    assertThat(seen.get(0).negativePrompt()).isEqualTo("fog");
    assertThat(seen.get(0).reference())
        .isInstanceOfSatisfying(
            RenderRequest.Reference.Transform.class,
            t -> {
              assertThat(t.sourceMp4()).isEqualTo(sourceMp4);
              assertThat(t.strength()).isEqualTo(RenderRequest.Reference.Transform.REMIX_STRENGTH);
            });
    assertThat(seen.get(1).reference())
        .isInstanceOfSatisfying(
            RenderRequest.Reference.Continue.class,
            c -> assertThat(c.sourceMp4()).isEqualTo(sourceMp4));
    assertThat(seen.get(2).reference())
        .isInstanceOfSatisfying(
            RenderRequest.Reference.FirstFrame.class, f -> assertThat(f.image()).isEqualTo(image));
  }

  @Test
  void cameoSubjectsAreMeasuredFromTheirRecordingsWhenRenderingStarts() throws Exception {
    UUID cameo = UUID.randomUUID();
    CharacterSpec character = CharacterSpec.fromSeed(7);
    PEERS.cameoRecordings.put(
        cameo,
        CameoMp4.encode(CameoRecording.render(character, 7, new RenderSettings(96, 96, 24))));
    Video job = insertQueued(UUID.randomUUID(), "she jumps", List.of(cameo));
    List<RenderRequest> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    ClipRenderer capturing =
        (request, progress, cancel) -> {
          seen.add(request);
          return quickRenderer.render(request, progress, cancel);
        };

    assertThat(processorWith(capturing).process(UUID.randomUUID(), requested(job)))
        .isEqualTo(Outcome.COMPLETED);

    assertThat(seen)
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.subjects())
                    .singleElement()
                    .satisfies(
                        phrase ->
                            assertThat(phrase).contains(character.colour().word(), "character")));

    // Consent gone between the check and the read: no recording, nothing renders.
    UUID revoked = UUID.randomUUID();
    PEERS.cameoRecordings.put(revoked, new byte[0]);
    Video denied = insertQueued(UUID.randomUUID(), "he jumps", List.of(revoked));
    assertThat(processorWith(capturing).process(UUID.randomUUID(), requested(denied)))
        .isEqualTo(Outcome.FAILED);
    assertThat(videos.find(denied.id()).orElseThrow().errorCode())
        .isEqualTo("cameo_permission_denied");
    assertThat(seen).hasSize(1);
  }

  @Test
  void aSourceDeletedWhileQueuedFailsTheJobWithoutRendering() {
    UUID owner = UUID.randomUUID();
    Video source = insertQueued(owner, "a red ball", List.of());
    UUID asset =
        storedAsset(source.id(), owner, "video", new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p'});
    jdbc.sql(
            "update videos set status = 'completed', asset_id = :a, completed_at = now() where id = :id")
        .param("a", asset)
        .param("id", source.id())
        .update();
    Video remix =
        insertQueued(
            owner,
            "a blue ball",
            List.of(),
            new Origin(Origin.Kind.REMIX, source.id(), null, null));
    PEERS.deletedVideos.add(source.id());
    ClipRenderer mustNotRun =
        (request, progress, cancel) -> {
          throw new AssertionError("rendered without a source");
        };

    assertThat(processorWith(mustNotRun).process(UUID.randomUUID(), requested(remix)))
        .isEqualTo(Outcome.FAILED);

    Video row = videos.find(remix.id()).orElseThrow();
    assertThat(row.errorCode()).isEqualTo(JobProcessor.SOURCE_UNAVAILABLE);
    assertThat(PEERS.uploadsFor(remix.id())).isEmpty();
  }

  @Test
  void aWorkerThatLosesItsLeaseStopsRenderingAndRecordsNothing() {
    Video job = insertQueued(UUID.randomUUID(), "p", List.of());
    java.util.concurrent.atomic.AtomicInteger polls =
        new java.util.concurrent.atomic.AtomicInteger();
    Leases stolen =
        new Leases() {
          @Override
          public String workerId() {
            return "slow-worker";
          }

          @Override
          public Duration leaseDuration() {
            return Duration.ofMinutes(1);
          }

          @Override
          public Held hold(UUID videoId) {
            return new Held() {
              @Override
              public boolean lost() {
                // The scheduler re-queued the job after the first frames.
                return polls.incrementAndGet() > 2;
              }

              @Override
              public void close() {}
            };
          }
        };
    ClipRenderer slow =
        (request, progress, cancel) -> {
          // Long enough for several cancellation polls (every 250 ms) before it would finish.
          for (int step = 0; step < 40; step++) {
            if (cancel.cancelled()) {
              throw new RenderCancelledException("stopped at step " + step);
            }
            try {
              Thread.sleep(100);
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
          }
          return quickRenderer.render(request, progress, cancel);
        };
    JobProcessor worker =
        new JobProcessor(
            videos,
            tx,
            outbox,
            inbox,
            moderation,
            cameos,
            media,
            slow,
            meters,
            config.worker(),
            stolen);

    assertThat(worker.process(UUID.randomUUID(), requested(job))).isEqualTo(Outcome.SKIPPED);

    Video row = videos.find(job.id()).orElseThrow();
    assertThat(row.status()).isEqualTo(VideoStatus.IN_PROGRESS);
    assertThat(row.errorCode()).isNull();
    assertThat(PEERS.uploadsFor(job.id())).isEmpty();
    assertThat(eventTypes(job.id(), GenerationEvents.VIDEOS_TOPIC)).isEmpty();
  }

  /** An object media-store would serve back to the worker. */
  private static UUID storedAsset(UUID videoId, UUID owner, String variant, byte[] bytes) {
    UUID id = UUID.randomUUID();
    PEERS.uploads.add(
        new PeerStubs.Upload(id, videoId, owner, variant, "application/octet-stream", bytes));
    return id;
  }

  private JobProcessor processorWith(ClipRenderer clipRenderer) {
    return new JobProcessor(
        videos,
        tx,
        outbox,
        inbox,
        moderation,
        cameos,
        media,
        clipRenderer,
        meters,
        config.worker(),
        Leases.UNRENEWED);
  }

  /** A queued job row without its Kafka event, so only the direct call processes it. */
  private Video insertQueued(UUID owner, String prompt, List<UUID> cameoIds) {
    return insertQueued(owner, prompt, cameoIds, Origin.TEXT);
  }

  private Video insertQueued(UUID owner, String prompt, List<UUID> cameoIds, Origin origin) {
    return insertQueued(UUID.randomUUID(), owner, prompt, cameoIds, origin);
  }

  private Video insertQueued(
      UUID id, UUID owner, String prompt, List<UUID> cameoIds, Origin origin) {
    Video video =
        new Video(
            id,
            owner,
            "zoetrope-1",
            prompt,
            4,
            "720x1280",
            cameoIds,
            origin,
            42L,
            VideoStatus.QUEUED,
            0,
            null,
            null,
            null,
            null,
            0,
            Instant.now().truncatedTo(ChronoUnit.MICROS),
            null,
            null,
            null,
            null);
    tx.executeWithoutResult(s -> videos.insert(video));
    // Marked as dispatched so the scheduler leaves it to the direct call.
    jdbc.sql("update videos set dispatched_at = now() where id = :id")
        .param("id", video.id())
        .update();
    return video;
  }

  private static JobRequested requested(Video v) {
    return new JobRequested(
        v.id(),
        v.ownerId(),
        v.model(),
        v.prompt(),
        v.seconds(),
        v.size(),
        v.cameoIds(),
        v.seed(),
        0);
  }

  private static void assertPlayableMp4(byte[] mp4, int width, int height) throws Exception {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new ByteArrayInputStream(mp4))) {
      grabber.setFormat("mp4");
      grabber.start();
      assertThat(grabber.getVideoCodec()).isEqualTo(avcodec.AV_CODEC_ID_H264);
      assertThat(grabber.getAudioCodec()).isEqualTo(avcodec.AV_CODEC_ID_AAC);
      assertThat(grabber.getImageWidth()).isEqualTo(width);
      assertThat(grabber.getImageHeight()).isEqualTo(height);
      int images = 0;
      int audio = 0;
      for (Frame frame; (frame = grabber.grab()) != null; ) {
        if (frame.image != null) {
          images++;
        }
        if (frame.samples != null) {
          audio++;
        }
      }
      assertThat(images).isPositive();
      assertThat(audio).isPositive();
      grabber.stop();
    }
  }
}
