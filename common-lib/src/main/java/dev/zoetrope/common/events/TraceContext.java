package dev.zoetrope.common.events;

/**
 * Carries the W3C {@code traceparent} of the current request into the events it causes, so a
 * consumer's log lines can be joined to the request that started the chain.
 */
public final class TraceContext {
  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private TraceContext() {}

  public static String current() {
    return CURRENT.get();
  }

  public static void set(String traceparent) {
    if (traceparent == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(traceparent);
    }
  }
}
