package dev.zoetrope.generation.model.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.zoetrope.generation.model.DiffusionModels;
import dev.zoetrope.generation.model.FlowSampler;
import dev.zoetrope.generation.model.ModelLoadException;
import dev.zoetrope.generation.model.ModelPackage;
import dev.zoetrope.generation.model.ModelSource;
import dev.zoetrope.generation.model.PromptTokenizer;
import dev.zoetrope.generation.model.SampledClip;
import dev.zoetrope.generation.model.VelocityModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed fixtures (src/test/resources/torchscript, made by make_fixture.py) loaded through
 * the production path: {@link DiffusionModels#load} with a plug-in mapping, manifest and sha256
 * checks, the start-up probe, and {@link FlowSampler}. {@code tiny-velocity} flows every pixel to
 * the caption's colour (red (0.4, -0.4, -0.4), green, blue; no colour word: 0) and the audio to
 * -0.5, so the sampled clip is known exactly.
 */
class TorchScriptVelocityModelTest {
  private static final String TINY = "classpath:torchscript/tiny-velocity";
  private static final float[] RED = {0.4f, -0.4f, -0.4f};
  private static final float[] GREEN = {-0.4f, 0.4f, -0.4f};
  private static final float[] BLUE = {-0.4f, -0.4f, 0.4f};
  private static final float TOLERANCE = 1e-4f;

  @TempDir static Path empty;
  @TempDir Path dir;

  private static DiffusionModels models;
  private final FlowSampler sampler = new FlowSampler();
  private final PromptTokenizer tokenizer = new PromptTokenizer();

  @BeforeAll
  static void load() {
    models =
        DiffusionModels.load(ModelSource.of(empty.toString()), false, Map.of("zoetrope-1", TINY));
  }

  @AfterAll
  static void close() {
    models.close();
  }

  private static VelocityModel tiny() {
    return models.get("zoetrope-1").model();
  }

  private SampledClip sample(VelocityModel model, String prompt, int seconds, long seed, float g)
      throws Exception {
    return sampler.sample(
        model, tokenizer.encode(prompt), seconds, seed, 10, g, (s, n) -> {}, () -> false);
  }

  private static void assertClip(SampledClip clip, float[] rgb) {
    int plane = clip.frames() * clip.size() * clip.size();
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < plane; i++) {
        float v = clip.video()[c * plane + i];
        if (Math.abs(v - rgb[c]) > TOLERANCE) {
          throw new AssertionError("channel " + c + " pixel " + i + " is " + v + ", not " + rgb[c]);
        }
      }
    }
    for (float m : clip.mel()) {
      assertThat(m).isCloseTo(-0.5f, offset(TOLERANCE));
    }
  }

  @Test
  void thePluginServesItsModelIdAndTheOtherVersionKeepsTheBuiltInNetwork() {
    DiffusionModels.Loaded plugin = models.get("zoetrope-1");
    assertThat(plugin.model()).isInstanceOf(TorchScriptVelocityModel.class);
    assertThat(plugin.trained()).isTrue();
    assertThat(plugin.origin()).startsWith("torchscript ").contains("tiny-velocity");
    assertThat(models.get("zoetrope-1-pro").model())
        .isNotInstanceOf(TorchScriptVelocityModel.class);
  }

  @Test
  void samplingEndsOnTheCaptionsColourAndTheAudioTarget() throws Exception {
    SampledClip red = sample(tiny(), "a red ball bounces", 1, 1, 1f);

    assertThat(red.frames()).isEqualTo(8);
    assertThat(red.mel()).hasSize(32 * 32);
    assertClip(red, RED);
    assertClip(sample(tiny(), "a blue cube", 2, 2, 1f), BLUE);
    assertClip(sample(tiny(), "a ball", 1, 3, 1f), new float[] {0, 0, 0});
  }

  @Test
  void guidanceRunsTheConditionalAndNullCaptionsAsSeparateRows() throws Exception {
    // Unconditional target 0, conditional c: u + g (c - u) = g c.
    SampledClip guided = sample(tiny(), "green", 1, 4, 2f);

    assertClip(guided, new float[] {2 * GREEN[0], 2 * GREEN[1], 2 * GREEN[2]});
  }

  @Test
  void twoThreadsSamplingAtOnceGetTheirOwnCorrectClips() throws Exception {
    SampledClip red = sample(tiny(), "a red ball", 1, 11, 3f);
    SampledClip blue = sample(tiny(), "a blue ball", 1, 12, 3f);
    List<Future<SampledClip>> reds = new ArrayList<>();
    List<Future<SampledClip>> blues = new ArrayList<>();

    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      for (int i = 0; i < 3; i++) {
        reds.add(pool.submit(() -> sample(tiny(), "a red ball", 1, 11, 3f)));
        blues.add(pool.submit(() -> sample(tiny(), "a blue ball", 1, 12, 3f)));
      }
      for (int i = 0; i < 3; i++) {
        SampledClip r = reds.get(i).get();
        SampledClip b = blues.get(i).get();
        assertThat(r.video()).isEqualTo(red.video());
        assertThat(b.video()).isEqualTo(blue.video());
        assertThat(r.mel()).isEqualTo(red.mel());
      }
    }
    assertClip(red, new float[] {3 * RED[0], 3 * RED[1], 3 * RED[2]});
    assertClip(blue, new float[] {3 * BLUE[0], 3 * BLUE[1], 3 * BLUE[2]});
  }

  @Test
  void aCorruptModelFileStopsLoadingNamingTheFileAndItsExpectedHash() throws Exception {
    Path folder = copyFixture("tiny-velocity", dir.resolve("mine"));
    Path model = folder.resolve("model.pt");
    String expected = expectedSha256(folder.resolve("manifest.json"));
    byte[] bytes = Files.readAllBytes(model);
    bytes[bytes.length / 2] ^= 1;
    Files.write(model, bytes);

    assertThatThrownBy(
            () ->
                DiffusionModels.load(
                    ModelSource.of(empty.toString()),
                    false,
                    Map.of("zoetrope-1-pro", folder.toString())))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(model.toString())
        .hasMessageContaining("expected sha256 " + expected)
        .hasMessageContaining("but found " + ModelPackage.sha256(bytes));
  }

  @Test
  void aFileThatIsNotTorchScriptIsRefusedWithTheEnginesReason() throws Exception {
    Path folder = copyFixture("tiny-velocity", dir.resolve("mine"));
    byte[] notAModel = "state_dict, not a scripted module".getBytes();
    String original = expectedSha256(folder.resolve("manifest.json"));
    Files.write(folder.resolve("model.pt"), notAModel);
    Path manifest = folder.resolve("manifest.json");
    Files.writeString(
        manifest, Files.readString(manifest).replace(original, ModelPackage.sha256(notAModel)));

    assertThatThrownBy(
            () ->
                DiffusionModels.load(
                    ModelSource.of(empty.toString()),
                    false,
                    Map.of("zoetrope-1", folder.toString())))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("zoetrope-1 (tiny-velocity")
        .hasMessageContaining("is not a loadable TorchScript archive");
  }

  @Test
  void aModelFileMissingFromItsFolderIsNamedWithItsExpectedHash() throws Exception {
    Path folder = copyFixture("tiny-velocity", dir.resolve("mine"));
    Files.delete(folder.resolve("model.pt"));

    assertThatThrownBy(
            () ->
                DiffusionModels.load(
                    ModelSource.of(empty.toString()),
                    false,
                    Map.of("zoetrope-1", folder.toString())))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(folder.resolve("model.pt").toString())
        .hasMessageContaining("is missing (expected sha256 ");
  }

  @Test
  void aPluginForAnotherVocabularyIsRefused() throws Exception {
    Path folder = copyFixture("tiny-velocity", dir.resolve("mine"));
    Path manifest = folder.resolve("manifest.json");
    Files.writeString(
        manifest,
        Files.readString(manifest).replace(PromptTokenizer.fingerprint(), "0".repeat(64)));

    assertThatThrownBy(
            () ->
                DiffusionModels.load(
                    ModelSource.of(empty.toString()),
                    false,
                    Map.of("zoetrope-1", folder.toString())))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("another tokenizer vocabulary");
  }

  @Test
  void aPluginWithWrongShapesForLongerClipsFailsThatSampleWithAClearMessageNotTheModel()
      throws Exception {
    try (DiffusionModels fixed =
        DiffusionModels.load(
            ModelSource.of(empty.toString()),
            false,
            Map.of("zoetrope-1", "classpath:torchscript/fixed-length"))) {
      VelocityModel model = fixed.get("zoetrope-1").model();

      assertThatThrownBy(() -> sample(model, "a red ball", 2, 1, 1f))
          .isInstanceOf(PluginOutputException.class)
          .hasMessageContaining("zoetrope-1 (fixed-length")
          .hasMessageContaining("broke the output contract")
          .hasMessageContaining("the video velocity has shape (1, 3, 8, 32, 32)")
          .hasMessageContaining("expected a tuple (video velocity (1, 3, 16, 32, 32)");
      // The model is still usable for what it can do: one bad sample breaks nothing else.
      assertClip(sample(model, "a red ball", 1, 1, 1f), RED);
    }
  }

  @Test
  void aPluginThatReturnsOneTensorIsRefusedAtStartUp() {
    assertThatThrownBy(
            () ->
                DiffusionModels.load(
                    ModelSource.of(empty.toString()),
                    false,
                    Map.of("zoetrope-1", "classpath:torchscript/video-only")))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("zoetrope-1 (video-only")
        .hasMessageContaining("failed its start-up probe")
        .hasMessageContaining("returned 1 tensor(s)");
  }

  @Test
  void aTorchScriptFolderDroppedIntoTheModelDirIsLoadedAsThatVersion() throws Exception {
    copyFixture("tiny-velocity", dir.resolve("zoetrope-1-pro"));

    // The plug-in counts as trained; the version without weights is what fails.
    assertThatThrownBy(() -> DiffusionModels.load(ModelSource.of(dir.toString()), true))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("model zoetrope-1 has no trained weights");
    try (DiffusionModels dropped = DiffusionModels.load(ModelSource.of(dir.toString()), false)) {
      DiffusionModels.Loaded pro = dropped.get("zoetrope-1-pro");
      assertThat(pro.model()).isInstanceOf(TorchScriptVelocityModel.class);
      assertThat(pro.origin()).contains(dir.resolve("zoetrope-1-pro").toString());
      assertClip(sample(pro.model(), "blue", 1, 5, 1f), BLUE);
    }
  }

  @Test
  void mappingAnUnknownModelOrAMissingFolderFailsNamingTheKey() {
    assertThatThrownBy(
            () ->
                DiffusionModels.load(
                    ModelSource.of(empty.toString()), false, Map.of("zoetrope-2", TINY)))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("zoetrope.generation.model-plugins.zoetrope-2 names no model");
    assertThatThrownBy(
            () ->
                DiffusionModels.load(
                    ModelSource.of(empty.toString()),
                    false,
                    Map.of("zoetrope-1", dir.resolve("nope").toString())))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("zoetrope.generation.model-plugins.zoetrope-1=")
        .hasMessageContaining("is not a directory");
  }

  private static Path copyFixture(String name, Path target) throws IOException {
    Files.createDirectories(target);
    for (String file : List.of("manifest.json", "model.pt")) {
      try (InputStream in =
          TorchScriptVelocityModelTest.class
              .getClassLoader()
              .getResourceAsStream("torchscript/" + name + "/" + file)) {
        Files.write(target.resolve(file), in.readAllBytes());
      }
    }
    return target;
  }

  private static String expectedSha256(Path manifest) throws IOException {
    Matcher m =
        Pattern.compile("\"sha256\"\\s*:\\s*\"([0-9a-f]{64})\"")
            .matcher(Files.readString(manifest));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }
}
