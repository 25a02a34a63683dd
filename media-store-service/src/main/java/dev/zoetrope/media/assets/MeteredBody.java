package dev.zoetrope.media.assets;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An upload body on its way to storage: hashes and counts every byte as the storage client pulls
 * it, and stops the transfer once it passes the size limit, so nothing needs the whole body in
 * memory. Failures say whether the client sent too much or the client's stream broke, as opposed to
 * storage failing.
 */
final class MeteredBody extends FilterInputStream {
  private final MessageDigest sha256;
  private final long maxBytes;
  private long count;

  MeteredBody(InputStream in, long maxBytes) {
    super(in);
    this.maxBytes = maxBytes;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public int read() throws IOException {
    int b;
    try {
      b = in.read();
    } catch (IOException e) {
      throw new ClientStreamFailed(e);
    }
    if (b >= 0) {
      advance(1);
      sha256.update((byte) b);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n;
    try {
      n = in.read(buffer, offset, length);
    } catch (IOException e) {
      throw new ClientStreamFailed(e);
    }
    if (n > 0) {
      advance(n);
      sha256.update(buffer, offset, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped bytes would be stored but not hashed.
    throw new IOException("skip is not supported");
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void mark(int readlimit) {}

  @Override
  public void reset() throws IOException {
    throw new IOException("reset is not supported");
  }

  private void advance(int n) throws TooLarge {
    count += n;
    if (count > maxBytes) {
      throw new TooLarge(maxBytes);
    }
  }

  long count() {
    return count;
  }

  String sha256Hex() {
    return HexFormat.of().formatHex(sha256.digest());
  }

  /** The body is longer than the limit. */
  static final class TooLarge extends IOException {
    TooLarge(long maxBytes) {
      super("body exceeds " + maxBytes + " bytes");
    }
  }

  /** Reading the client's body failed (it disconnected or sent less than it announced). */
  static final class ClientStreamFailed extends IOException {
    ClientStreamFailed(IOException cause) {
      super("reading the request body failed: " + cause.getMessage(), cause);
    }
  }
}
