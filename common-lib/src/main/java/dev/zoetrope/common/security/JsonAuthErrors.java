package dev.zoetrope.common.security;

import dev.zoetrope.common.web.ErrorBodies;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/** 401 and 403 in the same body shapes as every other error. */
final class JsonAuthErrors {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private JsonAuthErrors() {}

  static AuthenticationEntryPoint entryPoint() {
    return (request, response, e) ->
        write(
            request,
            response,
            HttpStatus.UNAUTHORIZED,
            "unauthenticated",
            "missing or invalid bearer token");
  }

  static AccessDeniedHandler accessDenied() {
    return (request, response, e) ->
        write(request, response, HttpStatus.FORBIDDEN, "forbidden", "not allowed");
  }

  private static void write(
      HttpServletRequest request,
      HttpServletResponse response,
      HttpStatus status,
      String code,
      String message)
      throws IOException {
    response.setStatus(status.value());
    if (status == HttpStatus.UNAUTHORIZED) {
      response.setHeader("WWW-Authenticate", "Bearer");
    }
    Object body;
    if (ErrorBodies.isOpenAiPath(request.getRequestURI())) {
      response.setContentType(MediaType.APPLICATION_JSON_VALUE);
      body = ErrorBodies.openAi(status, code, message, null);
    } else {
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      body = ErrorBodies.problem(status, code, message);
    }
    JSON.writeValue(response.getOutputStream(), body);
  }
}
