package dev.zoetrope.generation.training;

import ai.djl.ndarray.NDManager;
import dev.zoetrope.generation.model.Denoiser;
import dev.zoetrope.generation.model.DenoiserWeights;
import dev.zoetrope.generation.model.FlowSampler;
import dev.zoetrope.generation.model.ModelConfig;
import dev.zoetrope.generation.model.ModelPackage;
import dev.zoetrope.generation.model.ModelSource;
import dev.zoetrope.generation.model.PromptTokenizer;
import dev.zoetrope.generation.model.SampledClip;
import dev.zoetrope.generation.world.HeldOutSplit;
import dev.zoetrope.generation.world.MelSpectrogram;
import dev.zoetrope.generation.world.RenderSettings;
import dev.zoetrope.generation.world.Scene;
import dev.zoetrope.generation.world.SceneGenerator;
import dev.zoetrope.generation.world.World;
import dev.zoetrope.generation.world.WorldClip;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A contact sheet of held-out prompts for people: per clip, the ground-truth frames and mel
 * spectrogram above the generated ones (same caption, seed = scene seed).
 *
 * <pre>
 * Preview (--models DIR [--version zoetrope-1] | --weights FILE.safetensors) --out FILE.png
 *         [--clips 3] [--first-seed 1000] [--steps 25] [--guidance 3]
 * </pre>
 */
public final class Preview {
  private static final int SCALE = 3;
  private static final int GAP = 4;

  private Preview() {}

  public static void main(String[] args) throws Exception {
    java.util.Map<String, String> a = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i].substring(2), args[i + 1]);
    }
    ModelConfig config = ModelConfig.standard();
    int clips = Integer.parseInt(a.getOrDefault("clips", "3"));
    long seed = Long.parseLong(a.getOrDefault("first-seed", "1000"));
    int steps = Integer.parseInt(a.getOrDefault("steps", "25"));
    float guidance = Float.parseFloat(a.getOrDefault("guidance", "3"));
    try (NDManager manager = NDManager.newBaseManager()) {
      DenoiserWeights weights =
          a.containsKey("weights")
              ? DenoiserWeights.fromSafetensors(
                  manager, config, Files.readAllBytes(Path.of(a.get("weights"))))
              : ModelPackage.read(
                  ModelSource.of(a.get("models")),
                  a.getOrDefault("version", "zoetrope-1"),
                  config,
                  manager);
      Denoiser denoiser = new Denoiser(weights);
      List<BufferedImage> rows = new ArrayList<>();
      RenderSettings settings = RenderSettings.square(config.size(), config.fps());
      for (int found = 0; found < clips; seed++) {
        Scene scene;
        try {
          scene = SceneGenerator.generate(seed, 2);
        } catch (IllegalStateException e) {
          continue;
        }
        if (HeldOutSplit.of(scene) != HeldOutSplit.Part.HELD_OUT) {
          continue;
        }
        found++;
        WorldClip truth = World.render(scene, settings);
        long t0 = System.nanoTime();
        SampledClip gen =
            new FlowSampler()
                .sample(
                    denoiser,
                    new PromptTokenizer().encode(truth.caption()),
                    2,
                    seed,
                    steps,
                    guidance,
                    (s, n) -> {},
                    () -> false);
        System.out.printf(
            "seed %d: \"%s\" sampled in %.1f s%n",
            seed, truth.caption(), (System.nanoTime() - t0) / 1e9);
        rows.add(row(truth, gen));
      }
      int w = rows.stream().mapToInt(BufferedImage::getWidth).max().orElse(1);
      int h = rows.stream().mapToInt(r -> r.getHeight() + 3 * GAP).sum();
      BufferedImage sheet = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = sheet.createGraphics();
      int y = 0;
      for (BufferedImage r : rows) {
        g.drawImage(r, 0, y, null);
        y += r.getHeight() + 3 * GAP;
      }
      g.dispose();
      ImageIO.write(sheet, "png", Path.of(a.get("out")).toFile());
    }
  }

  private static BufferedImage row(WorldClip truth, SampledClip gen) {
    int frames = gen.frames();
    int px = gen.size() * SCALE;
    int melW = gen.columns() * 4;
    int melH = 32 * 2;
    int width = frames * (px + 2) + GAP + melW;
    int height = 16 + 2 * (px + GAP);
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(0x20, 0x20, 0x24));
    g.fillRect(0, 0, width, height);
    g.setColor(Color.WHITE);
    g.drawString("truth (top) vs generated: " + truth.caption(), 2, 12);
    float[][] truthMel = MelSpectrogram.standard().compute(truth.audio());
    for (int f = 0; f < frames; f++) {
      for (int y = 0; y < gen.size(); y++) {
        for (int x = 0; x < gen.size(); x++) {
          int tr =
              rgb(
                  truth.video().get(f, y, x, 0),
                  truth.video().get(f, y, x, 1),
                  truth.video().get(f, y, x, 2));
          int s = gen.size() * gen.size();
          int base = f * s + y * gen.size() + x;
          int gr =
              rgb(
                  (gen.video()[base] + 1) / 2,
                  (gen.video()[frames * s + base] + 1) / 2,
                  (gen.video()[2 * frames * s + base] + 1) / 2);
          g.setColor(new Color(tr));
          g.fillRect(f * (px + 2) + x * SCALE, 16 + y * SCALE, SCALE, SCALE);
          g.setColor(new Color(gr));
          g.fillRect(f * (px + 2) + x * SCALE, 16 + px + GAP + y * SCALE, SCALE, SCALE);
        }
      }
    }
    int mx = frames * (px + 2) + GAP;
    for (int c = 0; c < gen.columns(); c++) {
      for (int b = 0; b < 32; b++) {
        float tv = c < truthMel[b].length ? (truthMel[b][c] + 1) / 2 : 0;
        float gv = (gen.mel()[b * gen.columns() + c] + 1) / 2;
        g.setColor(new Color(rgb(tv, tv, tv)));
        g.fillRect(mx + c * 4, 16 + (31 - b) * 2, 4, 2);
        g.setColor(new Color(rgb(gv, gv, gv)));
        g.fillRect(mx + c * 4, 16 + px + GAP + (31 - b) * 2, 4, 2);
      }
    }
    g.dispose();
    return img;
  }

  private static int rgb(float r, float g, float b) {
    return (byte8(r) << 16) | (byte8(g) << 8) | byte8(b);
  }

  private static int byte8(float v) {
    return Math.round(Math.max(0, Math.min(1, v)) * 255);
  }
}
