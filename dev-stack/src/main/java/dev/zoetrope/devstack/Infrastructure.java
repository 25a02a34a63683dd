package dev.zoetrope.devstack;

import dev.zoetrope.common.testing.S3Proxy;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import redis.embedded.RedisServer;

/**
 * The four real servers the platform needs, run as processes on this machine without Docker:
 * PostgreSQL (zonky's binaries), Kafka in KRaft mode, Redis, and s3proxy for the S3 API. Data lives
 * under the stack's data folder, so a restart keeps users, jobs, events and clips.
 */
final class Infrastructure implements AutoCloseable {
  /** One schema and one login role per service; Flyway in each service creates its tables. */
  static final List<String> SCHEMAS =
      List.of("identity", "generation", "moderation", "cameo", "media", "feed");

  static final String DATABASE = "zoetrope";

  private final StackConfig config;
  private final Secrets secrets;
  private EmbeddedPostgres postgres;
  private ChildProcess kafka;
  private ChildProcess redis;
  private S3Proxy s3;

  Infrastructure(StackConfig config, Secrets secrets) {
    this.config = config;
    this.secrets = secrets;
  }

  void start() {
    try {
      Files.createDirectories(config.dataDir().resolve("logs"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    startPostgres();
    startKafka();
    startRedis();
    startS3();
  }

  private void startPostgres() {
    try {
      Path dir = config.dataDir().resolve("postgres");
      postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dir)
              .setCleanDataDirectory(false)
              .setPort(config.ports().postgres())
              .setPGStartupWait(Duration.ofSeconds(60))
              // Stopped by close(), after the services: zonky's own shutdown hook ran alongside
              // ours and took the database from services still draining their work.
              .setRegisterShutdownHook(false)
              .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile("postgres").toFile()))
              .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile("postgres").toFile()))
              .start();
      provisionDatabase();
    } catch (IOException e) {
      throw new UncheckedIOException("postgres did not start", e);
    }
  }

  private void provisionDatabase() {
    String admin = "jdbc:postgresql://127.0.0.1:" + config.ports().postgres() + "/postgres";
    try (Connection c = DriverManager.getConnection(admin, "postgres", "");
        Statement s = c.createStatement()) {
      if (!exists(c, "select 1 from pg_database where datname = ?", DATABASE)) {
        s.execute("create database " + DATABASE);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + DATABASE, e);
    }
    try (Connection c = DriverManager.getConnection(jdbcUrl(null), "postgres", "");
        Statement s = c.createStatement()) {
      for (String schema : SCHEMAS) {
        // Identifiers come from the fixed list above, passwords from our generator (url-safe).
        String password = dbPassword(schema);
        if (exists(c, "select 1 from pg_roles where rolname = ?", schema)) {
          s.execute("alter role " + schema + " login password '" + password + "'");
        } else {
          s.execute("create role " + schema + " login password '" + password + "'");
        }
        s.execute("create schema if not exists " + schema + " authorization " + schema);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not provision schemas", e);
    }
  }

  private static boolean exists(Connection c, String sql, String value) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, value);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  String jdbcUrl(String schema) {
    return "jdbc:postgresql://127.0.0.1:"
        + config.ports().postgres()
        + "/"
        + DATABASE
        + (schema == null ? "" : "?currentSchema=" + schema);
  }

  String dbPassword(String schema) {
    return secrets.get("db." + schema + ".password");
  }

  private void startKafka() {
    Path dir = config.dataDir().resolve("kafka");
    Path props = config.dataDir().resolve("kafka.properties");
    Path log4j = config.dataDir().resolve("kafka-log4j2.properties");
    int port = config.ports().kafka();
    int controller = config.ports().kafkaController();
    try {
      Files.createDirectories(dir);
      Files.writeString(
          props,
          String.join(
              "\n",
              "process.roles=broker,controller",
              "node.id=1",
              "controller.quorum.voters=1@127.0.0.1:" + controller,
              "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
              "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
              "controller.listener.names=CONTROLLER",
              "inter.broker.listener.name=PLAINTEXT",
              "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
              "log.dirs=" + dir.toAbsolutePath(),
              "num.partitions=3",
              "auto.create.topics.enable=true",
              // A single broker: every replication factor must be 1.
              "offsets.topic.replication.factor=1",
              "transaction.state.log.replication.factor=1",
              "transaction.state.log.min.isr=1",
              "share.coordinator.state.topic.replication.factor=1",
              "share.coordinator.state.topic.min.isr=1",
              "group.initial.rebalance.delay.ms=0",
              ""));
      Files.writeString(
          log4j,
          String.join(
              "\n",
              "rootLogger.level=WARN",
              "rootLogger.appenderRef.stdout.ref=STDOUT",
              "appender.stdout.type=Console",
              "appender.stdout.name=STDOUT",
              "appender.stdout.layout.type=PatternLayout",
              "appender.stdout.layout.pattern=%d %p %c{1} %m%n",
              ""));
      String classpath = kafkaClasspath();
      String java = javaBinary();
      if (!Files.exists(dir.resolve("meta.properties"))) {
        Process format =
            new ProcessBuilder(
                    java,
                    "-cp",
                    classpath,
                    "-Dlog4j2.configurationFile=" + log4j.toAbsolutePath(),
                    "kafka.tools.StorageTool",
                    "format",
                    "-t",
                    UUID.randomUUID().toString().replace("-", "").substring(0, 22),
                    "-c",
                    props.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile("kafka").toFile()))
                .start();
        if (format.waitFor() != 0) {
          throw new IllegalStateException("kafka storage format failed; see " + logFile("kafka"));
        }
      }
      List<String> command = new ArrayList<>(List.of(java, "-Xms128m", "-Xmx512m"));
      if (Runtime.version().feature() >= 24) {
        // Kafka's log segments still unmap through sun.misc.Unsafe.
        command.add("--sun-misc-unsafe-memory-access=allow");
      }
      kafka =
          ChildProcess.start(
              "kafka",
              concat(
                  command,
                  "-cp",
                  classpath,
                  "-Dlog4j2.configurationFile=" + log4j.toAbsolutePath(),
                  "kafka.Kafka",
                  props.toAbsolutePath().toString()),
              Map.of(),
              logFile("kafka"));
      awaitPort(port, Duration.ofSeconds(90), kafka);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<String> concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all;
  }

  private String kafkaClasspath() throws IOException {
    Path file = config.root().resolve("dev-stack/target/classpath.txt");
    if (!Files.exists(file)) {
      throw new IllegalStateException(file + " is missing: build first (mvn package -DskipTests)");
    }
    return Files.readString(file).trim();
  }

  private void startRedis() {
    try {
      Path dir = config.dataDir().resolve("redis");
      Files.createDirectories(dir);
      int port = config.ports().redis();
      // embedded-redis supplies the binary and its arguments; the process is ours, so close() stops
      // it after the services. RedisServer.start() would also register a shutdown hook that stops
      // Redis the moment the JVM begins to exit, under services still draining.
      List<String> command =
          RedisServer.newRedisServer()
              .bind("127.0.0.1")
              .port(port)
              .setting("dir " + dir.toAbsolutePath())
              .setting("appendonly yes")
              .buildCommandArgs();
      redis = ChildProcess.start("redis", command, Map.of(), logFile("redis"));
      awaitPort(port, Duration.ofSeconds(30), redis);
    } catch (IOException e) {
      throw new UncheckedIOException("redis did not start", e);
    }
  }

  private void startS3() {
    s3 =
        S3Proxy.start(
            config.root().resolve("dev-stack/target/infra/s3proxy.jar"),
            config.dataDir().resolve("s3"),
            s3AccessKey(),
            s3SecretKey(),
            config.ports().s3(),
            logFile("s3proxy"));
  }

  String s3Endpoint() {
    return "http://127.0.0.1:" + config.ports().s3();
  }

  String s3AccessKey() {
    return "zoetrope-" + secrets.get("s3.access-key").substring(0, 12).toLowerCase();
  }

  String s3SecretKey() {
    return secrets.get("s3.secret-key");
  }

  String kafkaBootstrap() {
    return "127.0.0.1:" + config.ports().kafka();
  }

  Path logFile(String name) {
    return config.dataDir().resolve("logs").resolve(name + ".log");
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static void awaitPort(int port, Duration timeout, ChildProcess owner) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!owner.alive()) {
        throw new IllegalStateException(owner.name + " exited; log:\n" + owner.tail(40));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        ChildProcess.sleep(200);
      }
    }
    throw new IllegalStateException(owner.name + " did not listen on " + port + " in " + timeout);
  }

  @Override
  public void close() {
    List<RuntimeException> errors = new ArrayList<>();
    if (s3 != null) {
      s3.stop();
    }
    if (kafka != null) {
      kafka.stop(Duration.ofSeconds(20));
    }
    if (redis != null) {
      redis.stop(Duration.ofSeconds(10));
    }
    try {
      if (postgres != null) {
        postgres.close();
      }
    } catch (IOException e) {
      errors.add(new UncheckedIOException(e));
    }
    if (!errors.isEmpty()) {
      throw errors.get(0);
    }
  }
}
