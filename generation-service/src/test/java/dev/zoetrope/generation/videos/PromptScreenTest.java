package dev.zoetrope.generation.videos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.zoetrope.common.policy.PromptPolicy;
import dev.zoetrope.contracts.generation.GenerationEvents.PromptChecked;
import dev.zoetrope.contracts.moderation.ModerationApi;
import dev.zoetrope.contracts.moderation.ModerationApi.PromptPolicySnapshot;
import dev.zoetrope.generation.peers.ModerationClient;
import dev.zoetrope.generation.peers.PeerUnavailableException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.json.JsonMapper;

/** The in-process prompt screen against a real HTTP server standing in for moderation. */
class PromptScreenTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final PromptPolicy GORE = new PromptPolicy(Map.of("violence", List.of("gore")));

  /** What the server answers: a policy to serve, or null for 503. */
  private final AtomicReference<PromptPolicySnapshot> served = new AtomicReference<>();

  private final AtomicInteger fetches = new AtomicInteger();
  private volatile long answerDelayMs;
  private final HttpServer server;
  private final ModerationClient client;

  PromptScreenTest() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        ModerationApi.PROMPT_POLICY,
        exchange -> {
          try (exchange) {
            fetches.incrementAndGet();
            Thread.sleep(answerDelayMs);
            PromptPolicySnapshot snapshot = served.get();
            byte[] body =
                snapshot == null
                    ? "{}".getBytes(StandardCharsets.UTF_8)
                    : JSON.writeValueAsBytes(snapshot);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(snapshot == null ? 503 : 200, body.length);
            exchange.getResponseBody().write(body);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.start();
    RestClient http =
        RestClient.builder().baseUrl("http://127.0.0.1:" + server.getAddress().getPort()).build();
    client = new ModerationClient(http, http);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static PromptPolicySnapshot snapshot(PromptPolicy policy) {
    return new PromptPolicySnapshot(policy.version(), policy.terms());
  }

  @Test
  void judgesOnTheServedPolicyAndSaysWhichOne() {
    served.set(snapshot(GORE));
    PromptScreen screen = new PromptScreen(client, Duration.ofMinutes(5));
    UUID user = UUID.randomUUID();
    UUID video = UUID.randomUUID();

    PromptChecked blocked = screen.check(user, video, "a ball in a pool of G0RE");
    assertThat(blocked.allowed()).isFalse();
    assertThat(blocked.category()).isEqualTo("violence");
    assertThat(blocked.matchedRule()).isEqualTo("gore");
    assertThat(blocked.reason()).isEqualTo(PromptPolicy.reason("violence"));
    assertThat(blocked.userId()).isEqualTo(user);
    assertThat(blocked.subjectId()).isEqualTo(video.toString());
    assertThat(blocked.policyVersion()).isEqualTo(GORE.version());
    assertThat(blocked.textSha256())
        .isEqualTo(GORE.check("a ball in a pool of G0RE").normalizedSha256());

    PromptChecked allowed = screen.check(user, video, "a ball on a wooden floor");
    assertThat(allowed.allowed()).isTrue();
    assertThat(allowed.category()).isNull();
    assertThat(allowed.reason()).isNull();
    assertThat(allowed.matchedRule()).isNull();
    assertThat(allowed.decisionId()).isNotEqualTo(blocked.decisionId());
    // One fetch serves every check until the copy is due for a refresh.
    assertThat(fetches).hasValue(1);
  }

  @Test
  void withoutAFirstCopyACreateCannotBeJudged() {
    PromptScreen screen = new PromptScreen(client, Duration.ofMinutes(5));
    assertThatThrownBy(() -> screen.check(UUID.randomUUID(), UUID.randomUUID(), "a ball"))
        .isInstanceOf(PeerUnavailableException.class);

    served.set(snapshot(GORE));
    assertThat(screen.check(UUID.randomUUID(), UUID.randomUUID(), "gore").allowed()).isFalse();
  }

  @Test
  void aPolicyThatDoesNotRebuildAsSentIsRefused() {
    Map<String, List<String>> ordered = new LinkedHashMap<>();
    ordered.put("a", List.of("aaa"));
    ordered.put("b", List.of("bbb"));
    Map<String, List<String>> reordered = new LinkedHashMap<>();
    reordered.put("b", List.of("bbb"));
    reordered.put("a", List.of("aaa"));
    // The order categories are tried in is part of the policy: moderation's version with its
    // categories in another order is not moderation's policy.
    served.set(new PromptPolicySnapshot(new PromptPolicy(ordered).version(), reordered));
    PromptScreen screen = new PromptScreen(client, Duration.ofMinutes(5));
    assertThatThrownBy(() -> screen.check(UUID.randomUUID(), UUID.randomUUID(), "aaa"))
        .isInstanceOf(PeerUnavailableException.class)
        .hasMessageContaining("rebuilds as");

    // A category without its terms cannot be judged on at all.
    Map<String, List<String>> noTerms = new LinkedHashMap<>();
    noTerms.put("a", null);
    served.set(new PromptPolicySnapshot("v", noTerms));
    assertThatThrownBy(() -> screen.check(UUID.randomUUID(), UUID.randomUUID(), "aaa"))
        .isInstanceOf(PeerUnavailableException.class)
        .hasMessageContaining("unusable");
  }

  @Test
  void aChangedPolicyArrivesWithinTheRefreshAndAnOutageKeepsTheLastCopy() {
    served.set(snapshot(GORE));
    PromptScreen screen = new PromptScreen(client, Duration.ofMillis(1));
    assertThat(screen.check(UUID.randomUUID(), UUID.randomUUID(), "a bazooka").allowed()).isTrue();

    PromptPolicy weapons =
        new PromptPolicy(Map.of("violence", List.of("gore"), "weapons", List.of("bazooka")));
    served.set(snapshot(weapons));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !screen.check(UUID.randomUUID(), UUID.randomUUID(), "a bazooka").allowed());

    served.set(null);
    int before = fetches.get();
    // Every check while moderation is down still judges, on the last copy, and tries again.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              PromptChecked c = screen.check(UUID.randomUUID(), UUID.randomUUID(), "a bazooka");
              assertThat(c.category()).isEqualTo("weapons");
              assertThat(c.policyVersion()).isEqualTo(weapons.version());
              return fetches.get() > before + 2;
            });
  }

  @Test
  void aBurstOfFirstCreatesFetchesOnce() throws Exception {
    served.set(snapshot(GORE));
    answerDelayMs = 300;
    PromptScreen screen = new PromptScreen(client, Duration.ofMinutes(5));
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<PromptChecked>> checks = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Callable<PromptChecked> check =
            () -> screen.check(UUID.randomUUID(), UUID.randomUUID(), "x");
        checks.add(pool.submit(check));
      }
      for (Future<PromptChecked> f : checks) {
        assertThat(f.get().allowed()).isTrue();
      }
    }
    assertThat(fetches).hasValue(1);
  }
}
