package dev.zoetrope.gateway.routing;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Base URLs of the services behind the gateway ({@code zoetrope.routes.*}). */
@ConfigurationProperties("zoetrope.routes")
public record RouteProperties(
    @DefaultValue("http://127.0.0.1:8081") URI generation,
    @DefaultValue("http://127.0.0.1:8082") URI moderation,
    @DefaultValue("http://127.0.0.1:8083") URI cameoConsent,
    @DefaultValue("http://127.0.0.1:8084") URI mediaStore,
    @DefaultValue("http://127.0.0.1:8085") URI feed) {}
