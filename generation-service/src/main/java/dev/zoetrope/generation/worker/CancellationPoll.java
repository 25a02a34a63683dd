package dev.zoetrope.generation.worker;

import dev.zoetrope.generation.render.ClipRenderer;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The renderer's cancellation check, backed by a database read that runs at most once per {@code
 * intervalMs}: the renderer asks between every denoising step, and a step can be far shorter than a
 * round trip is worth. The first call always reads (a redelivered job cancelled while its worker
 * was down stops before its first step); once true it stays true without reading again.
 */
final class CancellationPoll implements ClipRenderer.Cancellation {
  private final BooleanSupplier check;
  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private boolean checkedOnce;
  private long lastCheck;
  private boolean cancelled;

  CancellationPoll(BooleanSupplier check, long intervalMs, LongSupplier nanoClock) {
    this.check = check;
    this.intervalNanos = intervalMs * 1_000_000;
    this.nanoClock = nanoClock;
  }

  @Override
  public boolean cancelled() {
    if (cancelled) {
      return true;
    }
    long now = nanoClock.getAsLong();
    if (checkedOnce && now - lastCheck < intervalNanos) {
      return false;
    }
    checkedOnce = true;
    lastCheck = now;
    try {
      cancelled = check.getAsBoolean();
    } catch (RuntimeException e) {
      // A failed read must not cost the render: carry on and ask again next interval.
      return false;
    }
    return cancelled;
  }
}
