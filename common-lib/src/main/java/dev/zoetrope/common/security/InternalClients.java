package dev.zoetrope.common.security;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Builds clients for other services' {@code /internal/**} APIs: bounded timeouts (a slow peer must
 * not hold a request thread forever) and this service's bearer token on every call.
 *
 * <p>Calls go through Apache HttpClient's blocking client over a connection pool, on the calling
 * (virtual) thread. The JDK's {@code HttpClient} was used before: its blocking {@code send} hands
 * every exchange to a selector thread and back. Measured side by side the two cost about the same
 * CPU per call; this one keeps the whole call on one thread's stack, where a profile can see it,
 * and in that run uploaded the worker's clips a little faster (median 46 against 57 ms;
 * docs/benchmarks.md, "Generation API latency").
 */
public class InternalClients implements DisposableBean {
  /** Peers are few and local; this bounds sockets per peer, not concurrency worth having. */
  static final int MAX_CONNECTIONS_PER_PEER = 100;

  private final ServiceTokens tokens;
  private final RestClient.Builder builder;
  private final List<HttpComponentsClientHttpRequestFactory> factories =
      new CopyOnWriteArrayList<>();

  public InternalClients(ServiceTokens tokens, RestClient.Builder builder) {
    this.tokens = tokens;
    this.builder = builder;
  }

  public RestClient forBaseUrl(String baseUrl, Duration timeout) {
    var connections =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnPerRoute(MAX_CONNECTIONS_PER_PEER)
            .setMaxConnTotal(MAX_CONNECTIONS_PER_PEER)
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(Timeout.ofSeconds(2))
                    // A peer closes idle keep-alive connections on its own schedule; check one
                    // that sat idle before reusing it rather than fail the call on a dead socket.
                    .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                    .build())
            .build();
    var http =
        HttpClients.custom()
            .setConnectionManager(connections)
            .disableCookieManagement()
            .disableRedirectHandling()
            // Callers own retries (worker.peer-retries and the like); the client's own would retry
            // a 503 or 429 even for a POST, and multiply every retry budget by two.
            .disableAutomaticRetries()
            .evictIdleConnections(TimeValue.ofSeconds(30))
            .build();
    var factory = new HttpComponentsClientHttpRequestFactory(http);
    // The call's bound (the response timeout of each request), and the same for waiting for a
    // pooled connection.
    factory.setReadTimeout(timeout);
    factory.setConnectionRequestTimeout(timeout);
    factories.add(factory);
    return builder
        .clone()
        .baseUrl(baseUrl)
        .requestFactory(factory)
        .requestInterceptor(
            (request, body, execution) -> {
              request.getHeaders().set(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.token());
              return execution.execute(request, body);
            })
        .build();
  }

  @Override
  public void destroy() throws Exception {
    for (var factory : factories) {
      factory.destroy();
    }
  }
}
