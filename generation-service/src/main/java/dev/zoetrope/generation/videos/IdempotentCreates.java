package dev.zoetrope.generation.videos;

import dev.zoetrope.common.security.CurrentUser;
import dev.zoetrope.common.web.ApiException;
import dev.zoetrope.generation.GenerationProperties;
import dev.zoetrope.generation.videos.IdempotencyKeys.Entry;
import dev.zoetrope.generation.videos.domain.Video;
import dev.zoetrope.generation.videos.domain.VideoSpec;
import dev.zoetrope.generation.videos.domain.VideoStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} on {@code POST /v1/videos}. The key is reserved (a row keyed by owner and
 * key) before the job is created, with the video id chosen up front: concurrent duplicates find the
 * reservation and wait for the first request's response, and even a takeover after a crash can only
 * create that same video id, which the primary key admits once. A refused request (any 4xx or 5xx)
 * releases its reservation, so it stores nothing. Keys live 24 hours (configurable).
 */
@Service
class IdempotentCreates {
  static final String HEADER = "Idempotency-Key";
  static final String REPLAYED_HEADER = "Idempotent-Replayed";
  static final int MAX_KEY_CHARS = 255;
  static final String KEY_REUSED = "idempotency_key_reused";
  static final String KEY_IN_USE = "idempotency_key_in_use";
  private static final long WAIT_STEP_MS = 25;
  private static final Logger log = LoggerFactory.getLogger(IdempotentCreates.class);
  // Stored bodies are our own VideoJson; a newer VideoJson may have gained fields since.
  private static final JsonMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final IdempotencyKeys keys;
  private final VideoRepository videos;
  private final Duration ttl;
  private final Duration pendingTimeout;
  private final long pollAfterMs;

  IdempotentCreates(IdempotencyKeys keys, VideoRepository videos, GenerationProperties config) {
    this.keys = keys;
    this.videos = videos;
    this.ttl = Duration.ofHours(config.idempotencyKeyTtlHours());
    this.pendingTimeout = Duration.ofMillis(config.idempotencyPendingTimeoutMs());
    this.pollAfterMs = config.pollAfterMs();
  }

  /** Checks a client's key before anything else is done with the request. */
  static String validKey(String key) {
    if (key == null) {
      return null;
    }
    if (key.isEmpty()
        || key.length() > MAX_KEY_CHARS
        || !key.chars().allMatch(c -> c > 32 && c < 127)) {
      throw ApiException.invalid(
          HEADER, HEADER + " must be 1 to " + MAX_KEY_CHARS + " visible ASCII characters");
    }
    return key;
  }

  /** What makes two requests "the same": the validated parameters and the reference image. */
  static String fingerprint(VideoSpec spec, byte[] reference) {
    MessageDigest sha = sha256();
    String canonical =
        String.join(
            "\u0000",
            spec.model(),
            spec.prompt(),
            Integer.toString(spec.seconds()),
            spec.size(),
            spec.cameoIds().toString(),
            spec.origin().kind().wire(),
            String.valueOf(spec.origin().sourceVideoId()),
            String.valueOf(spec.origin().negativePrompt()),
            reference == null ? "-" : HexFormat.of().formatHex(sha256().digest(reference)));
    return HexFormat.of().formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Runs {@code create} (given the video id to use) once per (owner, key) and answers every request
   * with that key with the first response.
   */
  ResponseEntity<VideoJson> create(
      CurrentUser user, String key, String requestHash, Function<UUID, Video> create) {
    Instant deadline = Instant.now().plus(pendingTimeout).plusSeconds(1);
    while (true) {
      Instant now = now();
      Optional<Entry> found = keys.find(user.id(), key);
      if (found.isPresent() && found.get().createdAt().isBefore(now.minus(ttl))) {
        keys.purgeExpired(user.id(), now.minus(ttl));
        continue;
      }
      if (found.isEmpty()) {
        UUID videoId = UUID.randomUUID();
        if (keys.reserve(user.id(), key, requestHash, videoId, now)) {
          return runFirst(user, key, videoId, create);
        }
        continue;
      }
      Entry entry = found.get();
      if (!entry.requestHash().equals(requestHash)) {
        throw new ApiException(
            HttpStatus.UNPROCESSABLE_CONTENT,
            KEY_REUSED,
            "this Idempotency-Key was already used with other parameters",
            HEADER);
      }
      if (entry.responseBody() != null) {
        return respond(JSON.readValue(entry.responseBody(), VideoJson.class), true);
      }
      if (entry.createdAt().isBefore(now.minus(pendingTimeout))) {
        // Its request died after reserving; if it got as far as creating the job, answer that.
        Optional<Video> created = videos.find(entry.videoId());
        if (created.isPresent()) {
          return respond(VideoJson.of(created.get()), true);
        }
        if (keys.takeOver(user.id(), key, entry.createdAt(), now)) {
          log.info(
              "idempotency key of video {} taken over after its request vanished", entry.videoId());
          return runFirst(user, key, entry.videoId(), create);
        }
        continue;
      }
      if (now.isAfter(deadline)) {
        throw new ApiException(
            HttpStatus.CONFLICT,
            KEY_IN_USE,
            "a request with this Idempotency-Key is still being processed; retry shortly",
            HEADER);
      }
      sleep();
    }
  }

  private ResponseEntity<VideoJson> runFirst(
      CurrentUser user, String key, UUID videoId, Function<UUID, Video> create) {
    Video video;
    try {
      video = create.apply(videoId);
    } catch (DuplicateKeyException e) {
      // A takeover raced a request that was slow, not dead: that one created the job.
      return respond(VideoJson.of(videos.find(videoId).orElseThrow(() -> e)), true);
    } catch (RuntimeException e) {
      keys.release(user.id(), key, videoId);
      throw e;
    }
    VideoJson body = VideoJson.of(video);
    keys.recordResponse(user.id(), key, videoId, JSON.writeValueAsString(body));
    return respond(body, false);
  }

  ResponseEntity<VideoJson> respond(VideoJson body, boolean replayed) {
    ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
    if (!VideoStatus.fromWire(body.status()).isFinal()) {
      ok.header(VideoController.POLL_AFTER_HEADER, Long.toString(pollAfterMs));
    }
    if (replayed) {
      ok.header(REPLAYED_HEADER, "true");
    }
    return ok.body(body);
  }

  private static void sleep() {
    try {
      Thread.sleep(WAIT_STEP_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(
          HttpStatus.SERVICE_UNAVAILABLE, "interrupted", "request interrupted; retry");
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
