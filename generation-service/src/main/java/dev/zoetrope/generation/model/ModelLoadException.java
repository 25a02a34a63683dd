package dev.zoetrope.generation.model;

/**
 * Model weights are missing, corrupt or belong to another architecture; the service must not start.
 */
public class ModelLoadException extends IllegalStateException {
  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
