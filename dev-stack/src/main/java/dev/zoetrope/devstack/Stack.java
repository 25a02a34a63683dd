package dev.zoetrope.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The whole platform on one machine: the infrastructure servers, the six services and a separate
 * generation worker, each its own JVM, wired together as they would be in Kubernetes.
 */
public final class Stack implements AutoCloseable {
  // A machine busy with other builds starts seven JVMs far slower; -D raises the bound there.
  private static final Duration READY_TIMEOUT =
      Duration.ofSeconds(Long.getLong("zoetrope.devstack.ready-timeout-seconds", 240));

  private final StackConfig config;
  private final Secrets secrets;
  private final Infrastructure infra;
  private final Map<String, ChildProcess> services = new LinkedHashMap<>();
  private final Map<String, List<String>> overrides;

  private boolean closed;

  private Stack(StackConfig config, Map<String, List<String>> overrides) {
    this.config = config;
    this.overrides = Map.copyOf(overrides);
    this.secrets = Secrets.loadOrCreate(config.dataDir());
    this.infra = new Infrastructure(config, secrets);
  }

  /** Starts everything and returns once every service reports ready. */
  public static Stack start(StackConfig config) {
    return start(config, Map.of());
  }

  /**
   * As {@link #start(StackConfig)}, with extra {@code --key=value} arguments for some services (by
   * process name, e.g. "gateway-service"): a benchmark raising limits starts the stack as {@code
   * up} does otherwise. Only keys the stack does not set itself: Spring joins a repeated key's
   * values with commas.
   */
  public static Stack start(StackConfig config, Map<String, List<String>> overrides) {
    Stack stack = new Stack(config, overrides);
    // Whoever started it, a JVM that exits (Ctrl-C, a killed benchmark or test run) stops the
    // stack in order: services first, then the infrastructure they drain into.
    Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "zoetrope-stack-stop"));
    try {
      stack.infra.start();
      stack.startServices();
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  public String gatewayUrl() {
    return "http://127.0.0.1:" + config.ports().gateway();
  }

  public Path dataDir() {
    return config.dataDir();
  }

  /** Each service process's name and its own (not gateway-routed) base URL. */
  public Map<String, String> serviceUrls() {
    Map<String, String> urls = new LinkedHashMap<>();
    for (Service service : plan()) {
      urls.put(service.name(), "http://127.0.0.1:" + service.port());
    }
    return urls;
  }

  /**
   * Kills the named service process ("generation-worker", "feed-service", ...) without warning, as
   * a crashed machine would: no graceful shutdown, no lease released.
   */
  public void kill(String name) {
    services.get(name).kill();
  }

  /** Starts the named service again, as its orchestrator would, and waits until it is ready. */
  public void restart(String name) {
    Service service = plan().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    services.get(name).stop(Duration.ofSeconds(30));
    ChildProcess process = launch(service);
    services.put(name, process);
    process.awaitHttpOk(readinessUrl(service), READY_TIMEOUT);
  }

  private record Service(
      String name, String module, String schema, int port, List<String> extraArgs) {}

  private List<Service> plan() {
    Ports p = config.ports();
    String peers =
        "--zoetrope.peers.moderation=http://127.0.0.1:%d --zoetrope.peers.cameo-consent=http://127.0.0.1:%d --zoetrope.peers.media-store=http://127.0.0.1:%d"
            .formatted(p.moderation(), p.cameo(), p.media());
    String s3 =
        "--zoetrope.s3.endpoint="
            + infra.s3Endpoint()
            + " --zoetrope.s3.access-key="
            + infra.s3AccessKey();
    String redis = "--spring.data.redis.host=127.0.0.1 --spring.data.redis.port=" + p.redis();
    // On one machine a developer's webhook receiver is on loopback, which production refuses.
    String localWebhooks = "--zoetrope.generation.webhooks.allow-private-targets=true";
    String routes =
        ("--zoetrope.routes.generation=http://127.0.0.1:%d --zoetrope.routes.media-store=http://127.0.0.1:%d"
                + " --zoetrope.routes.cameo-consent=http://127.0.0.1:%d --zoetrope.routes.feed=http://127.0.0.1:%d"
                + " --zoetrope.routes.moderation=http://127.0.0.1:%d")
            .formatted(p.generation(), p.media(), p.cameo(), p.feed(), p.moderation());
    return List.of(
        new Service(
            "gateway-service",
            "gateway-service",
            "identity",
            p.gateway(),
            args(
                routes,
                redis,
                "--zoetrope.identity.signing-key-path="
                    + config.dataDir().resolve("keys/jwt-signing.pem").toAbsolutePath())),
        new Service(
            "generation-service",
            "generation-service",
            "generation",
            p.generation(),
            args(peers, "--zoetrope.generation.worker.enabled=false", localWebhooks)),
        new Service(
            "generation-worker",
            "generation-service",
            "generation",
            p.worker(),
            args(peers, "--zoetrope.generation.worker.enabled=true", localWebhooks)),
        new Service(
            "moderation-service", "moderation-service", "moderation", p.moderation(), args(peers)),
        new Service(
            "cameo-consent-service", "cameo-consent-service", "cameo", p.cameo(), args(peers, s3)),
        new Service("media-store-service", "media-store-service", "media", p.media(), args(s3)),
        new Service("feed-service", "feed-service", "feed", p.feed(), args(redis)));
  }

  private static List<String> args(String... groups) {
    return Stream.of(groups).flatMap(g -> Stream.of(g.split(" "))).toList();
  }

  private void startServices() {
    for (Service service : plan()) {
      services.put(service.name(), launch(service));
    }
    // Wait for all at once: they start in parallel and only need each other at request time.
    List<CompletableFuture<Void>> ready = new ArrayList<>();
    for (Service service : plan()) {
      ChildProcess process = services.get(service.name());
      ready.add(
          CompletableFuture.runAsync(
              () -> process.awaitHttpOk(readinessUrl(service), READY_TIMEOUT)));
    }
    CompletableFuture.allOf(ready.toArray(CompletableFuture[]::new)).join();
  }

  private static String readinessUrl(Service service) {
    return "http://127.0.0.1:" + service.port() + "/actuator/health/readiness";
  }

  private ChildProcess launch(Service service) {
    Ports p = config.ports();
    List<String> command = new ArrayList<>();
    command.add(Infrastructure.javaBinary());
    command.addAll(
        List.of(
            service.module().equals("generation-service") ? "-Xmx1g" : "-Xmx384m",
            "-XX:+UseSerialGC",
            "-XX:+EnableDynamicAgentLoading",
            "--enable-native-access=ALL-UNNAMED",
            "-Dai.djl.offline=true",
            "-Djava.awt.headless=true"));
    // For profiling, e.g. ZOETROPE_SERVICE_JVM_OPTS="-XX:StartFlightRecording=filename=/tmp/%p.jfr"
    String extraJvmOptions = System.getenv().getOrDefault("ZOETROPE_SERVICE_JVM_OPTS", "").strip();
    if (!extraJvmOptions.isEmpty()) {
      command.addAll(List.of(extraJvmOptions.split("\\s+")));
    }
    command.addAll(
        List.of(
            "-jar",
            jar(service.module()).toString(),
            "--server.port=" + service.port(),
            "--server.address=127.0.0.1",
            "--spring.datasource.url=" + infra.jdbcUrl(service.schema()),
            "--spring.datasource.username=" + service.schema(),
            "--spring.kafka.bootstrap-servers=" + infra.kafkaBootstrap(),
            "--zoetrope.security.jwks-uri=http://127.0.0.1:"
                + p.gateway()
                + "/.well-known/jwks.json",
            "--zoetrope.security.token-uri=http://127.0.0.1:" + p.gateway() + "/oauth/token",
            "--zoetrope.security.client-id=" + clientId(service.schema())));
    command.addAll(service.extraArgs());
    command.addAll(overrides.getOrDefault(service.name(), List.of()));
    return ChildProcess.start(
        service.name(), command, secretEnv(service), infra.logFile(service.name()));
  }

  private static String clientId(String schema) {
    return schema + "-service";
  }

  /**
   * Secrets travel as SPRING_APPLICATION_JSON in the environment, readable only by this user, never
   * on the command line where {@code ps} would show them.
   */
  private Map<String, String> secretEnv(Service service) {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("spring.datasource.password", infra.dbPassword(service.schema()));
    props.put(
        "zoetrope.security.client-secret", secrets.get("client." + clientId(service.schema())));
    props.put("zoetrope.s3.secret-key", infra.s3SecretKey());
    if (service.schema().equals("identity")) {
      for (String schema : Infrastructure.SCHEMAS) {
        if (!schema.equals("identity")) {
          props.put(
              "zoetrope.identity.service-clients." + clientId(schema),
              secrets.get("client." + clientId(schema)));
        }
      }
    }
    String json =
        props.entrySet().stream()
            .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
            .collect(Collectors.joining(",", "{", "}"));
    // PyTorch's OpenMP threads spin while idle by default; on the few cores this stack shares
    // between seven JVMs, spinning made a 1.5 s sample take 20-60 s.
    return Map.of("SPRING_APPLICATION_JSON", json, "OMP_WAIT_POLICY", "PASSIVE");
  }

  private Path jar(String module) {
    Path target = config.root().resolve(module).resolve("target");
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith("-exec.jar"))
          .findFirst()
          .orElseThrow(
              () -> new IllegalStateException("no -exec.jar in " + target + ": build first"));
    } catch (IOException e) {
      throw new UncheckedIOException("no " + target + ": build first (mvn package -DskipTests)", e);
    }
  }

  /** Stops everything once; a second caller waits for the first to finish. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<ChildProcess> reversed = new ArrayList<>(services.values());
    java.util.Collections.reverse(reversed);
    // All asked at once, then awaited: each drains in parallel with the others (a parallel stream
    // stopped them one or two at a time on two cores, ≈ 37 s for all), and the infrastructure they
    // drain into stops only after the last of them.
    reversed.forEach(ChildProcess::terminate);
    reversed.forEach(s -> s.stop(Duration.ofSeconds(30)));
    infra.close();
  }
}
