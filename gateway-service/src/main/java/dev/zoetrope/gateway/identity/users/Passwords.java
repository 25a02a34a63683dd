package dev.zoetrope.gateway.identity.users;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.UUID;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * bcrypt over a SHA-256 pre-hash. bcrypt reads only the first 72 bytes (and Spring refuses longer
 * input), while we allow 128-character passphrases; the Base64 of the digest is 44 ASCII bytes with
 * no NULs, so every character of the password counts.
 */
final class Passwords {
  private final BCryptPasswordEncoder bcrypt;
  // Checked against on a login for an unknown user, so that answer takes as long as a wrong
  // password and response times do not reveal which usernames exist.
  private final String decoyHash;

  Passwords(int cost) {
    this.bcrypt = new BCryptPasswordEncoder(cost);
    this.decoyHash = bcrypt.encode(prehash(UUID.randomUUID().toString()));
  }

  String hash(String password) {
    return bcrypt.encode(prehash(password));
  }

  boolean matches(String password, String hash) {
    return bcrypt.matches(prehash(password), hash);
  }

  void spendDecoyCheck(String password) {
    bcrypt.matches(prehash(password), decoyHash);
  }

  private static String prehash(String password) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
