package dev.zoetrope.generation.videos.domain;

/**
 * How a cancel request treats a job in each state. A cancelled job keeps OpenAI's {@code failed}
 * status with error code {@link #CODE} (docs/adr/0004-cancelled-videos-in-the-openai-shape.md).
 */
public final class Cancellation {
  public static final String CODE = "cancelled";
  public static final String MESSAGE = "The video was cancelled.";

  public enum Action {
    /** Queued: ended at once. */
    END_NOW,
    /** Running: the worker is asked to stop between denoising steps and records the end. */
    ASK_WORKER,
    /** Already cancelled: the request is answered as if it had just succeeded. */
    ALREADY_CANCELLED,
    /** Completed, or failed for another reason. */
    NOT_CANCELLABLE
  }

  private Cancellation() {}

  public static Action decide(VideoStatus status, String errorCode) {
    return switch (status) {
      case QUEUED -> Action.END_NOW;
      case IN_PROGRESS -> Action.ASK_WORKER;
      case FAILED -> CODE.equals(errorCode) ? Action.ALREADY_CANCELLED : Action.NOT_CANCELLABLE;
      case COMPLETED -> Action.NOT_CANCELLABLE;
    };
  }

  public static boolean isCancelled(Video video) {
    return video.status() == VideoStatus.FAILED && CODE.equals(video.errorCode());
  }
}
