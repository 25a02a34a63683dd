package dev.zoetrope.common.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Issues gateway-shaped tokens for a service's own integration tests: a real RSA key, a real JWKS
 * endpoint over HTTP and a client-credentials endpoint, so the service under test verifies
 * signatures exactly as it does behind the real gateway (whose own tests cover issuing).
 */
public final class TestIssuer {
  private final RSAKey key;
  private final HttpServer server;

  private TestIssuer(RSAKey key, HttpServer server) {
    this.key = key;
    this.server = server;
  }

  static TestIssuer start() {
    try {
      RSAKey key = new RSAKeyGenerator(2048).keyID("test").generate();
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      TestIssuer issuer = new TestIssuer(key, server);
      server.createContext(
          "/.well-known/jwks.json",
          exchange -> {
            byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.createContext(
          "/oauth/token",
          exchange -> {
            String form =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String client = form.replaceAll(".*client_id=([^&]*).*", "$1");
            byte[] body =
                ("{\"access_token\":\""
                        + issuer.serviceToken(client)
                        + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.start();
      return issuer;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  public String jwksUri() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
  }

  public String tokenUri() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/oauth/token";
  }

  public String userToken(UUID userId, String username, String tier) {
    return sign(
        new JWTClaimsSet.Builder()
            .subject(userId.toString())
            .claim("username", username)
            .claim("tier", tier)
            .claim("scope", "user"));
  }

  public String serviceToken(String clientId) {
    return sign(new JWTClaimsSet.Builder().subject("svc:" + clientId).claim("scope", "internal"));
  }

  private String sign(JWTClaimsSet.Builder claims) {
    Instant now = Instant.now();
    claims
        .issuer("zoetrope")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(3600)));
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
            claims.build());
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }
}
