package dev.zoetrope.generation.progress;

import dev.zoetrope.common.web.ApiException;
import dev.zoetrope.generation.videos.VideoJson;
import dev.zoetrope.generation.videos.VideoRepository;
import dev.zoetrope.generation.videos.domain.Video;
import dev.zoetrope.generation.videos.domain.VideoStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fans job state out to the open progress streams of this process.
 *
 * <p>The worker is another process and writes progress to Postgres, so the state has to be read
 * back from the {@code videos} rows. One shared poller reads the rows of every watched job in a
 * single query per interval (none while nothing is watched), so the database load is one indexed
 * primary-key lookup per tick whatever the number of clients. LISTEN/NOTIFY was the alternative: it
 * would need a trigger or the worker's cooperation on every write, a dedicated connection held
 * outside the pool, and a re-read after every reconnect anyway, while progress is already written
 * at most every few percent, so a 250 ms poll costs little and keeps the worker untouched.
 *
 * <p>Writes to clients run on virtual threads, one at a time per stream, so a slow client delays
 * only its own stream; a stream that is still busy is skipped and catches up with the newest state
 * on a later tick (intermediate progress values may be skipped, the final state never is).
 */
@Component
public class ProgressHub implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(ProgressHub.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  static final String TOO_MANY_STREAMS = "too_many_streams";

  private final VideoRepository videos;
  private final ProgressProperties config;
  private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
  private final Map<UUID, Integer> perUser = new HashMap<>();
  private final ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();
  private ScheduledExecutorService poller;
  private volatile boolean running;

  public ProgressHub(VideoRepository videos, ProgressProperties config, MeterRegistry meters) {
    this.videos = videos;
    this.config = config;
    Gauge.builder("zoetrope.progress.streams", streams, Set::size)
        .description("open progress streams")
        .register(meters);
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    // Created on each start: a test framework may stop a cached context and start it again.
    poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "progress-poller");
              t.setDaemon(true);
              return t;
            });
    poller.scheduleWithFixedDelay(
        this::tick, config.pollIntervalMs(), config.pollIntervalMs(), TimeUnit.MILLISECONDS);
  }

  /**
   * Ends every stream (clients reconnect, to another instance). Runs before the web server's
   * graceful shutdown, which would otherwise wait its whole grace period for these never-ending
   * requests.
   */
  @Override
  public synchronized void stop() {
    running = false;
    if (poller != null) {
      poller.shutdownNow();
    }
    for (Stream stream : List.copyOf(streams)) {
      release(stream);
      stream.emitter.complete();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return Integer.MAX_VALUE;
  }

  /** Open streams in this process. */
  public int openStreams() {
    return streams.size();
  }

  /** Open streams of one user in this process. */
  public int openStreams(UUID userId) {
    synchronized (perUser) {
      return perUser.getOrDefault(userId, 0);
    }
  }

  SseEmitter open(UUID userId, Video current) {
    Stream stream = new Stream(current.id(), userId, new SseEmitter(config.maxStreamMs()));
    // Held until the first event is written, so the poller leaves the stream alone until then.
    stream.busy.set(true);
    synchronized (perUser) {
      if (!running) {
        throw new ApiException(
            HttpStatus.SERVICE_UNAVAILABLE, "shutting_down", "this instance is shutting down");
      }
      if (streams.size() >= config.maxStreams()) {
        throw new ApiException(
            HttpStatus.TOO_MANY_REQUESTS,
            TOO_MANY_STREAMS,
            "too many progress streams are open; poll GET /v1/videos/{id} instead");
      }
      int mine = perUser.getOrDefault(userId, 0);
      if (mine >= config.maxStreamsPerUser()) {
        throw new ApiException(
            HttpStatus.TOO_MANY_REQUESTS,
            TOO_MANY_STREAMS,
            "you already have "
                + mine
                + " progress streams open (limit "
                + config.maxStreamsPerUser()
                + ")");
      }
      perUser.put(userId, mine + 1);
      streams.add(stream);
    }
    stream.emitter.onCompletion(() -> release(stream));
    stream.emitter.onError(e -> release(stream));
    stream.emitter.onTimeout(
        () -> {
          release(stream);
          stream.emitter.complete();
        });
    // The first event (the state the client asked about, so it never waits for a change) is
    // written on the request thread: Spring buffers it until the emitter is initialised and then
    // flushes it, committing the response, on this same thread. A first write from another thread
    // could race the request thread's header writes, and Tomcat's headers are not thread-safe.
    try {
      write(stream, current, System.nanoTime());
    } finally {
      stream.busy.set(false);
    }
    return stream.emitter;
  }

  private void tick() {
    try {
      if (streams.isEmpty()) {
        return;
      }
      List<Stream> open = List.copyOf(streams);
      Set<UUID> ids = open.stream().map(Stream::videoId).collect(Collectors.toSet());
      Map<UUID, Video> rows =
          videos.findAll(ids).stream().collect(Collectors.toMap(Video::id, Function.identity()));
      long now = System.nanoTime();
      for (Stream stream : open) {
        Video row = rows.get(stream.videoId);
        if (row == null) {
          // The job is gone (deleted): nothing more will happen to it.
          release(stream);
          stream.emitter.complete();
        } else if (stream.changed(row) || stream.heartbeatDue(now, config.heartbeatIntervalMs())) {
          dispatch(stream, row, now);
        }
      }
    } catch (RuntimeException e) {
      // A database hiccup must not kill the poller: the next tick tries again.
      log.warn("progress poll failed: {}", e.toString());
    }
  }

  private void dispatch(Stream stream, Video row, long now) {
    if (!stream.busy.compareAndSet(false, true)) {
      return;
    }
    writers.execute(
        () -> {
          try {
            write(stream, row, now);
          } finally {
            stream.busy.set(false);
          }
        });
  }

  private void write(Stream stream, Video row, long now) {
    if (stream.closed) {
      return;
    }
    try {
      if (stream.changed(row)) {
        stream.emitter.send(
            SseEmitter.event()
                .name(eventName(row.status()))
                .data(JSON.writeValueAsString(VideoJson.of(row))));
        stream.sentStatus = row.status();
        stream.sentProgress = row.progress();
        stream.lastWriteNanos = now;
        if (row.status().isFinal()) {
          release(stream);
          stream.emitter.complete();
        }
      } else {
        stream.emitter.send(SseEmitter.event().comment("heartbeat"));
        stream.lastWriteNanos = now;
      }
    } catch (IOException | IllegalStateException e) {
      // The client went away (or the emitter already completed): free the slot. complete(), not
      // completeWithError(): a vanished client is routine, not an error to report.
      release(stream);
      stream.emitter.complete();
    }
  }

  static String eventName(VideoStatus status) {
    if (status == VideoStatus.COMPLETED) {
      return "video.completed";
    }
    return status.isFinal() ? "video.failed" : "video.progress";
  }

  private void release(Stream stream) {
    synchronized (perUser) {
      if (!streams.remove(stream)) {
        return;
      }
      stream.closed = true;
      perUser.computeIfPresent(stream.userId, (k, n) -> n <= 1 ? null : n - 1);
    }
  }

  private static final class Stream {
    private final UUID videoId;
    private final UUID userId;
    private final SseEmitter emitter;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean closed;
    private volatile VideoStatus sentStatus;
    private volatile int sentProgress = -1;
    private volatile long lastWriteNanos = System.nanoTime();

    Stream(UUID videoId, UUID userId, SseEmitter emitter) {
      this.videoId = videoId;
      this.userId = userId;
      this.emitter = emitter;
    }

    UUID videoId() {
      return videoId;
    }

    boolean changed(Video row) {
      return row.status() != sentStatus || row.progress() != sentProgress;
    }

    boolean heartbeatDue(long now, long intervalMs) {
      return now - lastWriteNanos >= TimeUnit.MILLISECONDS.toNanos(intervalMs);
    }
  }
}
