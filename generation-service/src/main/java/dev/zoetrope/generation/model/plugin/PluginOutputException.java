package dev.zoetrope.generation.model.plugin;

/**
 * A plug-in model failed or answered outside its contract (wrong count, shape or type of outputs)
 * during sampling. It fails the job that was sampling, never the worker.
 */
public class PluginOutputException extends IllegalStateException {
  public PluginOutputException(String message) {
    super(message);
  }

  public PluginOutputException(String message, Throwable cause) {
    super(message, cause);
  }
}
