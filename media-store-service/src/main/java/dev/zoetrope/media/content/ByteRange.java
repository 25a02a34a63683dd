package dev.zoetrope.media.content;

import java.util.Locale;

/**
 * What a {@code Range} header asks of a representation of {@code size} bytes (RFC 9110 §14). Only
 * one byte range per request is served: players seek with one range at a time, and refusing lists
 * keeps a request from multiplying into many storage reads.
 */
public sealed interface ByteRange {

  /** No usable Range header (absent, or a unit other than bytes): send everything. */
  record Full() implements ByteRange {}

  /** Bytes {@code first} to {@code last}, both inclusive. */
  record Part(long first, long last) implements ByteRange {
    public long length() {
      return last - first + 1;
    }
  }

  /** A bytes range that is malformed, a list, or outside the representation. */
  record Unsatisfiable() implements ByteRange {}

  static ByteRange parse(String header, long size) {
    if (header == null || header.isBlank()) {
      return new Full();
    }
    String value = header.strip();
    int eq = value.indexOf('=');
    if (eq < 0) {
      return new Unsatisfiable();
    }
    if (!value.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("bytes")) {
      // A server must ignore range units it does not support.
      return new Full();
    }
    String spec = value.substring(eq + 1).strip();
    if (spec.indexOf(',') >= 0 || size <= 0) {
      return new Unsatisfiable();
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return new Unsatisfiable();
    }
    String from = spec.substring(0, dash).strip();
    String to = spec.substring(dash + 1).strip();
    if (from.isEmpty()) {
      long suffix = number(to);
      if (suffix <= 0) {
        return new Unsatisfiable();
      }
      return new Part(Math.max(0, size - suffix), size - 1);
    }
    long first = number(from);
    if (first < 0 || first >= size) {
      return new Unsatisfiable();
    }
    if (to.isEmpty()) {
      return new Part(first, size - 1);
    }
    long last = number(to);
    if (last < first) {
      return new Unsatisfiable();
    }
    return new Part(first, Math.min(last, size - 1));
  }

  /** The non-negative decimal {@code digits}, or -1 if it is not one (or would overflow). */
  private static long number(String digits) {
    if (digits.isEmpty() || digits.length() > 18) {
      return -1;
    }
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
    }
    return Long.parseLong(digits);
  }
}
