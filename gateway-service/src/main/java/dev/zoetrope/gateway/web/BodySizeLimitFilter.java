package dev.zoetrope.gateway.web;

import dev.zoetrope.gateway.routing.GatewayProperties;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Caps request bodies before anything reads them: uploads (video references, cameo recordings) may
 * be large, everything else is small JSON. A declared Content-Length over the limit is refused at
 * once; a chunked body is counted while it streams through, so the gateway never buffers it.
 */
@Component
@Order(-200) // before Spring Security (-100): no work at all for an oversized request
public class BodySizeLimitFilter implements WebFilter {
  private final GatewayProperties limits;

  public BodySizeLimitFilter(GatewayProperties limits) {
    this.limits = limits;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    long limit = limitFor(exchange.getRequest().getPath().pathWithinApplication().value());
    long declared = exchange.getRequest().getHeaders().getContentLength();
    if (declared > limit) {
      return tooLarge(exchange, limit);
    }
    ServerHttpRequestDecorator counted =
        new ServerHttpRequestDecorator(exchange.getRequest()) {
          @Override
          public Flux<DataBuffer> getBody() {
            AtomicLong seen = new AtomicLong();
            return super.getBody()
                .map(
                    buffer -> {
                      if (seen.addAndGet(buffer.readableByteCount()) > limit) {
                        DataBufferUtils.release(buffer);
                        throw new PayloadTooLargeException(limit);
                      }
                      return buffer;
                    });
          }
        };
    return chain.filter(exchange.mutate().request(counted).build());
  }

  private long limitFor(String path) {
    return isUploadPath(path) ? limits.maxUploadBodyBytes() : limits.maxBodyBytes();
  }

  static boolean isUploadPath(String path) {
    // Characters carry the same recordings as cameos; named on their own so that narrowing the
    // /v1/videos limit later cannot silently cut them off.
    return under(path, "/v1/videos")
        || under(path, "/v1/videos/characters")
        || under(path, "/api/cameos");
  }

  private static boolean under(String path, String prefix) {
    return path.equals(prefix) || path.startsWith(prefix + "/");
  }

  static Mono<Void> tooLarge(ServerWebExchange exchange, long limit) {
    return ErrorResponses.write(
        exchange,
        HttpStatus.CONTENT_TOO_LARGE,
        "payload_too_large",
        "request body is larger than " + limit + " bytes");
  }
}
