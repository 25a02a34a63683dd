package dev.zoetrope.gateway.routing;

import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Which service answers which path. Only these public prefixes are routed: {@code /internal/**} and
 * {@code /actuator/**} match no route, so they can never reach a service from outside. Requests and
 * responses stream through unchanged (Range, bodies, status), except that API keys are swapped for
 * JWTs ({@link ApiKeyRelayFilter}).
 */
@Configuration(proxyBeanMethods = false)
class RouteConfig {

  @Bean
  RouteLocator zoetropeRoutes(RouteLocatorBuilder routes, RouteProperties services) {
    return routes
        .routes()
        // Before "generation" (which takes the rest of /v1/videos/**): reusable characters are
        // cameos in the Sora API's shape, so cameo-consent owns them.
        .route(
            "cameo-consent-characters",
            r ->
                r.order(-1)
                    .path("/v1/videos/characters", "/v1/videos/characters/**")
                    .uri(services.cameoConsent()))
        // Before "generation": a finished video's bytes are served by media-store.
        .route(
            "media-store-content",
            r -> r.order(0).path("/v1/videos/*/content").uri(services.mediaStore()))
        .route(
            "generation",
            r ->
                r.order(10)
                    .path(
                        "/v1/videos",
                        "/v1/videos/**",
                        "/v1/credits",
                        "/v1/webhook_endpoints",
                        "/v1/webhook_endpoints/**")
                    .uri(services.generation()))
        .route(
            "cameo-consent",
            r -> r.order(10).path("/api/cameos", "/api/cameos/**").uri(services.cameoConsent()))
        .route(
            "feed",
            r ->
                r.order(10)
                    .path(
                        "/api/feed",
                        "/api/feed/**",
                        "/api/follows",
                        "/api/follows/**",
                        "/api/posts",
                        "/api/posts/**")
                    .uri(services.feed()))
        .route(
            "moderation",
            r ->
                r.order(10)
                    .path("/api/moderation", "/api/moderation/**")
                    .uri(services.moderation()))
        .build();
  }
}
