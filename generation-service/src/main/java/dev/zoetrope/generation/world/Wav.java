package dev.zoetrope.generation.world;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes mono 16-bit PCM WAV files. */
public final class Wav {
  private Wav() {}

  public static byte[] encode(float[] samples, int sampleRate) {
    ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    b.putInt(36 + samples.length * 2);
    b.put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    b.putInt(16).putShort((short) 1).putShort((short) 1);
    b.putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    b.putInt(samples.length * 2);
    for (float s : samples) {
      b.putShort((short) Math.round(Math.max(-1, Math.min(1, s)) * 32767));
    }
    return b.array();
  }

  public static void write(Path file, float[] samples, int sampleRate) throws IOException {
    Files.write(file, encode(samples, sampleRate));
  }
}
