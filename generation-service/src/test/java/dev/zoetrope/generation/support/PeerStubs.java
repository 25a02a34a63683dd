package dev.zoetrope.generation.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.zoetrope.common.policy.PromptPolicy;
import dev.zoetrope.contracts.cameo.CameoApi;
import dev.zoetrope.contracts.cameo.CameoApi.UsageCheckRequest;
import dev.zoetrope.contracts.cameo.CameoApi.UsageCheckResult;
import dev.zoetrope.contracts.media.MediaApi;
import dev.zoetrope.contracts.media.MediaApi.DeletedAssets;
import dev.zoetrope.contracts.media.MediaApi.StoredAsset;
import dev.zoetrope.contracts.moderation.ModerationApi;
import dev.zoetrope.contracts.moderation.ModerationApi.OutputCheckRequest;
import dev.zoetrope.contracts.moderation.ModerationApi.PromptPolicySnapshot;
import dev.zoetrope.contracts.moderation.ModerationApi.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stand-ins for the three services generation calls (moderation, cameo-consent, media-store), as
 * real HTTP servers speaking the internal contracts in common-lib. They are other services, out of
 * this module; their own tests cover their behaviour. Behaviour is driven by the data, so test
 * classes sharing one Spring context cannot disturb each other:
 *
 * <ul>
 *   <li>a prompt containing {@link #BLOCKED_WORD} is refused by the prompt policy served ({@link
 *       #POLICY}), {@link #UNSAFE_OUTPUT} makes the output check refuse the clip;
 *   <li>cameos in {@link #deniedCameos} are refused, in {@link #unavailableCameos} answer 503;
 *   <li>uploads for owners in {@link #mediaOutageOwners} answer 503; for owners in {@link
 *       #heldUploadOwners} they are stored once that owner's latch opens.
 * </ul>
 */
public final class PeerStubs {
  public static final String BLOCKED_WORD = "forbidden";

  /** The prompt policy served: {@link #BLOCKED_WORD} and nothing else is refused. */
  public static final PromptPolicy POLICY =
      new PromptPolicy(Map.of("violence", List.of(BLOCKED_WORD)));

  public static final String UNSAFE_OUTPUT = "unsafe-output";

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static PeerStubs instance;

  public final Set<UUID> deniedCameos = ConcurrentHashMap.newKeySet();
  public final Set<UUID> unavailableCameos = ConcurrentHashMap.newKeySet();

  /**
   * Recordings served to the worker, by cameo; like the usage check, every cameo not denied has one
   * (a world character's, unless a test put its own).
   */
  public final Map<UUID, byte[]> cameoRecordings = new ConcurrentHashMap<>();

  public final Set<UUID> mediaOutageOwners = ConcurrentHashMap.newKeySet();

  /** Owners whose uploads wait (up to 10 s) for their latch to open before they are stored. */
  public final Map<UUID, CountDownLatch> heldUploadOwners = new ConcurrentHashMap<>();

  public final AtomicInteger policyFetches = new AtomicInteger();
  public final List<OutputCheckRequest> outputChecks = new CopyOnWriteArrayList<>();
  public final List<UsageCheckRequest> cameoChecks = new CopyOnWriteArrayList<>();
  public final List<Upload> uploads = new CopyOnWriteArrayList<>();
  public final List<UUID> failedUploadOwners = new CopyOnWriteArrayList<>();

  /** Videos whose assets were deleted, in call order; later uploads for them answer 410. */
  public final List<UUID> deletedVideos = new CopyOnWriteArrayList<>();

  /** Videos whose asset deletion answers 503. */
  public final Set<UUID> mediaDeleteOutageVideos = ConcurrentHashMap.newKeySet();

  private final HttpServer moderation;
  private final HttpServer cameo;
  private final HttpServer media;

  /** A stored object as media-store would keep it. */
  public record Upload(
      UUID assetId, UUID videoId, UUID ownerId, String variant, String contentType, byte[] bytes) {}

  private PeerStubs() {
    moderation = server();
    cameo = server();
    media = server();
    moderation.createContext(
        ModerationApi.PROMPT_POLICY,
        exchange ->
            handle(
                exchange,
                "GET",
                () -> {
                  policyFetches.incrementAndGet();
                  return new Reply(200, new PromptPolicySnapshot(POLICY.version(), POLICY.terms()));
                }));
    moderation.createContext(
        ModerationApi.OUTPUT_CHECKS,
        exchange ->
            handle(
                exchange,
                () -> {
                  OutputCheckRequest req = read(exchange, OutputCheckRequest.class);
                  outputChecks.add(req);
                  boolean blocked = req.prompt().contains(UNSAFE_OUTPUT);
                  return new Reply(
                      200,
                      new Verdict(UUID.randomUUID(), !blocked, blocked ? "nudity" : null, null));
                }));
    cameo.createContext(
        CameoApi.USAGE_CHECKS,
        exchange ->
            handle(
                exchange,
                () -> {
                  UsageCheckRequest req = read(exchange, UsageCheckRequest.class);
                  if (req.cameoIds().stream().anyMatch(unavailableCameos::contains)) {
                    return new Reply(503, Map.of("error", "down"));
                  }
                  cameoChecks.add(req);
                  List<UUID> denied =
                      req.cameoIds().stream().filter(deniedCameos::contains).toList();
                  return new Reply(200, new UsageCheckResult(denied.isEmpty(), denied));
                }));
    cameo.createContext(
        "/internal/cameos/",
        exchange ->
            handle(
                exchange,
                "GET",
                () -> {
                  // /internal/cameos/{cameoId}/recording?requesterId=
                  UUID cameoId = UUID.fromString(exchange.getRequestURI().getPath().split("/")[3]);
                  byte[] recording =
                      cameoRecordings.computeIfAbsent(cameoId, id -> defaultRecording());
                  // An empty recording stands for consent withdrawn after the usage check.
                  return deniedCameos.contains(cameoId) || recording.length == 0
                      ? new Reply(404, Map.of("error", "cameo_permission_denied"))
                      : new Reply(200, recording);
                }));
    media.createContext(
        MediaApi.ASSETS,
        exchange -> {
          if ("GET".equals(exchange.getRequestMethod())) {
            // /internal/assets/{assetId}/content
            handle(
                exchange,
                "GET",
                () -> {
                  String[] path = exchange.getRequestURI().getPath().split("/");
                  UUID assetId = UUID.fromString(path[3]);
                  return uploads.stream()
                      .filter(u -> u.assetId().equals(assetId))
                      .filter(u -> !deletedVideos.contains(u.videoId()))
                      .findFirst()
                      .map(u -> new Reply(200, u.bytes()))
                      .orElse(new Reply(404, Map.of("error", "not found")));
                });
            return;
          }
          handle(
              exchange,
              () -> {
                Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
                UUID ownerId = UUID.fromString(query.get("ownerId"));
                byte[] body = exchange.getRequestBody().readAllBytes();
                if (mediaOutageOwners.contains(ownerId)) {
                  failedUploadOwners.add(ownerId);
                  return new Reply(503, Map.of("error", "down"));
                }
                var held = heldUploadOwners.get(ownerId);
                if (held != null) {
                  try {
                    held.await(10, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }
                if (deletedVideos.contains(UUID.fromString(query.get("videoId")))) {
                  return new Reply(410, Map.of("error", "video_deleted"));
                }
                String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
                // A caller may pick the id (the worker does); one already in use answers 409.
                String picked = query.get("assetId");
                UUID assetId = picked == null ? UUID.randomUUID() : UUID.fromString(picked);
                if (uploads.stream().anyMatch(u -> u.assetId().equals(assetId))) {
                  return new Reply(409, Map.of("code", "asset_exists"));
                }
                Upload upload =
                    new Upload(
                        assetId,
                        UUID.fromString(query.get("videoId")),
                        ownerId,
                        query.get("variant"),
                        contentType,
                        body);
                uploads.add(upload);
                return new Reply(
                    200,
                    new StoredAsset(
                        upload.assetId(),
                        upload.videoId(),
                        upload.variant(),
                        contentType,
                        body.length,
                        sha256(body)));
              });
        });
    media.createContext(
        "/internal/videos/",
        exchange ->
            handle(
                exchange,
                "DELETE",
                () -> {
                  // /internal/videos/{videoId}/assets
                  String[] path = exchange.getRequestURI().getPath().split("/");
                  UUID videoId = UUID.fromString(path[3]);
                  if (path.length != 5 || !"assets".equals(path[4])) {
                    return new Reply(404, Map.of("error", "not found"));
                  }
                  if (mediaDeleteOutageVideos.contains(videoId)) {
                    return new Reply(503, Map.of("error", "down"));
                  }
                  int count = deletedVideos.contains(videoId) ? 0 : uploadsFor(videoId).size();
                  deletedVideos.add(videoId);
                  return new Reply(200, new DeletedAssets(videoId, count));
                }));
    moderation.start();
    cameo.start();
    media.start();
  }

  private static byte[] defaultRecording;

  /** One world character's recording, encoded once and shared by every cameo without its own. */
  private static synchronized byte[] defaultRecording() {
    if (defaultRecording != null) {
      return defaultRecording;
    }
    try {
      defaultRecording =
          dev.zoetrope.generation.subjects.CameoMp4.encode(
              dev.zoetrope.generation.world.CameoRecording.render(
                  dev.zoetrope.generation.world.CharacterSpec.fromSeed(1),
                  1,
                  new dev.zoetrope.generation.world.RenderSettings(96, 96, 24)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return defaultRecording;
  }

  public static synchronized PeerStubs get() {
    if (instance == null) {
      instance = new PeerStubs();
    }
    return instance;
  }

  public String moderationUrl() {
    return url(moderation);
  }

  public String cameoUrl() {
    return url(cameo);
  }

  public String mediaUrl() {
    return url(media);
  }

  public List<Upload> uploadsFor(UUID videoId) {
    return uploads.stream().filter(u -> u.videoId().equals(videoId)).toList();
  }

  private record Reply(int status, Object body) {}

  @FunctionalInterface
  private interface Handler {
    Reply reply() throws IOException;
  }

  private static void handle(HttpExchange exchange, Handler handler) throws IOException {
    handle(exchange, "POST", handler);
  }

  private static void handle(HttpExchange exchange, String method, Handler handler)
      throws IOException {
    try (exchange) {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      Reply reply;
      if (!method.equals(exchange.getRequestMethod())) {
        reply = new Reply(405, Map.of("error", "method"));
      } else if (auth == null || !auth.startsWith("Bearer ey")) {
        // The real services refuse calls without a service token; so do we.
        reply = new Reply(401, Map.of("error", "unauthenticated"));
      } else {
        reply = handler.reply();
      }
      boolean raw = reply.body() instanceof byte[];
      byte[] body = raw ? (byte[]) reply.body() : JSON.writeValueAsBytes(reply.body());
      exchange
          .getResponseHeaders()
          .add("Content-Type", raw ? "application/octet-stream" : "application/json");
      exchange.sendResponseHeaders(reply.status(), body.length);
      exchange.getResponseBody().write(body);
    } catch (RuntimeException e) {
      exchange.sendResponseHeaders(500, -1);
    }
  }

  private static <T> T read(HttpExchange exchange, Class<T> type) throws IOException {
    return JSON.readValue(exchange.getRequestBody().readAllBytes(), type);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        params.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return params;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpServer server() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String url(HttpServer server) {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }
}
