package dev.zoetrope.generation.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FlowSamplerTest {
  private static final int STEPS = 4;
  private static NDManager manager;
  private static Denoiser denoiser;
  private final FlowSampler sampler = new FlowSampler();
  private final PromptTokenizer tokenizer = new PromptTokenizer();

  @BeforeAll
  static void model() {
    manager = NDManager.newBaseManager();
    denoiser =
        new Denoiser(
            DenoiserWeights.initialize(
                manager, ModelConfig.standard(), DiffusionModels.UNTRAINED_SEED));
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  private SampledClip sample(String prompt, int seconds, long seed) throws Exception {
    return sampler.sample(
        denoiser, tokenizer.encode(prompt), seconds, seed, STEPS, 3f, (s, n) -> {}, () -> false);
  }

  @Test
  void sameSeedAndPromptGiveTheSameClipBitForBit() throws Exception {
    SampledClip a = sample("a red ball bounces", 1, 7);
    SampledClip b = sample("a red ball bounces", 1, 7);

    assertThat(a.video()).isEqualTo(b.video());
    assertThat(a.mel()).isEqualTo(b.mel());
  }

  @Test
  void concurrentSamplesFromOneSharedModelMatchSequentialOnes() throws Exception {
    SampledClip first = sample("a red ball", 1, 11);
    SampledClip second = sample("a blue cube", 1, 12);

    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      Future<SampledClip> a = pool.submit(() -> sample("a red ball", 1, 11));
      Future<SampledClip> b = pool.submit(() -> sample("a blue cube", 1, 12));

      assertThat(a.get().video()).isEqualTo(first.video());
      assertThat(b.get().video()).isEqualTo(second.video());
      assertThat(b.get().mel()).isEqualTo(second.mel());
    }
  }

  @Test
  void anotherSeedOrPromptGivesAnotherClip() throws Exception {
    SampledClip base = sample("a red ball bounces", 1, 7);
    SampledClip otherSeed = sample("a red ball bounces", 1, 8);
    SampledClip otherPrompt = sample("a blue cube spins", 1, 7);

    assertThat(meanAbsDiff(base.video(), otherSeed.video())).isGreaterThan(0.1);
    assertThat(meanAbsDiff(base.mel(), otherSeed.mel())).isGreaterThan(0.1);
    assertThat(meanAbsDiff(base.video(), otherPrompt.video())).isGreaterThan(1e-4);
  }

  @Test
  void clipLengthFollowsSecondsAtEightFpsAndFourMelColumnsPerFrame() throws Exception {
    SampledClip clip = sample("ball", 2, 1);

    assertThat(clip.frames()).isEqualTo(16);
    assertThat(clip.video()).hasSize(3 * 16 * 32 * 32);
    assertThat(clip.columns()).isEqualTo(64);
    assertThat(clip.mel()).hasSize(MelScale.BINS * 64);
    for (float v : clip.video()) {
      assertThat(Float.isFinite(v)).isTrue();
    }
  }

  @Test
  void reportsEveryStepAndStopsBetweenStepsWhenCancelled() {
    List<Integer> reported = new ArrayList<>();
    AtomicInteger polls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                sampler.sample(
                    denoiser,
                    tokenizer.encode("ball"),
                    1,
                    1,
                    10,
                    3f,
                    (step, steps) -> reported.add(step),
                    () -> polls.incrementAndGet() > 3))
        .isInstanceOf(SamplingCancelledException.class)
        .satisfies(e -> assertThat(((SamplingCancelledException) e).completedSteps()).isEqualTo(3));
    assertThat(reported).containsExactly(1, 2, 3);
  }

  @Test
  void samplingLeavesNothingBehindInTheWeightsManager() throws Exception {
    int before = manager.getManagedArrays().size();

    sample("a red ball", 1, 3);

    assertThat(manager.getManagedArrays()).hasSize(before);
  }

  private static double meanAbsDiff(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs(a[i] - b[i]);
    }
    return sum / a.length;
  }
}
