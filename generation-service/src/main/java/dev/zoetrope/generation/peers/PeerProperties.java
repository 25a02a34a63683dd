package dev.zoetrope.generation.peers;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Base URLs of the services generation calls ({@code zoetrope.peers.*}, shared key names). */
@ConfigurationProperties("zoetrope.peers")
public record PeerProperties(
    @DefaultValue("http://127.0.0.1:8082") URI moderation,
    @DefaultValue("http://127.0.0.1:8083") URI cameoConsent,
    @DefaultValue("http://127.0.0.1:8084") URI mediaStore) {}
