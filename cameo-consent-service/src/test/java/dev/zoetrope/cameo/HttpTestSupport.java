package dev.zoetrope.cameo;

import dev.zoetrope.common.testing.TestInfra;
import dev.zoetrope.common.testing.TestInfra.Need;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real HTTP against the service on real Postgres, S3 and Kafka, for the ITs that share one
 * application context (the same property source keeps Spring's context cache to one start for all
 * of them).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class HttpTestSupport {
  protected static final JsonMapper JSON = JsonMapper.builder().build();
  protected static final String BUCKET = "cameo-http-it";

  @DynamicPropertySource
  static void infra(DynamicPropertyRegistry r) {
    TestInfra.register(r, "cameo", Need.POSTGRES, Need.S3, Need.KAFKA);
    r.add("zoetrope.cameo.bucket", () -> BUCKET);
  }

  @LocalServerPort protected int port;

  protected final HttpClient http = HttpClient.newHttpClient();
  protected final String service = TestInfra.issuer().serviceToken("generation-service");

  public record User(UUID id, String token) {}

  protected static User user(String name) {
    UUID id = UUID.randomUUID();
    return new User(id, TestInfra.issuer().userToken(id, name, "free"));
  }

  public record Reply(int status, JsonNode body, HttpResponse<byte[]> raw) {
    /** {@code error.code} of an OpenAI-shaped error, else the problem's {@code code}. */
    public String code() {
      if (body == null) {
        return null;
      }
      JsonNode holder = body.has("error") ? body.get("error") : body;
      JsonNode code = holder.get("code");
      return code == null || code.isNull() ? null : code.asString();
    }

    public JsonNode error() {
      return body == null ? null : body.get("error");
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  protected Reply send(String method, String path, String token, String contentType, byte[] body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<byte[]> response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    String type = response.headers().firstValue("Content-Type").orElse("");
    JsonNode json =
        response.body().length > 0 && type.contains("json")
            ? JSON.readTree(new String(response.body(), StandardCharsets.UTF_8))
            : null;
    return new Reply(response.statusCode(), json, response);
  }

  protected Reply json(String method, String path, String token, String body) throws Exception {
    return send(
        method,
        path,
        token,
        body == null ? null : "application/json",
        body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  /** A multipart/form-data POST; a null {@code file} leaves the file part out. */
  protected Reply multipart(
      String path, User u, String filePart, byte[] file, Map<String, String> fields)
      throws Exception {
    String boundary = "zoetrope-" + UUID.randomUUID();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, String> f : fields.entrySet()) {
      out.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + f.getKey()
                  + "\"\r\n\r\n"
                  + f.getValue()
                  + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    if (file != null) {
      out.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\""
                  + filePart
                  + "\"; filename=\"me.mp4\"\r\nContent-Type: video/mp4\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      out.writeBytes(file);
      out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(
        "POST", path, u.token(), "multipart/form-data; boundary=" + boundary, out.toByteArray());
  }

  protected static UUID raw(String wireId) {
    String h = wireId.substring("cameo_".length());
    return UUID.fromString(
        h.replaceFirst("(\\w{8})(\\w{4})(\\w{4})(\\w{4})(\\w{12})", "$1-$2-$3-$4-$5"));
  }
}
