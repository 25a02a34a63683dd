package dev.zoetrope.gateway.identity.users;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.zoetrope.common.web.ApiException;
import dev.zoetrope.gateway.identity.IdentityProperties;
import dev.zoetrope.gateway.identity.tokens.TokenIssuer;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Sign-up and password login; both answer with a user access token. */
@RestController
@RequestMapping("/api/auth")
class AuthController {
  private static final Pattern USERNAME = Pattern.compile("[a-z0-9_]{3,32}");
  private static final int MIN_PASSWORD_CHARS = 10;
  private static final int MAX_PASSWORD_CHARS = 128;

  private final UserRepository users;
  private final TokenIssuer issuer;
  private final Passwords passwords;
  private final Duration tokenTtl;

  AuthController(UserRepository users, TokenIssuer issuer, IdentityProperties props) {
    this.users = users;
    this.issuer = issuer;
    this.passwords = new Passwords(props.bcryptCost());
    this.tokenTtl = Duration.ofSeconds(props.accessTokenTtlSeconds());
  }

  record Credentials(String username, String password) {}

  record UserView(String id, String username, String tier) {}

  record AuthResponse(
      UserView user,
      @JsonProperty("access_token") String accessToken,
      @JsonProperty("token_type") String tokenType,
      @JsonProperty("expires_in") long expiresIn) {}

  @PostMapping("/signup")
  Mono<ResponseEntity<AuthResponse>> signup(@RequestBody Credentials body) {
    String username = body.username();
    String password = body.password();
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST,
          "invalid_username",
          "username must be 3-32 characters of a-z, 0-9 and _",
          "username");
    }
    int length = password == null ? 0 : password.codePointCount(0, password.length());
    if (length < MIN_PASSWORD_CHARS || length > MAX_PASSWORD_CHARS) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST,
          "invalid_password",
          "password must be " + MIN_PASSWORD_CHARS + "-" + MAX_PASSWORD_CHARS + " characters",
          "password");
    }
    return Mono.fromCallable(
            () -> {
              UUID id = UUID.randomUUID();
              if (!users.insert(id, username, passwords.hash(password))) {
                throw new ApiException(
                    HttpStatus.CONFLICT, "username_taken", "that username is taken", "username");
              }
              return new UserRepository.UserRow(id, username, null, "free");
            })
        .subscribeOn(Schedulers.boundedElastic())
        .map(user -> ResponseEntity.status(HttpStatus.CREATED).body(respond(user)));
  }

  @PostMapping("/login")
  Mono<AuthResponse> login(@RequestBody Credentials body) {
    if (body.username() == null || body.password() == null) {
      throw ApiException.invalid(
          body.username() == null ? "username" : "password", "username and password are required");
    }
    return Mono.fromCallable(() -> authenticate(body.username(), body.password()))
        .subscribeOn(Schedulers.boundedElastic())
        .map(this::respond);
  }

  private UserRepository.UserRow authenticate(String username, String password) {
    Optional<UserRepository.UserRow> user =
        USERNAME.matcher(username).matches() ? users.findByUsername(username) : Optional.empty();
    boolean ok;
    if (user.isPresent()) {
      ok = passwords.matches(password, user.get().passwordHash());
    } else {
      passwords.spendDecoyCheck(password);
      ok = false;
    }
    if (!ok) {
      // One answer for unknown users and wrong passwords: the API does not confirm usernames.
      throw new ApiException(
          HttpStatus.UNAUTHORIZED, "invalid_credentials", "wrong username or password");
    }
    return user.get();
  }

  private AuthResponse respond(UserRepository.UserRow user) {
    var token = issuer.userToken(user.id(), user.username(), user.tier(), tokenTtl);
    return new AuthResponse(
        new UserView(user.id().toString(), user.username(), user.tier()),
        token.getTokenValue(),
        "Bearer",
        tokenTtl.toSeconds());
  }
}
