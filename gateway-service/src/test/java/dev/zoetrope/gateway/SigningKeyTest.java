package dev.zoetrope.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zoetrope.gateway.identity.tokens.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTest {

  @Test
  void aGeneratedKeyIsPrivateAndSurvivesARestart(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("keys/jwt-signing.pem");

    SigningKey first = SigningKey.loadOrCreate(file, true);
    SigningKey again = SigningKey.loadOrCreate(file, true);

    assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(first.publicKey().getModulus().bitLength()).isEqualTo(2048);
    assertThat(again.keyId()).isEqualTo(first.keyId());
    assertThat(again.publicKey()).isEqualTo(first.publicKey());
    assertThat(first.publicJwk().isPrivate()).isFalse();
    try (var leftovers = Files.list(file.getParent())) {
      assertThat(leftovers).containsExactly(file);
    }
  }

  @Test
  void aMissingKeyIsAnErrorWhenGenerationIsOff(@TempDir Path dir) {
    assertThatThrownBy(() -> SigningKey.loadOrCreate(dir.resolve("none.pem"), false))
        .hasMessageContaining("generate-key-if-missing");
  }

  @Test
  void somethingElseInTheFileIsRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.pem");
    Files.writeString(file, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

    assertThatThrownBy(() -> SigningKey.loadOrCreate(file, true)).hasMessageContaining("PKCS#8");
  }
}
