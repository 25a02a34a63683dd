package dev.zoetrope.common.security;

import dev.zoetrope.common.web.ServletErrorHandling;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/** 401 and 403 in the same body shapes as every other error. */
final class JsonAuthErrors {
  private JsonAuthErrors() {}

  static AuthenticationEntryPoint entryPoint() {
    return (request, response, e) -> {
      response.setHeader("WWW-Authenticate", "Bearer");
      ServletErrorHandling.write(
          request,
          response,
          HttpStatus.UNAUTHORIZED,
          "unauthenticated",
          "missing or invalid bearer token");
    };
  }

  static AccessDeniedHandler accessDenied() {
    return (request, response, e) ->
        ServletErrorHandling.write(
            request, response, HttpStatus.FORBIDDEN, "forbidden", "not allowed");
  }
}
