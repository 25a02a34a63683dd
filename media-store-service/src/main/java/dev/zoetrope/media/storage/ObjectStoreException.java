package dev.zoetrope.media.storage;

/** The object store failed or could not be reached. */
public class ObjectStoreException extends RuntimeException {
  public ObjectStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
