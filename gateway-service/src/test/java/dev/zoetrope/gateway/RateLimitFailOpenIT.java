package dev.zoetrope.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zoetrope.common.testing.TestInfra;
import dev.zoetrope.common.testing.TestInfra.Need;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** With Redis unreachable, video creation goes on unmetered and the outage is counted. */
@SpringBootTest(
    classes = GatewayApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RateLimitFailOpenIT {
  private static final Downstream GENERATION = Downstream.start("generation");

  @LocalServerPort int port;
  @Autowired MeterRegistry meters;

  @DynamicPropertySource
  static void infra(DynamicPropertyRegistry r) throws Exception {
    TestInfra.register(r, "identity", Need.POSTGRES);
    int closed = TestInfra.freePort();
    r.add("spring.data.redis.host", () -> "127.0.0.1");
    r.add("spring.data.redis.port", () -> closed);
    r.add("zoetrope.routes.generation", GENERATION::url);
    String keyPath = Files.createTempDirectory("gateway-failopen").resolve("k.pem").toString();
    r.add("zoetrope.identity.signing-key-path", () -> keyPath);
  }

  @Test
  void videoCreationFailsOpenWhenRedisIsDown() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String username = "fo_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    HttpResponse<String> signup =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/auth/signup"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + username + "\",\"password\":\"fail open please\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String token =
        JsonMapper.builder().build().readTree(signup.body()).get("access_token").asString();

    for (int i = 0; i < 2; i++) {
      HttpResponse<String> created =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/videos"))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"a ball\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
      assertThat(created.headers().firstValue("X-RateLimit-Remaining")).isEmpty();
    }
    assertThat(meters.counter("zoetrope.gateway.ratelimit.fail.open").count()).isEqualTo(2.0);
  }
}
