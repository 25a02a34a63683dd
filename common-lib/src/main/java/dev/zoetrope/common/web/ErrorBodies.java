package dev.zoetrope.common.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The two error shapes the platform speaks. {@code /v1/**} is a drop-in for the OpenAI API, whose
 * SDKs parse {@code {"error":{...}}}; everything else answers RFC 9457 problem JSON with a {@code
 * code} extension. Both carry the same stable code.
 */
public final class ErrorBodies {
  public static final String PROBLEM_TYPE_BASE = "https://zoetrope.dev/problems/";

  private ErrorBodies() {}

  public static boolean isOpenAiPath(String path) {
    return path != null && (path.equals("/v1") || path.startsWith("/v1/"));
  }

  public static ProblemDetail problem(HttpStatusCode status, String code, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(PROBLEM_TYPE_BASE + code));
    problem.setProperty("code", code);
    return problem;
  }

  /**
   * The same problem as a plain map, for writers without Spring MVC's message converters (which
   * flatten {@link ProblemDetail#getProperties()}; a bare JSON mapper would nest them).
   */
  public static Map<String, Object> problemMap(HttpStatusCode status, String code, String detail) {
    ProblemDetail problem = problem(status, code, detail);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", problem.getType().toString());
    body.put("title", problem.getTitle());
    body.put("status", problem.getStatus());
    body.put("detail", problem.getDetail());
    body.put("code", code);
    return body;
  }

  public static Map<String, Object> openAi(
      HttpStatusCode status, String code, String message, String param) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", message);
    error.put("type", openAiType(status));
    error.put("param", param);
    error.put("code", code);
    return Map.of("error", error);
  }

  private static String openAiType(HttpStatusCode status) {
    int s = status.value();
    if (s == 401) {
      return "authentication_error";
    }
    if (s == 403) {
      return "permission_error";
    }
    if (s == 404) {
      return "not_found_error";
    }
    if (s == 409) {
      return "conflict_error";
    }
    if (s == 429) {
      return "rate_limit_error";
    }
    if (s >= 500) {
      return "server_error";
    }
    return "invalid_request_error";
  }
}
