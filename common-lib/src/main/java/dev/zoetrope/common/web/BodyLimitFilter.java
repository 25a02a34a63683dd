package dev.zoetrope.common.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies, which the servlet container leaves unbounded: without it a client could make
 * a service parse megabytes of JSON before any field limit is checked. A declared oversized body is
 * refused before it is read (413 in the usual error shape); a chunked one is cut off at the limit,
 * which the JSON parser then reports as an invalid body. Multipart bodies are bounded by the
 * servlet multipart limits instead, and {@code exemptPathPrefixes} (e.g. media-store's raw uploads)
 * by their own code.
 */
public class BodyLimitFilter extends OncePerRequestFilter {
  private final long maxBytes;
  private final List<String> exemptPathPrefixes;

  public BodyLimitFilter(long maxBytes, List<String> exemptPathPrefixes) {
    this.maxBytes = maxBytes;
    this.exemptPathPrefixes = List.copyOf(exemptPathPrefixes);
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String type = request.getContentType();
    if (type != null && type.toLowerCase().startsWith("multipart/")) {
      return true;
    }
    String path = request.getRequestURI();
    return exemptPathPrefixes.stream().anyMatch(path::startsWith);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > maxBytes) {
      ServletErrorHandling.write(
          request,
          response,
          HttpStatus.CONTENT_TOO_LARGE,
          "payload_too_large",
          "request bodies are limited to " + maxBytes + " bytes");
      return;
    }
    chain.doFilter(new Bounded(request, maxBytes), response);
  }

  private static final class Bounded extends HttpServletRequestWrapper {
    private final long maxBytes;
    private ServletInputStream stream;

    Bounded(HttpServletRequest request, long maxBytes) {
      super(request);
      this.maxBytes = maxBytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new BoundedStream(super.getInputStream(), maxBytes);
      }
      return stream;
    }
  }

  private static final class BoundedStream extends ServletInputStream {
    private final ServletInputStream in;
    private long remaining;

    BoundedStream(ServletInputStream in, long maxBytes) {
      this.in = in;
      this.remaining = maxBytes;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0 && --remaining < 0) {
        throw new IOException("request body too large");
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        remaining -= n;
        if (remaining < 0) {
          throw new IOException("request body too large");
        }
      }
      return n;
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
