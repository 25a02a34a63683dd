package dev.zoetrope.media.assets;

import java.util.Optional;

/**
 * Identifies a body by its first bytes, so a client cannot store (and later serve under our origin)
 * something other than what it declared.
 */
public final class ContentSniffer {
  /** Bytes needed to tell every supported type apart. */
  public static final int HEADER_BYTES = 12;

  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte[] FTYP = {'f', 't', 'y', 'p'};
  private static final byte[] RIFF = {'R', 'I', 'F', 'F'};
  private static final byte[] WEBP = {'W', 'E', 'B', 'P'};

  private ContentSniffer() {}

  /** The content type {@code header} (the body's first bytes) starts, if it is one we store. */
  public static Optional<String> detect(byte[] header) {
    if (startsWith(header, 0, PNG)) {
      return Optional.of("image/png");
    }
    // SOI marker followed by the first segment's marker byte.
    if (header.length >= 3
        && header[0] == (byte) 0xFF
        && header[1] == (byte) 0xD8
        && header[2] == (byte) 0xFF) {
      return Optional.of("image/jpeg");
    }
    if (startsWith(header, 0, RIFF) && startsWith(header, 8, WEBP)) {
      return Optional.of("image/webp");
    }
    // ISO BMFF: a 4-byte box size, then the first box must be 'ftyp'.
    if (startsWith(header, 4, FTYP)) {
      return Optional.of("video/mp4");
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
    if (data.length < offset + prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (data[offset + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
