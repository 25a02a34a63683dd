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
  void restartsRunTheirStepsAfterTheScheduleDeterministicallyAndKeepKnownFramesExact()
      throws Exception {
    FlowSampler restarting = new FlowSampler(new FlowSampler.Restarts(2, 0.5f, 3));
    int frames = 8;
    int plane = 32 * 32;
    float[] video = noise(3 * frames * plane, 1);
    boolean[] knownFrames = new boolean[frames];
    knownFrames[0] = true;
    Conditioning c =
        Conditioning.NONE.withKnown(new Conditioning.Known(video, knownFrames, null, null));
    List<Integer> reported = new ArrayList<>();
    int before = manager.getManagedArrays().size();

    SampledClip a =
        conditioned(
            restarting,
            "a red ball",
            c,
            frames,
            9,
            (step, steps) -> reported.add(step * 100 + steps));
    SampledClip b = conditioned(restarting, "a red ball", c, frames, 9, (s, n) -> {});
    SampledClip plain = conditioned("a red ball", c, frames, 9);

    // 4 steps, then 2 restarts of 3: each step reported out of the 10.
    assertThat(reported).containsExactly(110, 210, 310, 410, 510, 610, 710, 810, 910, 1010);
    assertThat(a.video()).isEqualTo(b.video());
    assertThat(a.mel()).isEqualTo(b.mel());
    assertThat(meanAbsDiff(frame(a.video(), frames, 3), frame(plain.video(), frames, 3)))
        .isGreaterThan(1e-4);
    assertThat(frame(a.video(), frames, 0)).isEqualTo(frame(video, frames, 0));
    assertThat(manager.getManagedArrays()).hasSize(before);
  }

  @Test
  void aRestartNeverNoisesAnEditBeyondItsStrength() throws Exception {
    int frames = 8;
    float[] video = noise(3 * frames * 32 * 32, 3);
    float[] mel = noise(MelScale.BINS * frames * 4, 4);
    Conditioning light = Conditioning.NONE.withStart(new Conditioning.Start(video, mel, 0.2f));
    FlowSampler restarting = new FlowSampler(new FlowSampler.Restarts(1, 0.3f, 2));

    SampledClip plain = conditioned("ball", light, frames, 5);
    SampledClip restarted = conditioned(restarting, "ball", light, frames, 5, (s, n) -> {});

    // Restarted from t = 0.8 (the edit's own start), not 0.3: 20% fresh noise, not 70%.
    double plainDistance = meanAbsDiff(plain.video(), video);
    assertThat(meanAbsDiff(restarted.video(), video)).isLessThan(1.5 * plainDistance);
  }

  @Test
  void aRestartIsCancelledBetweenItsStepsToo() {
    FlowSampler restarting = new FlowSampler(new FlowSampler.Restarts(1, 0.5f, 5));
    AtomicInteger polls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                restarting.sample(
                    denoiser,
                    tokenizer.encode("ball"),
                    1,
                    1,
                    STEPS,
                    3f,
                    (step, steps) -> {},
                    () -> polls.incrementAndGet() > STEPS + 2))
        .isInstanceOf(SamplingCancelledException.class)
        .satisfies(
            e ->
                assertThat(((SamplingCancelledException) e).completedSteps()).isEqualTo(STEPS + 2));
    assertThatThrownBy(() -> new FlowSampler.Restarts(1, 1f, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FlowSampler.Restarts(1, 0.5f, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void samplingLeavesNothingBehindInTheWeightsManager() throws Exception {
    int before = manager.getManagedArrays().size();

    sample("a red ball", 1, 3);

    assertThat(manager.getManagedArrays()).hasSize(before);
  }

  private SampledClip conditioned(String prompt, Conditioning conditioning, int frames, long seed)
      throws Exception {
    return conditioned(sampler, prompt, conditioning, frames, seed, (s, n) -> {});
  }

  private SampledClip conditioned(
      FlowSampler with,
      String prompt,
      Conditioning conditioning,
      int frames,
      long seed,
      FlowSampler.StepListener listener)
      throws Exception {
    return with.sample(
        denoiser,
        tokenizer.encode(prompt),
        conditioning,
        frames,
        seed,
        STEPS,
        3f,
        listener,
        () -> false);
  }

  @Test
  void knownFramesAndColumnsEndExactlyOnTheReferenceAndTheRestIsSampled() throws Exception {
    int frames = 8;
    int plane = 32 * 32;
    float[] video = noise(3 * frames * plane, 1);
    float[] mel = noise(MelScale.BINS * frames * 4, 2);
    boolean[] knownFrames = new boolean[frames];
    knownFrames[0] = true;
    knownFrames[5] = true;
    boolean[] knownColumns = new boolean[frames * 4];
    java.util.Arrays.fill(knownColumns, 0, 4, true);
    Conditioning c =
        Conditioning.NONE.withKnown(new Conditioning.Known(video, knownFrames, mel, knownColumns));

    SampledClip a = conditioned("a red ball", c, frames, 9);
    SampledClip b = conditioned("a red ball", c, frames, 9);
    SampledClip free = conditioned("a red ball", Conditioning.NONE, frames, 9);

    assertThat(a.video()).isEqualTo(b.video());
    assertThat(a.mel()).isEqualTo(b.mel());
    for (int rgb = 0; rgb < 3; rgb++) {
      for (int f = 0; f < frames; f++) {
        int from = (rgb * frames + f) * plane;
        float[] got = java.util.Arrays.copyOfRange(a.video(), from, from + plane);
        float[] ref = java.util.Arrays.copyOfRange(video, from, from + plane);
        if (knownFrames[f]) {
          assertThat(got).as("frame %d", f).isEqualTo(ref);
        } else {
          assertThat(meanAbsDiff(got, ref)).as("frame %d", f).isGreaterThan(0.1);
        }
      }
    }
    int columns = frames * 4;
    for (int bin = 0; bin < MelScale.BINS; bin++) {
      for (int col = 0; col < 4; col++) {
        assertThat(a.mel()[bin * columns + col]).isEqualTo(mel[bin * columns + col]);
      }
      assertThat(a.mel()[bin * columns + 10]).isNotEqualTo(mel[bin * columns + 10]);
    }
    // Fixing frames changes what is sampled around them (the same noise, another trajectory).
    assertThat(meanAbsDiff(frame(a.video(), frames, 1), frame(free.video(), frames, 1)))
        .isGreaterThan(1e-4);
  }

  @Test
  void anSdeditStartRunsItsShareOfTheScheduleAndStrengthOneIsAPlainSample() throws Exception {
    int frames = 8;
    float[] video = noise(3 * frames * 32 * 32, 3);
    float[] mel = noise(MelScale.BINS * frames * 4, 4);
    List<String> reported = new ArrayList<>();

    sampler.sample(
        denoiser,
        tokenizer.encode("ball"),
        Conditioning.NONE.withStart(new Conditioning.Start(video, mel, 0.5f)),
        frames,
        1,
        10,
        3f,
        (step, steps) -> reported.add(step + "/" + steps),
        () -> false);
    SampledClip full =
        conditioned(
            "ball", Conditioning.NONE.withStart(new Conditioning.Start(video, mel, 1f)), 8, 5);
    SampledClip plain = sample("ball", 1, 5);

    assertThat(reported).containsExactly("1/5", "2/5", "3/5", "4/5", "5/5");
    assertThat(FlowSampler.stepsToRun(25, Conditioning.NONE)).isEqualTo(25);
    assertThat(
            FlowSampler.stepsToRun(
                25, Conditioning.NONE.withStart(new Conditioning.Start(video, mel, 0.01f))))
        .isEqualTo(1);
    assertThat(full.video()).isEqualTo(plain.video());
    assertThat(full.mel()).isEqualTo(plain.mel());
    assertThatThrownBy(() -> new Conditioning.Start(video, mel, 0f))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNegativePromptIsDeterministicAndChangesTheSample() throws Exception {
    Conditioning negative = Conditioning.NONE.withNegative(tokenizer.encode("blue cube night"));

    SampledClip a = conditioned("a red ball", negative, 8, 21);
    SampledClip b = conditioned("a red ball", negative, 8, 21);
    SampledClip none = conditioned("a red ball", Conditioning.NONE, 8, 21);

    assertThat(a.video()).isEqualTo(b.video());
    assertThat(a.mel()).isEqualTo(b.mel());
    assertThat(meanAbsDiff(a.video(), none.video())).isGreaterThan(1e-4);
    // An empty negative prompt is guidance against the null caption: the text-only sample.
    assertThat(conditioned("a red ball", Conditioning.NONE.withNegative(new int[0]), 8, 21).video())
        .isEqualTo(none.video());
  }

  @Test
  void conditioningOfTheWrongShapeIsRefused() {
    Conditioning wrong =
        Conditioning.NONE.withKnown(Conditioning.Known.frames(new float[10], new boolean[8]));

    assertThatThrownBy(() -> conditioned("ball", wrong, 8, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("known frames");
  }

  @Test
  void conditionedSamplingLeavesNothingBehindInTheWeightsManager() throws Exception {
    int before = manager.getManagedArrays().size();
    float[] video = noise(3 * 8 * 32 * 32, 5);
    boolean[] first = new boolean[8];
    first[0] = true;

    conditioned(
        "a red ball",
        Conditioning.NONE
            .withKnown(Conditioning.Known.frames(video, first))
            .withStart(new Conditioning.Start(video, noise(MelScale.BINS * 32, 6), 0.6f)),
        8,
        3);

    assertThat(manager.getManagedArrays()).hasSize(before);
  }

  private static float[] noise(int n, long seed) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return out;
  }

  private static float[] frame(float[] video, int frames, int f) {
    int plane = 32 * 32;
    float[] out = new float[3 * plane];
    for (int rgb = 0; rgb < 3; rgb++) {
      System.arraycopy(video, (rgb * frames + f) * plane, out, rgb * plane, plane);
    }
    return out;
  }

  private static double meanAbsDiff(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs(a[i] - b[i]);
    }
    return sum / a.length;
  }
}
