package dev.zoetrope.generation.videos.domain;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/** Recognizes the reference image formats by their first bytes, never by the client's label. */
public final class ImageTypes {
  public static final String JPEG = "image/jpeg";
  public static final String PNG = "image/png";
  public static final String WEBP = "image/webp";
  public static final Set<String> ACCEPTED = Set.of(JPEG, PNG, WEBP);

  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte[] RIFF = "RIFF".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] WEBP_TAG = "WEBP".getBytes(StandardCharsets.US_ASCII);

  private ImageTypes() {}

  public static Optional<String> sniff(byte[] head) {
    if (head.length >= 3
        && (head[0] & 0xff) == 0xff
        && (head[1] & 0xff) == 0xd8
        && (head[2] & 0xff) == 0xff) {
      return Optional.of(JPEG);
    }
    if (startsWith(head, 0, PNG_MAGIC)) {
      return Optional.of(PNG);
    }
    if (head.length >= 12 && startsWith(head, 0, RIFF) && startsWith(head, 8, WEBP_TAG)) {
      return Optional.of(WEBP);
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] data, int offset, byte[] magic) {
    return data.length >= offset + magic.length
        && Arrays.equals(data, offset, offset + magic.length, magic, 0, magic.length);
  }
}
