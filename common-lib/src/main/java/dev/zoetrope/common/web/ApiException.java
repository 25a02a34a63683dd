package dev.zoetrope.common.web;

import org.springframework.http.HttpStatus;

/**
 * A request the service refuses, with a stable machine-readable {@code code} that clients can
 * switch on. Rendered as RFC 9457 problem JSON, or the OpenAI error shape under {@code /v1}.
 */
public class ApiException extends RuntimeException {
  private final HttpStatus status;
  private final String code;
  private final String param;

  public ApiException(HttpStatus status, String code, String message) {
    this(status, code, message, null);
  }

  public ApiException(HttpStatus status, String code, String message, String param) {
    super(message);
    this.status = status;
    this.code = code;
    this.param = param;
  }

  public HttpStatus status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String param() {
    return param;
  }

  public static ApiException notFound(String what) {
    return new ApiException(HttpStatus.NOT_FOUND, "not_found", what + " not found");
  }

  public static ApiException invalid(String param, String message) {
    return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request", message, param);
  }
}
