package dev.zoetrope.generation.videos;

import dev.zoetrope.common.web.ErrorBodies;
import dev.zoetrope.generation.GenerationProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bounds JSON bodies of {@code POST /v1/videos}: the prompt limit is checked after parsing, so
 * without this a client could make us parse megabytes first. Multipart bodies are bounded by the
 * servlet multipart limits instead.
 */
@Component
class JsonBodyLimitFilter extends OncePerRequestFilter {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final long maxBytes;

  JsonBodyLimitFilter(GenerationProperties config) {
    this.maxBytes = config.maxJsonBodyBytes();
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String type = request.getContentType();
    return !"POST".equals(request.getMethod())
        || !request.getRequestURI().startsWith("/v1/videos")
        || (type != null && type.toLowerCase().startsWith("multipart/"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > maxBytes) {
      HttpStatus status = HttpStatus.CONTENT_TOO_LARGE;
      response.setStatus(status.value());
      response.setContentType(MediaType.APPLICATION_JSON_VALUE);
      JSON.writeValue(
          response.getOutputStream(),
          ErrorBodies.openAi(
              status, "payload_too_large", "request body exceeds " + maxBytes + " bytes", null));
      return;
    }
    // Chunked bodies carry no length: count while the parser reads.
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
        stream = new Counting(super.getInputStream(), maxBytes);
      }
      return stream;
    }
  }

  private static final class Counting extends ServletInputStream {
    private final ServletInputStream in;
    private final long maxBytes;
    private long read;

    Counting(ServletInputStream in, long maxBytes) {
      this.in = in;
      this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws IOException {
      read += n;
      if (read > maxBytes) {
        throw new IOException("request body exceeds " + maxBytes + " bytes");
      }
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
