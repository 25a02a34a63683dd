package dev.zoetrope.gateway.identity.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RSA key that signs every token, kept as a PKCS#8 PEM file outside the repository. Its key id
 * is the RFC 7638 thumbprint, so it stays the same across restarts and services caching the JWKS
 * keep verifying tokens issued before a restart.
 */
public final class SigningKey {
  private static final Logger log = LoggerFactory.getLogger(SigningKey.class);
  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";
  private static final int KEY_BITS = 2048;

  private final RSAPrivateCrtKey privateKey;
  private final RSAPublicKey publicKey;
  private final String keyId;

  private SigningKey(RSAPrivateCrtKey privateKey) {
    this.privateKey = privateKey;
    try {
      this.publicKey =
          (RSAPublicKey)
              KeyFactory.getInstance("RSA")
                  .generatePublic(
                      new RSAPublicKeySpec(
                          privateKey.getModulus(), privateKey.getPublicExponent()));
      this.keyId = new RSAKey.Builder(publicKey).build().computeThumbprint().toString();
    } catch (GeneralSecurityException | JOSEException e) {
      throw new IllegalStateException("cannot derive the public signing key", e);
    }
  }

  /** Reads the key at {@code path}, or creates one there when allowed and there is none. */
  public static SigningKey loadOrCreate(Path path, boolean generateIfMissing) {
    if (!Files.exists(path)) {
      if (!generateIfMissing) {
        throw new IllegalStateException(
            "no signing key at "
                + path
                + " and zoetrope.identity.generate-key-if-missing is false");
      }
      generate(path);
    }
    warnIfReadableByOthers(path);
    try {
      return new SigningKey(parse(Files.readString(path, StandardCharsets.US_ASCII)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read signing key " + path, e);
    }
  }

  private static void generate(Path path) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(KEY_BITS);
      byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
      String pem =
          BEGIN
              + "\n"
              + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs8)
              + "\n"
              + END
              + "\n";
      Path dir = path.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      // Written to a private temp file and moved into place, so no reader ever sees a partial
      // key and the secret is never readable by others, not even for a moment.
      Path tmp = Files.createTempFile(dir, ".signing-key", ".tmp", ownerOnly(dir));
      try {
        Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
        try {
          // No REPLACE_EXISTING: if another instance won the race, keep its key.
          Files.move(tmp, path);
        } catch (FileAlreadyExistsException raced) {
          log.info("another process created {} first; using that key", path);
          return;
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
      log.info("generated a new {}-bit token signing key at {}", KEY_BITS, path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write signing key " + path, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate a signing key", e);
    }
  }

  private static java.nio.file.attribute.FileAttribute<?>[] ownerOnly(Path dir) {
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return new java.nio.file.attribute.FileAttribute<?>[] {
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
      };
    }
    return new java.nio.file.attribute.FileAttribute<?>[0];
  }

  private static void warnIfReadableByOthers(Path path) {
    try {
      if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(path);
        // Group read is how Kubernetes mounts secrets (0440 with the pod's fsGroup); others is not.
        if (perms.contains(PosixFilePermission.OTHERS_READ)) {
          log.warn("signing key {} is readable by every user; chmod 600 it", path);
        }
      }
    } catch (IOException e) {
      log.debug("cannot check permissions of {}", path, e);
    }
  }

  static RSAPrivateCrtKey parse(String pem) {
    int begin = pem.indexOf(BEGIN);
    int end = pem.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalStateException("signing key is not a PKCS#8 PEM (BEGIN PRIVATE KEY)");
    }
    byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + BEGIN.length(), end));
    try {
      if (KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der))
          instanceof RSAPrivateCrtKey key) {
        if (key.getModulus().bitLength() < KEY_BITS) {
          throw new IllegalStateException("signing key must have at least " + KEY_BITS + " bits");
        }
        return key;
      }
      throw new IllegalStateException("signing key is not an RSA CRT private key");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing key is not a valid RSA private key", e);
    }
  }

  public RSAPrivateCrtKey privateKey() {
    return privateKey;
  }

  public RSAPublicKey publicKey() {
    return publicKey;
  }

  public String keyId() {
    return keyId;
  }

  /** The public half as a JWK, for the JWKS document. */
  public RSAKey publicJwk() {
    return new RSAKey.Builder(publicKey)
        .keyID(keyId)
        .keyUse(KeyUse.SIGNATURE)
        .algorithm(JWSAlgorithm.RS256)
        .build();
  }
}
