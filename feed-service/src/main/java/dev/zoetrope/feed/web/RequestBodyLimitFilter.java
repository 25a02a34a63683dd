package dev.zoetrope.feed.web;

import dev.zoetrope.common.web.ErrorBodies;
import dev.zoetrope.feed.FeedProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies: every request here is a small JSON document, and the servlet container puts
 * no limit on those. A declared oversized body is refused before it is read; a chunked one is cut
 * off at the limit, which the JSON parser then reports as an invalid body.
 */
@Component
class RequestBodyLimitFilter extends OncePerRequestFilter {
  private final long maxBytes;

  RequestBodyLimitFilter(FeedProperties properties) {
    this.maxBytes = properties.maxRequestBodyBytes();
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > maxBytes) {
      response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      // Same fields the shared error handler writes for problem JSON.
      response
          .getWriter()
          .write(
              "{\"type\":\""
                  + ErrorBodies.PROBLEM_TYPE_BASE
                  + "payload_too_large\",\"title\":\"Content Too Large\",\"status\":413,"
                  + "\"detail\":\"request bodies are limited to "
                  + maxBytes
                  + " bytes\",\"code\":\"payload_too_large\"}");
      return;
    }
    chain.doFilter(new Limited(request, maxBytes), response);
  }

  private static final class Limited extends HttpServletRequestWrapper {
    private final long maxBytes;
    private ServletInputStream stream;

    Limited(HttpServletRequest request, long maxBytes) {
      super(request);
      this.maxBytes = maxBytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new LimitedStream(super.getInputStream(), maxBytes);
      }
      return stream;
    }
  }

  private static final class LimitedStream extends ServletInputStream {
    private final ServletInputStream in;
    private long remaining;

    LimitedStream(ServletInputStream in, long maxBytes) {
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
