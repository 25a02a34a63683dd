package dev.zoetrope.gateway.identity.tokens;

import com.nimbusds.jose.jwk.JWKSet;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The public signing key, for every service that verifies our tokens. */
@RestController
class JwksController {
  private final Map<String, Object> jwks;

  JwksController(SigningKey key) {
    this.jwks = new JWKSet(key.publicJwk()).toJSONObject(true);
  }

  @GetMapping(path = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, Object>> jwks() {
    return ResponseEntity.ok()
        .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
        .body(jwks);
  }
}
