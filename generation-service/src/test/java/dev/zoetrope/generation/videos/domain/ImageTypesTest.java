package dev.zoetrope.generation.videos.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageTypesTest {

  @Test
  void recognizesRealJpegAndPng() throws Exception {
    assertThat(ImageTypes.sniff(encode("jpg"))).contains(ImageTypes.JPEG);
    assertThat(ImageTypes.sniff(encode("png"))).contains(ImageTypes.PNG);
  }

  @Test
  void recognizesWebpContainer() {
    byte[] webp = "RIFF\u0024\u0000\u0000\u0000WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(ImageTypes.sniff(webp)).contains(ImageTypes.WEBP);
  }

  @Test
  void rejectsEverythingElse() throws Exception {
    assertThat(ImageTypes.sniff(new byte[0])).isEmpty();
    assertThat(ImageTypes.sniff("hello world, not an image".getBytes(StandardCharsets.UTF_8)))
        .isEmpty();
    assertThat(ImageTypes.sniff(encode("gif"))).isEmpty();
    // A RIFF that is not WebP (a WAV file) and a truncated PNG signature.
    assertThat(
            ImageTypes.sniff(
                "RIFF\u0024\u0000\u0000\u0000WAVEfmt ".getBytes(StandardCharsets.ISO_8859_1)))
        .isEmpty();
    assertThat(ImageTypes.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G'})).isEmpty();
  }

  static byte[] encode(String format) throws Exception {
    BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, format, out);
    return out.toByteArray();
  }
}
