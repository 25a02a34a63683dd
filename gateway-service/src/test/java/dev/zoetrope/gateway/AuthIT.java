package dev.zoetrope.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class AuthIT extends GatewayITSupport {
  @Autowired JdbcClient jdbc;
  private static final String PASSWORD = "correct horse battery";

  @Test
  void signupAnswersAUserTokenThatVerifiesAgainstTheJwks() throws Exception {
    String username = uniqueUsername();
    HttpResponse<String> response =
        postJson(
            "/api/auth/signup",
            null,
            "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    JsonNode body = json(response);
    assertThat(body.get("user").get("username").asString()).isEqualTo(username);
    assertThat(body.get("user").get("tier").asString()).isEqualTo("free");
    assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
    assertThat(body.get("expires_in").asLong()).isEqualTo(3600);
    String userId = body.get("user").get("id").asString();

    String token = body.get("access_token").asString();
    JWTClaimsSet claims = verifiedClaims(token);
    assertThat(claims.getIssuer()).isEqualTo("zoetrope");
    assertThat(claims.getSubject()).isEqualTo(userId);
    assertThat(claims.getStringClaim("username")).isEqualTo(username);
    assertThat(claims.getStringClaim("tier")).isEqualTo("free");
    assertThat(claims.getStringClaim("scope")).isEqualTo("user");
    assertThat(claims.getExpirationTime().toInstant())
        .isBetween(Instant.now().plus(Duration.ofMinutes(59)), Instant.now().plusSeconds(3601));
    assertThat(SignedJWT.parse(token).getHeader().getAlgorithm().getName()).isEqualTo("RS256");
  }

  @Test
  void loginWithTheRightPasswordAnswersAToken() throws Exception {
    Session session = signUp();
    HttpResponse<String> response =
        postJson(
            "/api/auth/login",
            null,
            "{\"username\":\"" + session.username() + "\",\"password\":\"" + PASSWORD + "\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.get("user").get("id").asString()).isEqualTo(session.userId().toString());
    assertThat(verifiedClaims(body.get("access_token").asString()).getSubject())
        .isEqualTo(session.userId().toString());
  }

  @Test
  void wrongPasswordAndUnknownUserGetTheSameAnswer() {
    Session session = signUp();
    HttpResponse<String> wrong =
        postJson(
            "/api/auth/login",
            null,
            "{\"username\":\"" + session.username() + "\",\"password\":\"not the password\"}");
    HttpResponse<String> unknown =
        postJson(
            "/api/auth/login",
            null,
            "{\"username\":\"" + uniqueUsername() + "\",\"password\":\"" + PASSWORD + "\"}");

    assertProblem(wrong, 401, "invalid_credentials");
    assertProblem(unknown, 401, "invalid_credentials");
    assertThat(json(unknown).get("detail")).isEqualTo(json(wrong).get("detail"));
  }

  @Test
  void aTakenUsernameIsAConflict() {
    Session session = signUp();
    HttpResponse<String> again =
        postJson(
            "/api/auth/signup",
            null,
            "{\"username\":\"" + session.username() + "\",\"password\":\"another password\"}");

    assertProblem(again, 409, "username_taken");
  }

  @Test
  void badSignupInputIsRefusedWithStableCodes() {
    assertProblem(signup("Upper_Case", PASSWORD), 400, "invalid_username");
    assertProblem(signup("ab", PASSWORD), 400, "invalid_username");
    assertProblem(signup("x".repeat(33), PASSWORD), 400, "invalid_username");
    assertProblem(signup("with-dash", PASSWORD), 400, "invalid_username");
    assertProblem(signup(uniqueUsername(), "short"), 400, "invalid_password");
    assertProblem(signup(uniqueUsername(), "p".repeat(129)), 400, "invalid_password");
    assertProblem(
        postJson("/api/auth/signup", null, "{\"username\":\"abc\"}"), 400, "invalid_password");
    assertProblem(
        postJson(
            "/api/auth/signup",
            null,
            "{\"username\":\""
                + uniqueUsername()
                + "\",\"password\":\""
                + PASSWORD
                + "\",\"admin\":true}"),
        400,
        "invalid_json");
    assertProblem(postJson("/api/auth/signup", null, "{not json"), 400, "invalid_json");
  }

  @Test
  void aLongPassphraseCountsInFull() {
    String username = uniqueUsername();
    String passphrase = "a".repeat(100) + "-end-one";
    assertThat(signup(username, passphrase).statusCode()).isEqualTo(201);

    // Same first 72 bytes, different tail: bcrypt alone would accept it.
    HttpResponse<String> tailDiffers =
        postJson(
            "/api/auth/login",
            null,
            "{\"username\":\"" + username + "\",\"password\":\"" + "a".repeat(100) + "-end-two\"}");
    assertProblem(tailDiffers, 401, "invalid_credentials");
  }

  @Test
  void clientCredentialsGiveAServiceTokenWithScopeInternal() throws Exception {
    HttpResponse<String> response =
        tokenRequest(
            HttpRequest.newBuilder(uri("/oauth/token")),
            "grant_type=client_credentials&client_id="
                + CLIENT_ID
                + "&client_secret="
                + URLEncoder.encode(CLIENT_SECRET, StandardCharsets.UTF_8));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
    assertThat(body.get("expires_in").asLong()).isPositive();
    JWTClaimsSet claims = verifiedClaims(body.get("access_token").asString());
    assertThat(claims.getSubject()).isEqualTo("svc:" + CLIENT_ID);
    assertThat(claims.getStringClaim("scope")).isEqualTo("internal");
    assertThat(claims.getIssuer()).isEqualTo("zoetrope");
  }

  @Test
  void clientCredentialsAlsoWorkWithHttpBasic() throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response =
        tokenRequest(
            HttpRequest.newBuilder(uri("/oauth/token")).header("Authorization", "Basic " + basic),
            "grant_type=client_credentials");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(verifiedClaims(json(response).get("access_token").asString()).getSubject())
        .isEqualTo("svc:" + CLIENT_ID);
  }

  @Test
  void wrongOrUnknownClientsAreRefused() {
    HttpResponse<String> wrongSecret =
        tokenRequest(
            HttpRequest.newBuilder(uri("/oauth/token")),
            "grant_type=client_credentials&client_id=" + CLIENT_ID + "&client_secret=nope");
    HttpResponse<String> unknown =
        tokenRequest(
            HttpRequest.newBuilder(uri("/oauth/token")),
            "grant_type=client_credentials&client_id=someone&client_secret=" + CLIENT_SECRET);
    HttpResponse<String> badGrant =
        tokenRequest(
            HttpRequest.newBuilder(uri("/oauth/token")),
            "grant_type=password&client_id=" + CLIENT_ID + "&client_secret=" + CLIENT_SECRET);

    assertThat(wrongSecret.statusCode()).isEqualTo(401);
    assertThat(json(wrongSecret).get("error").asString()).isEqualTo("invalid_client");
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(json(unknown).get("error").asString()).isEqualTo("invalid_client");
    assertThat(badGrant.statusCode()).isEqualTo(400);
    assertThat(json(badGrant).get("error").asString()).isEqualTo("unsupported_grant_type");
  }

  @Test
  void theIdentitySchemaHasUsersAndKeysButNoOutbox() {
    var tables =
        jdbc.sql("select table_name from information_schema.tables where table_schema = 'identity'")
            .query(String.class)
            .list();

    assertThat(tables).contains("users", "api_keys").doesNotContain("outbox");
  }

  @Test
  void aTokenSignedByAnotherKeyIsRejected() {
    String foreign =
        dev.zoetrope.common.testing.TestInfra.issuer()
            .userToken(java.util.UUID.randomUUID(), "mallory", "pro");

    assertProblem(get("/api/keys", foreign), 401, "invalid_token");
  }

  private HttpResponse<String> signup(String username, String password) {
    return postJson(
        "/api/auth/signup",
        null,
        "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
  }

  private HttpResponse<String> tokenRequest(HttpRequest.Builder request, String form) {
    return send(
        request
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)));
  }
}
