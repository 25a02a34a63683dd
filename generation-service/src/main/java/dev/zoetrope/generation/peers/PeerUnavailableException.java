package dev.zoetrope.generation.peers;

/**
 * A peer could not give an answer (down, slow, erroring, or answering nonsense). Callers decide
 * whether that is a 503 for the client or a failed job; nothing is half-done when it is thrown.
 */
public class PeerUnavailableException extends RuntimeException {
  private final String peer;

  public PeerUnavailableException(String peer, String message, Throwable cause) {
    super(peer + ": " + message, cause);
    this.peer = peer;
  }

  public String peer() {
    return peer;
  }
}
