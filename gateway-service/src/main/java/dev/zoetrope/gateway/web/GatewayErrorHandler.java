package dev.zoetrope.gateway.web;

import dev.zoetrope.common.web.ApiException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every failure the gateway itself answers, in the platform's error shapes: our controllers'
 * refusals, framework errors, and proxying failures (no route, a service down or slow, a body too
 * large). Never a stack trace. Runs before Boot's default handler (order -1).
 */
@Component
@Order(-2)
public class GatewayErrorHandler implements WebExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(GatewayErrorHandler.class);
  private static final int MAX_REASON_CHARS = 200;

  record Failure(HttpStatusCode status, String code, String message, String param) {
    Failure(HttpStatusCode status, String code, String message) {
      this(status, code, message, null);
    }
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
    if (exchange.getResponse().isCommitted()) {
      // Headers are out (e.g. a download cut off mid-stream): all we can do is drop the connection.
      return Mono.error(error);
    }
    Failure failure = classify(error);
    if (failure.status().is5xxServerError()) {
      if (failure.code().equals("internal_error")) {
        log.error("unhandled error on {} {}", method(exchange), path(exchange), error);
      } else {
        log.warn(
            "{} on {} {}: {}", failure.code(), method(exchange), path(exchange), describe(error));
      }
    }
    // Anything a failed downstream call left behind belongs to a response we are not sending.
    exchange.getResponse().getHeaders().clear();
    return ErrorResponses.write(
        exchange, failure.status(), failure.code(), failure.message(), failure.param());
  }

  static Failure classify(Throwable error) {
    if (error instanceof ApiException e) {
      return new Failure(e.status(), e.code(), e.getMessage(), e.param());
    }
    if (hasCause(error, PayloadTooLargeException.class)
        || hasCause(error, DataBufferLimitException.class)) {
      return new Failure(
          HttpStatus.CONTENT_TOO_LARGE, "payload_too_large", "request body is too large");
    }
    if (error instanceof WebExchangeBindException e) {
      FieldError field = e.getBindingResult().getFieldError();
      return field == null
          ? new Failure(HttpStatus.BAD_REQUEST, "invalid_request", "invalid request")
          : new Failure(
              HttpStatus.BAD_REQUEST,
              "invalid_request",
              field.getField() + ": " + field.getDefaultMessage(),
              field.getField());
    }
    if (error instanceof ServerWebInputException e) {
      return badInput(e);
    }
    if (error instanceof UnsupportedMediaTypeStatusException) {
      return new Failure(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          "unsupported_media_type",
          "content type is not supported here");
    }
    if (error instanceof MethodNotAllowedException) {
      return new Failure(
          HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "method not allowed here");
    }
    if (error instanceof NotAcceptableStatusException) {
      return new Failure(
          HttpStatus.NOT_ACCEPTABLE, "not_acceptable", "cannot produce an acceptable type");
    }
    if (error instanceof AccessDeniedException) {
      return new Failure(HttpStatus.FORBIDDEN, "forbidden", "not allowed");
    }
    if (error instanceof ResponseStatusException e) {
      return fromStatus(e);
    }
    if (hasCause(error, ConnectException.class)) {
      return new Failure(
          HttpStatus.SERVICE_UNAVAILABLE,
          "upstream_unavailable",
          "the service behind this endpoint is unavailable; try again shortly");
    }
    if (hasCause(error, TimeoutException.class)
        || hasCause(error, io.netty.handler.timeout.TimeoutException.class)) {
      return new Failure(
          HttpStatus.GATEWAY_TIMEOUT, "upstream_timeout", "the service took too long to answer");
    }
    if (hasCause(error, DataAccessResourceFailureException.class)
        || hasCause(error, TransientDataAccessException.class)) {
      return new Failure(
          HttpStatus.SERVICE_UNAVAILABLE,
          "service_unavailable",
          "temporarily unavailable; try again shortly");
    }
    if (hasCause(error, IOException.class)) {
      return new Failure(
          HttpStatus.BAD_GATEWAY, "bad_gateway", "the service behind this endpoint failed");
    }
    return new Failure(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "internal error");
  }

  private static Failure fromStatus(ResponseStatusException e) {
    HttpStatusCode status = e.getStatusCode();
    return switch (status.value()) {
      case 404 -> new Failure(status, "not_found", "no such endpoint");
      case 502 -> new Failure(status, "bad_gateway", "the service behind this endpoint failed");
      case 503 ->
          new Failure(
              status,
              "upstream_unavailable",
              "the service behind this endpoint is unavailable; try again shortly");
      case 504 -> new Failure(status, "upstream_timeout", "the service took too long to answer");
      default ->
          status.is4xxClientError()
              ? new Failure(status, "invalid_request", reason(e.getReason()))
              : new Failure(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "internal error");
    };
  }

  private static Failure badInput(ServerWebInputException e) {
    UnrecognizedPropertyException unknown = cause(e, UnrecognizedPropertyException.class);
    if (unknown != null) {
      return new Failure(
          HttpStatus.BAD_REQUEST,
          "invalid_json",
          "unknown field '" + unknown.getPropertyName() + "'",
          unknown.getPropertyName());
    }
    JacksonException json = cause(e, JacksonException.class);
    if (json != null) {
      // The original message names the problem without the parser's source excerpt.
      return new Failure(
          HttpStatus.BAD_REQUEST,
          "invalid_json",
          "request body is not valid JSON: " + reason(json.getOriginalMessage()));
    }
    return new Failure(HttpStatus.BAD_REQUEST, "invalid_request", reason(e.getReason()));
  }

  private static String reason(String reason) {
    if (reason == null || reason.isBlank()) {
      return "invalid request";
    }
    return reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) : reason;
  }

  private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
    return cause(error, type) != null;
  }

  private static <T extends Throwable> T cause(Throwable error, Class<T> type) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static String describe(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private static String method(ServerWebExchange exchange) {
    return exchange.getRequest().getMethod().name();
  }

  private static String path(ServerWebExchange exchange) {
    return exchange.getRequest().getPath().value();
  }
}
