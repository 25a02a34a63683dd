package dev.zoetrope.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RoutingIT extends GatewayITSupport {

  @Test
  void eachPublicPathReachesItsService() {
    Session session = signUp();
    assertRoutedTo("GET", "/v1/videos", GENERATION, session);
    assertRoutedTo("GET", "/v1/videos/video_1", GENERATION, session);
    assertRoutedTo("POST", "/v1/videos/video_1/remix", GENERATION, session);
    assertRoutedTo("GET", "/v1/videos/video_1/content", MEDIA, session);
    assertRoutedTo("GET", "/v1/videos/video_1/events", GENERATION, session);
    assertRoutedTo("POST", "/v1/webhook_endpoints", GENERATION, session);
    assertRoutedTo("DELETE", "/v1/webhook_endpoints/we_1", GENERATION, session);
    assertRoutedTo("GET", "/v1/credits", GENERATION, session);
    assertRoutedTo("POST", "/v1/videos/characters", CAMEO, session);
    assertRoutedTo("GET", "/v1/videos/characters/char_1", CAMEO, session);
    assertRoutedTo("DELETE", "/v1/videos/characters/char_1", CAMEO, session);
    assertRoutedTo("GET", "/api/cameos", CAMEO, session);
    assertRoutedTo("GET", "/api/cameos/cameo_1/permissions", CAMEO, session);
    assertRoutedTo("GET", "/api/feed", FEED, session);
    assertRoutedTo("PUT", "/api/follows/someone", FEED, session);
    assertRoutedTo("GET", "/api/posts/post_1", FEED, session);
  }

  @Test
  void rangeRequestsPassThroughForVideoContent() {
    Session session = signUp();
    String testId = UUID.randomUUID().toString();
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(uri("/v1/videos/video_1/content"))
                .header("Authorization", "Bearer " + session.token())
                .header("Range", "bytes=2-5")
                .header(Downstream.TEST_ID, testId)
                .GET());

    assertThat(response.statusCode()).isEqualTo(206);
    assertThat(response.body()).isEqualTo("2345");
    assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes 2-5/36");
    assertThat(MEDIA.seen(testId).header("Range")).isEqualTo("bytes=2-5");
  }

  @Test
  void uploadPathsTakeLargeBodiesOtherPathsDoNot() {
    Session session = signUp();
    byte[] twoMegabytes = new byte[2 * 1024 * 1024];

    String testId = UUID.randomUUID().toString();
    HttpResponse<String> upload =
        send(
            HttpRequest.newBuilder(uri("/api/cameos"))
                .header("Authorization", "Bearer " + session.token())
                .header("Content-Type", "application/octet-stream")
                .header(Downstream.TEST_ID, testId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(twoMegabytes)));
    assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
    assertThat(CAMEO.seen(testId).bodyBytes()).isEqualTo(twoMegabytes.length);

    String characterId = UUID.randomUUID().toString();
    HttpResponse<String> character =
        send(
            HttpRequest.newBuilder(uri("/v1/videos/characters"))
                .header("Authorization", "Bearer " + session.token())
                .header("Content-Type", "application/octet-stream")
                .header(Downstream.TEST_ID, characterId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(twoMegabytes)));
    assertThat(character.statusCode()).as(character.body()).isEqualTo(200);
    assertThat(CAMEO.seen(characterId).bodyBytes()).isEqualTo(twoMegabytes.length);

    HttpResponse<String> declared =
        send(
            HttpRequest.newBuilder(uri("/api/posts"))
                .header("Authorization", "Bearer " + session.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(twoMegabytes)));
    assertProblem(declared, 413, "payload_too_large");

    // No Content-Length (chunked): counted while it streams.
    HttpResponse<String> chunked =
        send(
            HttpRequest.newBuilder(uri("/api/posts"))
                .header("Authorization", "Bearer " + session.token())
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(twoMegabytes))));
    assertProblem(chunked, 413, "payload_too_large");
  }

  @Test
  void aServiceThatIsDownAnswersAClear503() {
    Session session = signUp();
    assertProblem(get("/api/moderation/appeals", session.token()), 503, "upstream_unavailable");
  }

  @Test
  void unknownPathsAnswer404InTheRightShape() {
    Session session = signUp();
    assertProblem(get("/api/nothing-here", session.token()), 404, "not_found");
    assertOpenAiError(get("/v1/models", session.token()), 404, "not_found");
  }

  @Test
  void internalAndOperationalEndpointsAreNotReachableFromOutside() {
    Session session = signUp();
    String serviceToken = serviceToken();
    assertProblem(get("/internal/cameos/check", null), 404, "not_found");
    assertProblem(get("/internal/cameos/check", session.token()), 404, "not_found");
    assertProblem(get("/internal/cameos/check", serviceToken), 404, "not_found");
    assertProblem(get("/actuator/env", serviceToken), 404, "not_found");
    assertProblem(get("/actuator", null), 404, "not_found");
    assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
    assertThat(get("/actuator/health", null).statusCode()).isEqualTo(200);
    assertThat(get("/v3/api-docs", null).statusCode()).isEqualTo(200);
  }

  @Test
  void metricsAreServedInsideButNotThroughAProxy() {
    HttpResponse<String> scrape = get("/actuator/prometheus", null);
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.body()).contains("jvm_memory_used_bytes");

    for (String header : new String[] {"X-Forwarded-For", "Forwarded", "X-Real-IP"}) {
      HttpResponse<String> viaIngress =
          send(
              HttpRequest.newBuilder(uri("/actuator/prometheus"))
                  .header(header, header.equals("Forwarded") ? "for=203.0.113.7" : "203.0.113.7")
                  .header("Authorization", "Bearer " + serviceToken())
                  .GET());
      assertProblem(viaIngress, 404, "not_found");
    }
  }

  @Test
  void unauthenticatedCallsGetA401InTheShapeOfTheirApi() {
    HttpResponse<String> openAi = get("/v1/videos", null);
    assertOpenAiError(openAi, 401, "unauthenticated");
    assertThat(json(openAi).get("error").get("type").asString()).isEqualTo("authentication_error");
    assertThat(openAi.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");

    assertProblem(get("/api/feed", null), 401, "unauthenticated");
    assertProblem(get("/api/feed", "not.a.jwt"), 401, "invalid_token");
    assertOpenAiError(get("/v1/videos", "not.a.jwt"), 401, "invalid_token");
  }

  @Test
  void aServiceTokenCannotCallUserApis() {
    assertOpenAiError(get("/v1/videos", serviceToken()), 403, "forbidden");
  }

  @Test
  void userJwtsPassThroughUnchanged() {
    Session session = signUp();
    String testId = UUID.randomUUID().toString();
    send(
        HttpRequest.newBuilder(uri("/api/feed"))
            .header("Authorization", "Bearer " + session.token())
            .header(Downstream.TEST_ID, testId)
            .GET());

    assertThat(FEED.seen(testId).header("Authorization")).isEqualTo("Bearer " + session.token());
  }

  private void assertRoutedTo(String method, String path, Downstream service, Session session) {
    String testId = UUID.randomUUID().toString();
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + session.token())
                .header(Downstream.TEST_ID, testId)
                .method(method, HttpRequest.BodyPublishers.noBody()));

    assertThat(response.statusCode())
        .as(method + " " + path + ": " + response.body())
        .isEqualTo(200);
    assertThat(response.headers().firstValue("X-Downstream"))
        .as(path)
        .hasValue(downstreamName(service));
    Downstream.Seen seen = service.seen(testId);
    assertThat(seen.method()).isEqualTo(method);
    assertThat(seen.path()).isEqualTo(path);
  }

  private static String downstreamName(Downstream service) {
    if (service == GENERATION) {
      return "generation";
    }
    if (service == MEDIA) {
      return "media-store";
    }
    return service == CAMEO ? "cameo-consent" : "feed";
  }

  private String serviceToken() {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(uri("/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "grant_type=client_credentials&client_id="
                            + CLIENT_ID
                            + "&client_secret="
                            + CLIENT_SECRET)));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response).get("access_token").asString();
  }
}
