package dev.zoetrope.generation.render;

/** The render stopped because its job was cancelled or its consent revoked. */
public class RenderCancelledException extends Exception {
  public RenderCancelledException(String message) {
    super(message);
  }
}
