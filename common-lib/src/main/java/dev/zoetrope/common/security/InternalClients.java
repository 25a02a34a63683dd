package dev.zoetrope.common.security;

import java.net.http.HttpClient;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * Builds clients for other services' {@code /internal/**} APIs: bounded timeouts (a slow peer must
 * not hold a request thread forever) and this service's bearer token on every call.
 */
public class InternalClients {
  private final ServiceTokens tokens;
  private final RestClient.Builder builder;

  public InternalClients(ServiceTokens tokens, RestClient.Builder builder) {
    this.tokens = tokens;
    this.builder = builder;
  }

  public RestClient forBaseUrl(String baseUrl, Duration timeout) {
    // Peers speak HTTP/1.1 over plain TCP: asking for an h2c upgrade would only add headers and a
    // failed negotiation to new connections.
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
    factory.setReadTimeout(timeout);
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
}
