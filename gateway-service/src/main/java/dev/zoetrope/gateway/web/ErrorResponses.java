package dev.zoetrope.gateway.web;

import dev.zoetrope.common.web.ErrorBodies;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the platform's two error shapes (see {@link ErrorBodies}) straight to a reactive response:
 * the reactive counterpart of common-lib's servlet error handling, used by the error handler, the
 * security entry points and the filters that refuse requests before any controller.
 */
public final class ErrorResponses {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ErrorResponses() {}

  public static Mono<Void> write(
      ServerWebExchange exchange, HttpStatusCode status, String code, String message) {
    return write(exchange, status, code, message, null);
  }

  public static Mono<Void> write(
      ServerWebExchange exchange,
      HttpStatusCode status,
      String code,
      String message,
      String param) {
    ServerHttpResponse response = exchange.getResponse();
    String path = exchange.getRequest().getPath().value();
    Object body;
    MediaType type;
    if (ErrorBodies.isOpenAiPath(path)) {
      body = ErrorBodies.openAi(status, code, message, param);
      type = MediaType.APPLICATION_JSON;
    } else {
      body = problemBody(ErrorBodies.problem(status, code, message), path, param);
      type = MediaType.APPLICATION_PROBLEM_JSON;
    }
    byte[] bytes = JSON.writeValueAsBytes(body);
    response.setStatusCode(status);
    response.getHeaders().setContentType(type);
    response.getHeaders().setContentLength(bytes.length);
    return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(bytes)));
  }

  /**
   * The JSON form of a problem: RFC 9457 members first, then extensions at the top level, as
   * Spring's problem-detail serialization does in the servlet services.
   */
  static Map<String, Object> problemBody(ProblemDetail problem, String path, String param) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", problem.getType().toString());
    body.put("title", problem.getTitle());
    body.put("status", problem.getStatus());
    body.put("detail", problem.getDetail());
    body.put("instance", path);
    if (problem.getProperties() != null) {
      body.putAll(problem.getProperties());
    }
    if (param != null) {
      body.put("param", param);
    }
    return body;
  }
}
