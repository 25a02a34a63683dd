package dev.zoetrope.gateway.web;

/** A request body grew past its limit while streaming (no Content-Length to check up front). */
public class PayloadTooLargeException extends RuntimeException {
  public PayloadTooLargeException(long limitBytes) {
    super("request body exceeds " + limitBytes + " bytes");
  }
}
