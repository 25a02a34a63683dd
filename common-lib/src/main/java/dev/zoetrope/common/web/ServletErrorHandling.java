package dev.zoetrope.common.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns every failure into a clear 4xx/5xx body with a stable code, never a stack trace. Services
 * throw {@link ApiException} for the refusals they decide; the rest are framework errors mapped
 * here once.
 */
@RestControllerAdvice
public class ServletErrorHandling {
  private static final Logger log = LoggerFactory.getLogger(ServletErrorHandling.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @ExceptionHandler(ApiException.class)
  ResponseEntity<Object> api(ApiException e, HttpServletRequest request) {
    return body(request, e.status(), e.code(), e.getMessage(), e.param());
  }

  @ExceptionHandler(MethodArgumentNotValidException.class)
  ResponseEntity<Object> invalid(MethodArgumentNotValidException e, HttpServletRequest request) {
    FieldError field = e.getBindingResult().getFieldError();
    String param = field == null ? null : field.getField();
    String message =
        field == null ? "invalid request" : field.getField() + ": " + field.getDefaultMessage();
    return body(request, HttpStatus.BAD_REQUEST, "invalid_request", message, param);
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<Object> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
    // The parser's message names the offending field or token without internals.
    String reason = e.getMostSpecificCause().getMessage();
    if (reason != null && reason.length() > 300) {
      reason = reason.substring(0, 300);
    }
    return body(
        request,
        HttpStatus.BAD_REQUEST,
        "invalid_json",
        "request body is not valid: " + reason,
        null);
  }

  @ExceptionHandler({
    MethodArgumentTypeMismatchException.class,
    MissingServletRequestParameterException.class,
    MissingServletRequestPartException.class
  })
  ResponseEntity<Object> badParam(Exception e, HttpServletRequest request) {
    String param =
        switch (e) {
          case MethodArgumentTypeMismatchException m -> m.getName();
          case MissingServletRequestParameterException m -> m.getParameterName();
          case MissingServletRequestPartException m -> m.getRequestPartName();
          default -> null;
        };
    return body(request, HttpStatus.BAD_REQUEST, "invalid_request", e.getMessage(), param);
  }

  @ExceptionHandler(MaxUploadSizeExceededException.class)
  ResponseEntity<Object> tooLarge(MaxUploadSizeExceededException e, HttpServletRequest request) {
    return body(
        request, HttpStatus.CONTENT_TOO_LARGE, "payload_too_large", "upload is too large", null);
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<Object> mediaType(
      HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
    return body(
        request, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", e.getMessage(), null);
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<Object> method(
      HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
    return body(request, HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", e.getMessage(), null);
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<Object> noResource(NoResourceFoundException e, HttpServletRequest request) {
    return body(request, HttpStatus.NOT_FOUND, "not_found", "no such endpoint", null);
  }

  @ExceptionHandler(AccessDeniedException.class)
  ResponseEntity<Object> denied(AccessDeniedException e, HttpServletRequest request) {
    return body(request, HttpStatus.FORBIDDEN, "forbidden", "not allowed", null);
  }

  @ExceptionHandler(AsyncRequestNotUsableException.class)
  void clientGone(AsyncRequestNotUsableException e) {
    // A streaming client (server-sent events) disconnected: nothing to answer, nothing to log.
  }

  /**
   * Every database connection stayed busy for the pool's whole timeout: the service is overloaded,
   * not broken. A 503 with {@code Retry-After} lets clients back off instead of treating it as a
   * server fault.
   */
  @ExceptionHandler({
    CannotGetJdbcConnectionException.class,
    CannotCreateTransactionException.class
  })
  ResponseEntity<Object> overloaded(Exception e, HttpServletRequest request) {
    log.warn(
        "no database connection for {} {}: {}",
        request.getMethod(),
        request.getRequestURI(),
        e.getMessage());
    ResponseEntity<Object> answer =
        body(
            request,
            HttpStatus.SERVICE_UNAVAILABLE,
            "overloaded",
            "the service is overloaded; retry shortly",
            null);
    return ResponseEntity.status(answer.getStatusCode())
        .headers(answer.getHeaders())
        .header("Retry-After", "1")
        .body(answer.getBody());
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
    if (e instanceof ErrorResponse framework && framework.getStatusCode().is4xxClientError()) {
      return body(request, framework.getStatusCode(), "invalid_request", e.getMessage(), null);
    }
    log.error("unhandled error on {} {}", request.getMethod(), request.getRequestURI(), e);
    return body(
        request, HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "internal error", null);
  }

  /**
   * Writes an error straight to the response, for filters and security handlers that run before (or
   * outside) Spring MVC's exception handling; same shapes as {@link #body}.
   */
  public static void write(
      HttpServletRequest request,
      HttpServletResponse response,
      HttpStatusCode status,
      String code,
      String message)
      throws IOException {
    response.setStatus(status.value());
    Object body;
    if (ErrorBodies.isOpenAiPath(request.getRequestURI())) {
      response.setContentType(MediaType.APPLICATION_JSON_VALUE);
      body = ErrorBodies.openAi(status, code, message, null);
    } else {
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      body = ErrorBodies.problemMap(status, code, message);
    }
    JSON.writeValue(response.getOutputStream(), body);
  }

  static ResponseEntity<Object> body(
      HttpServletRequest request,
      HttpStatusCode status,
      String code,
      String message,
      String param) {
    if (ErrorBodies.isOpenAiPath(request.getRequestURI())) {
      return ResponseEntity.status(status)
          .contentType(MediaType.APPLICATION_JSON)
          .body(ErrorBodies.openAi(status, code, message, param));
    }
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(ErrorBodies.problem(status, code, message));
  }
}
