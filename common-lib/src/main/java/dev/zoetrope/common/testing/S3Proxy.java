package dev.zoetrope.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * s3proxy as a child process: the real S3 HTTP API (signatures, multipart, ranges) backed by memory
 * ({@code dataDir == null}) or by a folder. A child process because in-process it drags in 171 jars
 * that clash with Spring Boot.
 */
public final class S3Proxy {
  private final Process process;
  private final String endpoint;
  private final String accessKey;
  private final String secretKey;

  private S3Proxy(Process process, String endpoint, String accessKey, String secretKey) {
    this.process = process;
    this.endpoint = endpoint;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  /** For tests: stopped when the JVM exits. */
  public static S3Proxy start(Path jar, Path dataDir, String accessKey, String secretKey) {
    S3Proxy proxy = start(jar, dataDir, accessKey, secretKey, TestInfra.freePort(), null);
    Runtime.getRuntime().addShutdownHook(new Thread(proxy::stop));
    return proxy;
  }

  /**
   * Stopped only by {@link #stop()}: a stack that runs services on it stops it after them, which a
   * JVM shutdown hook of its own (run alongside the stack's) would not wait for.
   */
  public static S3Proxy start(
      Path jar, Path dataDir, String accessKey, String secretKey, int port, Path logFile) {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "s3proxy jar not found at " + jar.toAbsolutePath() + " (built by mvn process-resources)");
    }
    try {
      Path props = Files.createTempFile("s3proxy", ".properties");
      StringBuilder p = new StringBuilder();
      p.append("s3proxy.endpoint=http://127.0.0.1:").append(port).append('\n');
      p.append("s3proxy.authorization=aws-v2-or-v4\n");
      p.append("s3proxy.identity=").append(accessKey).append('\n');
      p.append("s3proxy.credential=").append(secretKey).append('\n');
      if (dataDir == null) {
        p.append("jclouds.provider=transient\n");
      } else {
        Files.createDirectories(dataDir);
        p.append("jclouds.provider=filesystem\n");
        p.append("jclouds.filesystem.basedir=").append(dataDir.toAbsolutePath()).append('\n');
      }
      Files.writeString(props, p.toString());
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder builder =
          new ProcessBuilder(
                  java,
                  "-Xmx256m",
                  "-jar",
                  jar.toAbsolutePath().toString(),
                  "--properties",
                  props.toString())
              .redirectErrorStream(true);
      builder.redirectOutput(
          logFile == null
              ? ProcessBuilder.Redirect.DISCARD
              : ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      Process process = builder.start();
      S3Proxy proxy = new S3Proxy(process, "http://127.0.0.1:" + port, accessKey, secretKey);
      try {
        proxy.awaitReady(Duration.ofSeconds(60));
      } catch (RuntimeException e) {
        proxy.stop();
        throw e;
      }
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("s3proxy exited with " + process.exitValue());
      }
      try {
        HttpURLConnection c =
            (HttpURLConnection) URI.create(endpoint + "/").toURL().openConnection();
        c.setConnectTimeout(500);
        c.getResponseCode(); // any HTTP answer (403 without a signature) means it is serving
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    throw new IllegalStateException("s3proxy did not start within " + timeout);
  }

  public void stop() {
    process.destroy();
  }

  public String endpoint() {
    return endpoint;
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }
}
