package dev.zoetrope.moderation.checks;

import dev.zoetrope.common.policy.PromptPolicy;
import dev.zoetrope.common.web.ApiException;
import dev.zoetrope.contracts.moderation.ModerationApi.ClipMeasurements;
import dev.zoetrope.contracts.moderation.ModerationApi.OutputCheckRequest;
import dev.zoetrope.contracts.moderation.ModerationApi.Verdict;
import dev.zoetrope.moderation.ModerationProperties;
import dev.zoetrope.moderation.decisions.Decision;
import dev.zoetrope.moderation.decisions.DecisionStore;
import dev.zoetrope.moderation.photosensitivity.FlashDetector;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/** Runs the checks and records every decision, allowed or blocked. */
public class ModerationService {
  public static final String MALFORMED_MEDIA = "malformed_media";
  public static final String PHOTOSENSITIVE_FLASHING = "photosensitive_flashing";

  private static final Logger log = LoggerFactory.getLogger(ModerationService.class);

  private final PromptPolicy policy;
  private final DecisionStore decisions;
  private final ClipFetcher fetcher;
  private final ClipInspector inspector;
  private final FlashDetector flashes;
  private final ModerationProperties props;
  private final Semaphore decodeSlots;

  ModerationService(
      PromptPolicy policy,
      DecisionStore decisions,
      ClipFetcher fetcher,
      ClipInspector inspector,
      FlashDetector flashes,
      ModerationProperties props) {
    this.policy = policy;
    this.decisions = decisions;
    this.fetcher = fetcher;
    this.inspector = inspector;
    this.flashes = flashes;
    this.props = props;
    this.decodeSlots = new Semaphore(props.output().maxConcurrentChecks(), true);
  }

  public Verdict checkOutput(OutputCheckRequest request) {
    if (request.userId() == null || request.videoId() == null || request.assetId() == null) {
      throw ApiException.invalid(
          request.userId() == null ? "userId" : request.videoId() == null ? "videoId" : "assetId",
          "userId, videoId and assetId are required");
    }
    String prompt = request.prompt();
    if (prompt != null) {
      requireLength(prompt);
    }
    String subject = request.videoId().toString();
    String textSha256 = null;
    // The prompt first: it is cheap and a block there saves fetching and decoding the clip.
    if (prompt != null && !prompt.isBlank()) {
      PromptPolicy.Result result = policy.check(prompt);
      textSha256 = result.normalizedSha256();
      if (!result.allowed()) {
        PromptPolicy.Match m = result.match().orElseThrow();
        Decision d =
            decision(
                Decision.OUTPUT,
                subject,
                request.userId(),
                m.category(),
                PromptPolicy.reason(m.category()),
                m.term());
        return verdict(decisions.record(withHashes(d, textSha256, request.assetId(), null)));
      }
    }
    if (request.measurements() != null) {
      // The worker measured the frames it encoded (ADR 0007): judged here, nothing to decode.
      return verdict(decisions.record(checkMeasured(request, subject, textSha256)));
    }
    acquireSlot();
    try {
      return verdict(decisions.record(checkClip(request, subject, textSha256)));
    } finally {
      decodeSlots.release();
    }
  }

  private Decision checkClip(OutputCheckRequest request, String subject, String textSha256) {
    ClipFetcher.Fetched fetched = fetcher.fetch(request.assetId());
    if (fetched instanceof ClipFetcher.TooLarge) {
      Decision d =
          decision(
              Decision.OUTPUT,
              subject,
              request.userId(),
              MALFORMED_MEDIA,
              "the clip is larger than " + props.output().maxClipBytes() / (1024 * 1024) + " MB",
              "size");
      return withHashes(d, textSha256, request.assetId(), null);
    }
    ClipFetcher.Stored clip = (ClipFetcher.Stored) fetched;
    try {
      Decision d = judge(inspector.inspect(clip.file()), request, subject, "decode");
      return withHashes(d, textSha256, request.assetId(), clip.sha256());
    } finally {
      try {
        Files.deleteIfExists(clip.file());
      } catch (IOException e) {
        log.warn("could not delete {}", clip.file(), e);
      }
    }
  }

  private Decision checkMeasured(OutputCheckRequest request, String subject, String textSha256) {
    ClipMeasurements measured = request.measurements();
    Decision d = judge(inspector.inspect(measured), request, subject, "measurements");
    return withHashes(d, textSha256, request.assetId(), measured.mp4Sha256());
  }

  /**
   * The same rules whether the clip was decoded here or measured by the worker ({@code source}).
   */
  private Decision judge(
      ClipInspector.Result result, OutputCheckRequest request, String subject, String source) {
    return switch (result) {
      case ClipInspector.Malformed m ->
          decision(Decision.OUTPUT, subject, request.userId(), MALFORMED_MEDIA, m.reason(), source);
      case ClipInspector.Decoded decoded -> judgeFlashes(request, subject, decoded);
    };
  }

  private Decision judgeFlashes(
      OutputCheckRequest request, String subject, ClipInspector.Decoded decoded) {
    FlashDetector.Report report = flashes.analyze(decoded.timestampsMicros(), decoded.luminance());
    if (!report.exceeds()) {
      return decision(Decision.OUTPUT, subject, request.userId(), null, null, null);
    }
    String at = String.format(Locale.ROOT, "%.2f", report.worstWindowStartMicros() / 1e6);
    return decision(
        Decision.OUTPUT,
        subject,
        request.userId(),
        PHOTOSENSITIVE_FLASHING,
        "the clip flashes "
            + report.maxFlashesInWindow()
            + " times within "
            + props.output().flashWindowMs()
            + " ms starting at "
            + at
            + " s; at most "
            + props.output().maxFlashesPerWindow()
            + " are allowed",
        "flashes=" + report.maxFlashesInWindow() + " at_s=" + at);
  }

  private void acquireSlot() {
    try {
      if (!decodeSlots.tryAcquire(props.output().queueTimeoutMs(), TimeUnit.MILLISECONDS)) {
        throw new ApiException(
            HttpStatus.SERVICE_UNAVAILABLE, "moderation_busy", "too many output checks at once");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(
          HttpStatus.SERVICE_UNAVAILABLE, "moderation_busy", "interrupted while waiting");
    }
  }

  private void requireLength(String prompt) {
    int max = props.policy().maxPromptChars();
    if (prompt.codePointCount(0, prompt.length()) > max) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST,
          "prompt_too_long",
          "prompt must be at most " + max + " characters",
          "prompt");
    }
  }

  private static Decision decision(
      String kind, String subject, UUID user, String category, String reason, String rule) {
    return new Decision(
        UUID.randomUUID(),
        kind,
        subject,
        user,
        category == null,
        category,
        reason,
        rule,
        null,
        null,
        null,
        null,
        null);
  }

  private Decision withHashes(Decision d, String textSha256, UUID assetId, String mediaSha256) {
    return new Decision(
        d.id(),
        d.kind(),
        d.subjectId(),
        d.userId(),
        d.allowed(),
        d.category(),
        d.reason(),
        d.matchedRule(),
        textSha256,
        assetId,
        mediaSha256,
        textSha256 == null ? null : policy.version(),
        d.createdAt());
  }

  private static Verdict verdict(Decision d) {
    return new Verdict(d.id(), d.allowed(), d.category(), d.reason());
  }
}
