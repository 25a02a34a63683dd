package dev.zoetrope.devstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client of the gateway, as an app or an SDK would be: bearer token, JSON. */
final class Client {
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final String base;
  private final String token;

  Client(String base, String token) {
    this.base = base;
    this.token = token;
  }

  String token() {
    return token;
  }

  Client withToken(String newToken) {
    return new Client(base, newToken);
  }

  record Response(int status, byte[] body, HttpResponse<byte[]> raw) {
    JsonNode json() {
      return JSON.readTree(body);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return status + " " + (body.length > 2000 ? text().substring(0, 2000) : text());
    }
  }

  /** GET with extra headers given as name, value, name, value... */
  Response get(String path, String... headers) {
    HttpRequest.Builder builder = request(path).GET();
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return send(builder);
  }

  /** POST JSON with extra headers given as name, value, name, value... */
  Response post(String path, Object body, String... headers) {
    HttpRequest.Builder builder =
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return send(builder);
  }

  Response delete(String path) {
    return send(request(path).DELETE());
  }

  /** Reads a server-sent-event stream until the server ends it; returns the event names. */
  List<String> streamEvents(String path, Duration timeout) {
    HttpRequest request =
        request(path).timeout(timeout).header("Accept", "text/event-stream").GET().build();
    try {
      HttpResponse<java.util.stream.Stream<String>> response =
          HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("event stream answered " + response.statusCode());
      }
      try (var lines = response.body()) {
        return lines
            .filter(line -> line.startsWith("event:"))
            .map(line -> line.substring("event:".length()).trim())
            .toList();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Response put(String path) {
    return send(request(path).PUT(HttpRequest.BodyPublishers.noBody()));
  }

  /** multipart/form-data with text fields and one file part. */
  Response postMultipart(
      String path,
      java.util.Map<String, String> fields,
      String fileField,
      String fileName,
      String fileType,
      byte[] file) {
    String boundary = "zoetrope-" + UUID.randomUUID();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      for (var field : fields.entrySet()) {
        out.write(
            ("--"
                    + boundary
                    + "\r\nContent-Disposition: form-data; name=\""
                    + field.getKey()
                    + "\"\r\n\r\n"
                    + field.getValue()
                    + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
      }
      out.write(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + fileField
                  + "\"; filename=\""
                  + fileName
                  + "\"\r\nContent-Type: "
                  + fileType
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      out.write(file);
      out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return send(
        request(path)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())));
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private static Response send(HttpRequest.Builder builder) {
    try {
      HttpResponse<byte[]> response =
          HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(response.statusCode(), response.body(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
