package dev.zoetrope.generation.worker;

import dev.zoetrope.contracts.media.MediaApi.StoredAsset;
import dev.zoetrope.generation.peers.MediaStoreClient;
import dev.zoetrope.generation.peers.PeerUnavailableException;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One job's thumbnail and spritesheet on their way to media-store. They do not depend on the MP4,
 * so the renderer hands them over before it encodes and they are stored while it does; only what is
 * still in flight when the MP4 is done is waited for. Each upload runs on a virtual thread of its
 * own, so nothing needs shutting down when a job ends early.
 */
final class StillUploads {
  /** Stores one still; null when there was nothing to store. */
  @FunctionalInterface
  interface Store {
    StoredAsset store(String variant, byte[] jpeg);
  }

  private final Store store;
  private final AtomicLong lastEnded = new AtomicLong(Long.MIN_VALUE);
  private FutureTask<StoredAsset> thumbnail;
  private FutureTask<StoredAsset> spritesheet;

  StillUploads(Store store) {
    this.store = store;
  }

  /** Starts both uploads; later calls (the stills again, from the finished clip) do nothing. */
  synchronized void start(byte[] thumbnailJpeg, byte[] spritesheetJpeg) {
    if (thumbnail != null) {
      return;
    }
    thumbnail = upload(MediaStoreClient.THUMBNAIL, thumbnailJpeg);
    spritesheet = upload(MediaStoreClient.SPRITESHEET, spritesheetJpeg);
  }

  /**
   * Waits for both uploads (started now from the finished clip if the renderer never offered them
   * early) and returns the thumbnail's asset id, or null when there was none. A failed upload fails
   * the same way here as a direct one would.
   */
  UUID finish(byte[] thumbnailJpeg, byte[] spritesheetJpeg) {
    start(thumbnailJpeg, spritesheetJpeg);
    FutureTask<StoredAsset> t;
    FutureTask<StoredAsset> s;
    synchronized (this) {
      t = thumbnail;
      s = spritesheet;
    }
    StoredAsset thumb = await(t);
    await(s);
    return thumb == null ? null : thumb.assetId();
  }

  /** Waits for the uploads already started, whatever they answer. */
  void settle() {
    FutureTask<StoredAsset> t;
    FutureTask<StoredAsset> s;
    synchronized (this) {
      t = thumbnail;
      s = spritesheet;
    }
    settle(t);
    settle(s);
  }

  /** Waits for an upload, if there is one, whatever it answers. */
  static void settle(FutureTask<?> upload) {
    if (upload == null) {
      return;
    }
    try {
      upload.get();
    } catch (ExecutionException failed) {
      // Its failure is already the job's, or is not needed: only its end is.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * When the last of the uploads ended ({@link System#nanoTime}), {@link Long#MIN_VALUE} before any
   * did; read after {@link #finish}, when they all have.
   */
  long lastEnded() {
    return lastEnded.get();
  }

  private FutureTask<StoredAsset> upload(String variant, byte[] jpeg) {
    FutureTask<StoredAsset> task =
        new FutureTask<>(
            () -> {
              try {
                return store.store(variant, jpeg);
              } finally {
                lastEnded.accumulateAndGet(System.nanoTime(), Math::max);
              }
            });
    Thread.ofVirtual().name("upload-" + variant).start(task);
    return task;
  }

  /**
   * The upload's answer; a failed one rethrown as it failed, an interrupted wait as a peer outage.
   */
  static <T> T await(FutureTask<T> upload) {
    try {
      return upload.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PeerUnavailableException(MediaStoreClient.class.getSimpleName(), "interrupted", e);
    }
  }
}
