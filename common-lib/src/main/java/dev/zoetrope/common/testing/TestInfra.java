package dev.zoetrope.common.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import redis.embedded.RedisServer;

/**
 * Real servers for integration tests, started at most once per test JVM and shared by every test
 * class in it: PostgreSQL (zonky binaries), a KRaft Kafka broker, Redis, and s3proxy for the S3
 * API, plus a {@link TestIssuer} standing in for the gateway's token endpoints. Nothing here is a
 * mock: each is the server the services talk to in production, run without Docker.
 *
 * <p>Register with {@code @DynamicPropertySource static void infra(DynamicPropertyRegistry r) {
 * TestInfra.register(r, "feed", Need.POSTGRES, Need.KAFKA); }}.
 */
public final class TestInfra {
  /** What a test needs; only those are started. */
  public enum Need {
    POSTGRES,
    KAFKA,
    REDIS,
    S3
  }

  private static EmbeddedPostgres postgres;
  private static EmbeddedKafkaKraftBroker kafka;
  private static RedisServer redis;
  private static int redisPort;
  private static S3Proxy s3;
  private static TestIssuer issuer;
  private static final Set<String> provisioned = new HashSet<>();

  private TestInfra() {}

  public static synchronized void register(
      DynamicPropertyRegistry registry, String service, Need... needs) {
    TestIssuer tokens = issuer();
    registry.add("zoetrope.security.jwks-uri", tokens::jwksUri);
    registry.add("zoetrope.security.token-uri", tokens::tokenUri);
    registry.add("zoetrope.security.client-id", () -> service + "-service");
    registry.add("zoetrope.security.client-secret", () -> "test-secret");
    for (Need need : needs) {
      switch (need) {
        case POSTGRES -> {
          String jdbcUrl = provisionSchema(service);
          registry.add("spring.datasource.url", () -> jdbcUrl);
          registry.add("spring.datasource.username", () -> service);
          registry.add("spring.datasource.password", () -> service);
        }
        case KAFKA -> registry.add("spring.kafka.bootstrap-servers", TestInfra::kafkaBootstrap);
        case REDIS -> {
          int port = redisPort();
          registry.add("spring.data.redis.host", () -> "127.0.0.1");
          registry.add("spring.data.redis.port", () -> port);
        }
        case S3 -> {
          S3Proxy proxy = s3();
          registry.add("zoetrope.s3.endpoint", proxy::endpoint);
          registry.add("zoetrope.s3.access-key", proxy::accessKey);
          registry.add("zoetrope.s3.secret-key", proxy::secretKey);
        }
      }
    }
  }

  public static synchronized TestIssuer issuer() {
    if (issuer == null) {
      issuer = TestIssuer.start();
    }
    return issuer;
  }

  public static synchronized String kafkaBootstrap() {
    if (kafka == null) {
      kafka = new EmbeddedKafkaKraftBroker(1, 1);
      kafka.kafkaPorts(0);
      kafka.brokerProperty("group.initial.rebalance.delay.ms", "0");
      kafka.afterPropertiesSet();
    }
    return kafka.getBrokersAsString();
  }

  /** Creates a login role and an owned schema named after the service; returns the JDBC URL. */
  public static synchronized String provisionSchema(String service) {
    if (!service.matches("[a-z_]{1,30}")) {
      throw new IllegalArgumentException("bad service name " + service);
    }
    try {
      if (postgres == null) {
        Path dir = Files.createTempDirectory("zoetrope-pg-");
        postgres = EmbeddedPostgres.builder().setOverrideWorkingDirectory(dir.toFile()).start();
      }
      if (provisioned.add(service)) {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
            Statement s = c.createStatement()) {
          s.execute("create role " + service + " login password '" + service + "'");
          s.execute("create schema " + service + " authorization " + service);
        }
      }
      return "jdbc:postgresql://127.0.0.1:"
          + postgres.getPort()
          + "/postgres?currentSchema="
          + service;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException("could not provision schema " + service, e);
    }
  }

  public static synchronized int redisPort() {
    if (redis == null) {
      try {
        redisPort = freePort();
        redis = new RedisServer(redisPort);
        redis.start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return redisPort;
  }

  public static synchronized S3Proxy s3() {
    if (s3 == null) {
      s3 =
          S3Proxy.start(
              Path.of(System.getProperty("zoetrope.s3proxy.jar", "target/infra/s3proxy.jar")),
              null,
              "test-" + UUID.randomUUID().toString().substring(0, 8),
              UUID.randomUUID().toString());
    }
    return s3;
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
