package dev.zoetrope.generation.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A latent model: its codec's layout, sampling over latents, and its package on disk. */
class LatentModelTest {
  private static final ModelConfig CONFIG = ModelConfig.latent();
  private static NDManager manager;
  private static Codec codec;
  private static Denoiser denoiser;
  private final PromptTokenizer tokenizer = new PromptTokenizer();

  @BeforeAll
  static void model() {
    manager = NDManager.newBaseManager();
    codec = new Codec(CodecWeights.initialize(manager, CONFIG.codec(), 5));
    denoiser = new Denoiser(DenoiserWeights.initialize(manager, CONFIG, 7), codec);
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  private static float[] random(long n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] out = new float[Math.toIntExact(n)];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return out;
  }

  @Test
  void theCodecEncodesFrameByFrameAndKeepsTheMelColumns() {
    try (NDManager m = manager.newSubManager()) {
      Shape clip = new Shape(1, 3, 4, 32, 32);
      float[] pixels = random(clip.size(), 1);
      NDArray z = codec.encodeVideo(m.create(pixels, clip));
      assertThat(z.getShape()).isEqualTo(new Shape(1, 8, 4, 8, 8));
      assertThat(codec.decodeVideo(z).getShape()).isEqualTo(clip);

      // Changing frame 2 changes latent frame 2 and no other: what lets the sampler fix a frame
      // given in pixels (a first frame, an extension's source) as that frame of the latent.
      float[] changed = pixels.clone();
      for (int c = 0; c < 3; c++) {
        for (int i = 0; i < 32 * 32; i++) {
          changed[(c * 4 + 2) * 32 * 32 + i] *= -1;
        }
      }
      float[] a = z.toFloatArray();
      float[] b = codec.encodeVideo(m.create(changed, clip)).toFloatArray();
      for (int ch = 0; ch < 8; ch++) {
        for (int f = 0; f < 4; f++) {
          boolean same = true;
          for (int i = 0; i < 64; i++) {
            int k = (ch * 4 + f) * 64 + i;
            same &= a[k] == b[k];
          }
          assertThat(same).as("channel %d frame %d", ch, f).isEqualTo(f != 2);
        }
      }

      Shape mel = new Shape(1, MelScale.BINS, 16);
      NDArray za = codec.encodeAudio(m.create(random(mel.size(), 2), mel));
      assertThat(za.getShape()).isEqualTo(new Shape(1, 8, 16));
      assertThat(codec.decodeAudio(za).getShape()).isEqualTo(mel);
    }
  }

  @Test
  void aLatentModelSamplesClipsInTheNativeLayoutRepeatably() throws Exception {
    FlowSampler sampler = new FlowSampler();
    int[] tokens = tokenizer.encode("a red ball drops on a wooden floor");
    SampledClip a = sampler.sample(denoiser, tokens, 1, 3, 3, 3f, (s, n) -> {}, () -> false);
    SampledClip b = sampler.sample(denoiser, tokens, 1, 3, 3, 3f, (s, n) -> {}, () -> false);

    assertThat(a.frames()).isEqualTo(8);
    assertThat(a.size()).isEqualTo(32);
    assertThat(a.video()).hasSize(3 * 8 * 32 * 32).isEqualTo(b.video());
    assertThat(a.mel()).hasSize(MelScale.BINS * 32).isEqualTo(b.mel());
  }

  @Test
  void aKnownFirstFrameEndsAsTheCodecsRoundTripOfIt() throws Exception {
    int frames = 8;
    int plane = 32 * 32;
    float[] reference = random(3L * frames * plane, 9);
    boolean[] known = new boolean[frames];
    known[0] = true;
    Conditioning conditioning =
        new Conditioning(new int[0], new Conditioning.Known(reference, known, null, null), null);
    SampledClip clip =
        new FlowSampler()
            .sample(
                denoiser,
                tokenizer.encode("a ball"),
                conditioning,
                frames,
                4,
                3,
                3f,
                (s, n) -> {},
                () -> false);

    float[] roundTrip;
    try (NDManager m = manager.newSubManager()) {
      roundTrip =
          codec
              .decodeVideo(codec.encodeVideo(m.create(reference, new Shape(1, 3, frames, 32, 32))))
              .toFloatArray();
    }
    double maxError = 0;
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < plane; i++) {
        int k = c * frames * plane + i;
        maxError = Math.max(maxError, Math.abs(clip.video()[k] - roundTrip[k]));
      }
    }
    assertThat(maxError).isLessThan(1e-4);
  }

  @Test
  void aLatentPackageLoadsWithItsCodecAndRefusesOneWithout(@TempDir Path root) throws Exception {
    ModelPackage.write(
        root, "zoetrope-1-pro", denoiser.weights(), codec.weights(), Map.of("steps", 0));
    ModelSource source = ModelSource.of(root.toString());

    Denoiser loaded = ModelPackage.readModel(source, "zoetrope-1-pro", manager);
    assertThat(loaded.config()).isEqualTo(CONFIG);
    assertThat(loaded.codec().weights().get("video.enc1.weight").toFloatArray())
        .isEqualTo(codec.weights().get("video.enc1.weight").toFloatArray());
    assertThat(Files.readString(root.resolve("zoetrope-1-pro/manifest.json")))
        .contains("\"codec\" : \"codec.safetensors\"")
        .containsPattern("\"video_latent\"\\s*:\\s*8");
    // A pixel model's reader refuses the latent architecture, naming both.
    assertThatThrownBy(
            () -> ModelPackage.read(source, "zoetrope-1-pro", ModelConfig.standard(), manager))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("was trained for architecture");

    byte[] sha = Files.readAllBytes(root.resolve("zoetrope-1-pro/codec.safetensors"));
    Files.delete(root.resolve("zoetrope-1-pro/codec.safetensors"));
    assertThatThrownBy(() -> ModelPackage.readModel(source, "zoetrope-1-pro", manager))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(
            "codec.safetensors is missing (expected sha256 " + ModelPackage.sha256(sha));

    assertThatThrownBy(
            () ->
                ModelPackage.write(
                    root, "zoetrope-1", denoiser.weights(), null, Map.of("steps", 0)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void gridAttentionStartsAsTheModelItExtendsAndLoadsFromItsOwnPackage(@TempDir Path root)
      throws Exception {
    ModelConfig gridConfig = ModelConfig.latentGrid();
    DenoiserWeights grid = DenoiserWeights.initialize(manager, gridConfig, 11);
    int copied = 0;
    for (Map.Entry<String, NDArray> e : grid.asMap().entrySet()) {
      NDArray from = denoiser.weights().asMap().get(e.getKey());
      if (from != null) {
        e.getValue().set(from.toFloatArray());
        copied++;
      }
    }
    assertThat(copied).isEqualTo(denoiser.weights().asMap().size());
    Denoiser extended = new Denoiser(grid, codec);
    try (NDManager m = manager.newSubManager()) {
      Shape video = new Shape(1, 8, 4, 8, 8);
      Shape audio = new Shape(1, 8, 16);
      float[] x = random(video.size(), 21);
      float[] y = random(audio.size(), 22);
      float[] caption =
          Denoiser.captionWeights(tokenizer.encode("a red ball"), CONFIG.vocabularySize());
      float[] t = {0.4f};
      float[] before =
          denoiser
              .forward(m.create(x, video), m.create(y, audio), t, caption)
              .get(0)
              .toFloatArray();
      // Its output projections start at zero: the same function, to the bit.
      assertThat(
              extended
                  .forward(m.create(x, video), m.create(y, audio), t, caption)
                  .get(0)
                  .toFloatArray())
          .isEqualTo(before);
      for (int b : gridConfig.gridAttentionBlocks()) {
        NDArray out = grid.get("blocks." + b + ".grid.out.weight");
        out.set(random(out.getShape().size(), 30 + b));
      }
      float[] after =
          extended
              .forward(m.create(x, video), m.create(y, audio), t, caption)
              .get(0)
              .toFloatArray();
      assertThat(after).isNotEqualTo(before);
    }

    ModelPackage.write(root, "zoetrope-1-pro", grid, codec.weights(), Map.of("steps", 0));
    Denoiser loaded =
        ModelPackage.readModel(ModelSource.of(root.toString()), "zoetrope-1-pro", manager);
    assertThat(loaded.config()).isEqualTo(gridConfig);
    assertThat(loaded.weights().get("blocks.3.grid.out.weight").toFloatArray())
        .isEqualTo(grid.get("blocks.3.grid.out.weight").toFloatArray());
  }

  @Test
  void anArchitectureWithoutGridAttentionWritesTheManifestItAlwaysHas(@TempDir Path root)
      throws Exception {
    ModelPackage.write(
        root, "zoetrope-1-pro", denoiser.weights(), codec.weights(), Map.of("steps", 0));
    // Manifests shipped before grid attention existed have no such field and must keep loading.
    assertThat(Files.readString(root.resolve("zoetrope-1-pro/manifest.json")))
        .doesNotContain("grid_attention");
  }

  @Test
  void aCodecThatDoesNotMatchTheModelIsRefused() {
    CodecConfig other = new CodecConfig(32, 8, 4, 64, 8, 64);
    Codec wrong = new Codec(CodecWeights.initialize(manager, other, 1));
    assertThatThrownBy(() -> new Denoiser(denoiser.weights(), wrong))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Denoiser(denoiser.weights()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
