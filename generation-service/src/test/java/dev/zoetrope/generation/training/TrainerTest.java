package dev.zoetrope.generation.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.zoetrope.generation.model.DenoiserWeights;
import dev.zoetrope.generation.model.ModelConfig;
import dev.zoetrope.generation.model.ModelPackage;
import dev.zoetrope.generation.model.ModelSource;
import dev.zoetrope.generation.model.ModelVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
  private static final ModelConfig CONFIG = ModelConfig.standard();
  private static Batch batch;

  @BeforeAll
  static void data() {
    // Two real training clips, captions kept (dropout 0) so the batch is fully fixed.
    batch = new ClipSource(5, 2, CONFIG, 0f).batch(0, 2);
  }

  @Test
  void theWorldRendersAlignedTrainingClips() {
    assertThat(batch.frames()).isEqualTo(16);
    assertThat(batch.columns()).isEqualTo(4 * 16);
    assertThat(batch.video()).hasSize(2 * 3 * 16 * 32 * 32);
    assertThat(batch.texts()).allSatisfy(t -> assertThat(t).isNotBlank());
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    for (float v : batch.video()) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    assertThat(min).isGreaterThanOrEqualTo(-1f);
    assertThat(max).isLessThanOrEqualTo(1f).isGreaterThan(min);
    // The same dataset seed and step always give the same clips.
    assertThat(new ClipSource(5, 2, CONFIG, 0f).batch(0, 2).video()).isEqualTo(batch.video());
  }

  @Test
  void aFewStepsOnOneBatchLowerItsLoss() {
    Hyper hyper = Hyper.defaults().withBatchSize(2).withLearningRate(2e-3, 0);
    try (Trainer trainer = Trainer.start(CONFIG, hyper, 11)) {
      float before = trainer.measure(batch, 99).total();
      for (int i = 0; i < 8; i++) {
        trainer.train(batch, 3);
      }
      float after = trainer.measure(batch, 99).total();

      assertThat(trainer.step()).isEqualTo(8);
      assertThat(after).isLessThan(0.75f * before);
    }
  }

  @Test
  void aCheckpointResumesWithIdenticalState(@TempDir Path dir) throws Exception {
    Hyper hyper = Hyper.defaults().withBatchSize(2);
    try (Trainer a = Trainer.start(CONFIG, hyper, 11)) {
      a.train(batch, 3);
      a.train(batch, 3);
      a.save(dir);
      try (Trainer b = Trainer.load(dir, CONFIG, hyper, a.step(), 0)) {
        assertSame(a.parameters(), b.parameters());
        assertSame(a.ema(), b.ema());
        assertSame(a.adamM(), b.adamM());
        assertSame(a.adamV(), b.adamV());
        // The EMA is its own state, not a copy of the parameters.
        assertThat(a.ema().get("video.stem.weight").toFloatArray())
            .isNotEqualTo(a.parameters().get("video.stem.weight").toFloatArray());

        // And both continue the same way.
        float la = a.train(batch, 3).total();
        float lb = b.train(batch, 3).total();
        assertThat(lb).isCloseTo(la, org.assertj.core.data.Offset.offset(1e-5f));
      }
    }
  }

  @Test
  void theCommandResumesAndPublishesLoadableVersions(@TempDir Path tmp) throws Exception {
    Path ckpt = tmp.resolve("ckpt");
    Path models = tmp.resolve("models");
    String[] common = {"--ckpt-dir", ckpt.toString(), "--batch", "2", "--log-every", "1"};
    Train.main(concat(common, "--max-steps", "1"));
    Train.main(concat(common, "--resume", "--max-steps", "2", "--publish", models.toString()));

    assertThat(Files.readString(ckpt.resolve("LATEST")).trim()).isEqualTo("step-2");
    Map<?, ?> state = Train.JSON.readValue(ckpt.resolve("step-2/state.json").toFile(), Map.class);
    assertThat(((Number) state.get("step")).longValue()).isEqualTo(2);
    try (NDManager m = NDManager.newBaseManager()) {
      for (ModelVersion v : ModelVersion.values()) {
        DenoiserWeights w = ModelPackage.read(ModelSource.of(models.toString()), v.id(), CONFIG, m);
        assertThat(w).isNotNull();
        assertThat(w.parameterCount()).isEqualTo(1_648_240L);
      }
      String manifest = Files.readString(models.resolve("zoetrope-1/manifest.json"));
      assertThat(manifest).contains("\"dataset_seed\"", "\"steps\" : 2", "2 vCPU, no GPU");
      assertThat(manifest).contains("\"foreground_alpha\" : 8.0", "\"onset_alpha\" : 4.0");
    }
  }

  @Test
  void aPublishedModelContinuesWithItsStepAndFreshMoments(@TempDir Path tmp) throws Exception {
    Path first = tmp.resolve("first");
    Path models = tmp.resolve("models");
    Path second = tmp.resolve("second");
    String[] common = {"--batch", "2", "--log-every", "1"};
    Train.main(
        concat(
            common,
            "--ckpt-dir",
            first.toString(),
            "--max-steps",
            "2",
            "--publish",
            models.toString()));

    Train.main(
        concat(
            common,
            "--ckpt-dir",
            second.toString(),
            "--init-from",
            models.resolve("zoetrope-1").toString(),
            "--max-steps",
            "3"));

    Map<?, ?> state = Train.JSON.readValue(second.resolve("step-3/state.json").toFile(), Map.class);
    assertThat(((Number) state.get("step")).longValue()).isEqualTo(3);
    assertThat(((Number) state.get("moments_from")).longValue()).isEqualTo(2);
    // The history goes on from the published run's (its first point is that run's step 1).
    Map<?, ?> firstPoint = (Map<?, ?>) ((java.util.List<?>) state.get("history")).getFirst();
    assertThat(((Number) firstPoint.get("step")).longValue()).isEqualTo(1);
    try (NDManager m = NDManager.newBaseManager();
        Trainer resumed = Trainer.load(second.resolve("step-3"), CONFIG, Hyper.defaults(), 3, 2)) {
      DenoiserWeights published =
          ModelPackage.read(ModelSource.of(models.toString()), "zoetrope-1", CONFIG, m);
      // One Adam step away from the published weights: moved, but not far.
      float[] before = published.get("video.stem.weight").toFloatArray();
      float[] after = resumed.parameters().get("video.stem.weight").toFloatArray();
      assertThat(after).isNotEqualTo(before);
      double maxStep = 0;
      for (int i = 0; i < before.length; i++) {
        maxStep = Math.max(maxStep, Math.abs(after[i] - before[i]));
      }
      // Warm-up from the restart: the first step's learning rate is 1e-3 / 100, and bias-corrected
      // Adam moves no weight further than about that.
      assertThat(maxStep).isLessThan(5e-5);
      assertThat(resumed.momentsFrom()).isEqualTo(2);
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static void assertSame(DenoiserWeights x, DenoiserWeights y) {
    assertThat(y.asMap().keySet()).containsExactlyElementsOf(x.asMap().keySet());
    for (Map.Entry<String, NDArray> e : x.asMap().entrySet()) {
      assertThat(y.get(e.getKey()).toFloatArray())
          .as(e.getKey())
          .isEqualTo(e.getValue().toFloatArray());
    }
  }
}
