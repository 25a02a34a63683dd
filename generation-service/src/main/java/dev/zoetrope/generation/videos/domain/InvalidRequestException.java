package dev.zoetrope.generation.videos.domain;

/** A request field that breaks a rule; {@code param} names the field as the client wrote it. */
public class InvalidRequestException extends RuntimeException {
  private final String param;

  public InvalidRequestException(String param, String message) {
    super(message);
    this.param = param;
  }

  public String param() {
    return param;
  }
}
