package dev.zoetrope.generation.world;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Writes samples of the procedural world for people to look at and listen to: per sample a contact
 * sheet PNG, a WAV and its events, plus captions.txt and one cameo recording.
 *
 * <pre>
 * java -cp ... dev.zoetrope.generation.world.WorldSamples [--out DIR] [--count N] [--seed S]
 *     [--size PX] [--fps F] [--seconds S] [--bench]
 * </pre>
 *
 * {@code --bench} also times rendering 200 clips at the given settings and prints clips/s.
 */
public final class WorldSamples {
  private WorldSamples() {}

  public static void main(String[] args) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Path out = Path.of("target/world-samples");
    int count = 8;
    long seed = 0;
    int size = 32;
    double fps = 24;
    double seconds = 4;
    boolean bench = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--out" -> out = Path.of(args[++i]);
        case "--count" -> count = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--size" -> size = Integer.parseInt(args[++i]);
        case "--fps" -> fps = Double.parseDouble(args[++i]);
        case "--seconds" -> seconds = Double.parseDouble(args[++i]);
        case "--bench" -> bench = true;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Files.createDirectories(out);
    RenderSettings settings = RenderSettings.square(size, fps);
    StringBuilder captions = new StringBuilder();
    for (int n = 0; n < count; n++) {
      long s = seed + n;
      WorldClip clip = World.render(s, seconds, settings);
      String name = String.format(Locale.ROOT, "sample-%03d", n);
      ImageIO.write(ContactSheet.draw(clip), "png", out.resolve(name + ".png").toFile());
      Wav.write(out.resolve(name + ".wav"), clip.audio(), Soundtrack.SAMPLE_RATE);
      Files.writeString(out.resolve(name + "-events.txt"), describe(clip));
      captions
          .append(s)
          .append('\t')
          .append(clip.scene().template())
          .append('\t')
          .append(HeldOutSplit.of(clip.caption()))
          .append('\t')
          .append(clip.caption())
          .append('\n');
    }
    Files.writeString(out.resolve("captions.txt"), captions);
    CharacterSpec subject = CharacterSpec.fromSeed(seed);
    WorldClip cameo = CameoRecording.render(subject, seed, settings);
    ImageIO.write(ContactSheet.draw(cameo), "png", out.resolve("cameo.png").toFile());
    Wav.write(out.resolve("cameo.wav"), cameo.audio(), Soundtrack.SAMPLE_RATE);
    PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    stdout.print(captions);
    stdout.println("wrote " + count + " samples and a cameo to " + out.toAbsolutePath());
    if (bench) {
      bench(settings, seconds, stdout);
    }
  }

  private static void bench(RenderSettings settings, double seconds, PrintStream out) {
    for (int i = 0; i < 50; i++) {
      World.render(10_000 + i, seconds, settings);
    }
    int n = 200;
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      World.render(20_000 + i, seconds, settings);
    }
    double s = (System.nanoTime() - t0) / 1e9;
    out.printf(
        Locale.ROOT,
        "render: %d clips of %.0f s at %dx%d, %.0f fps in %.2f s = %.1f clips/s (one thread)%n",
        n,
        seconds,
        settings.width(),
        settings.height(),
        settings.fps(),
        s,
        n / s);
  }

  static String describe(WorldClip clip) {
    StringBuilder b = new StringBuilder();
    b.append("caption: ").append(clip.caption()).append('\n');
    for (Contact c : clip.events().contacts()) {
      b.append(
          String.format(
              Locale.ROOT,
              "contact %.4f s entity %d other %s speed %.2f m/s %s%s%n",
              c.timeS(),
              c.entity(),
              c.other() == Contact.FLOOR ? "floor" : c.other() == Contact.WALL ? "wall" : c.other(),
              c.speedMps(),
              c.material() == null ? "character" : c.material().adjective(),
              c.rebounds() ? " rebounds" : ""));
    }
    for (SpeechInterval s : clip.events().speech()) {
      b.append(
          String.format(
              Locale.ROOT,
              "voiced %.4f-%.4f s entity %d %s[%d]%n",
              s.startS(),
              s.endS(),
              s.entity(),
              s.word().text(),
              s.syllable()));
    }
    for (EntityFacts f : clip.events().facts().entities()) {
      b.append("fact ").append(f).append('\n');
    }
    return b.toString();
  }
}
