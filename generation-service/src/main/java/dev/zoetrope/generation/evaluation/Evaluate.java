package dev.zoetrope.generation.evaluation;

import ai.djl.ndarray.NDManager;
import dev.zoetrope.generation.model.Codec;
import dev.zoetrope.generation.model.Conditioning;
import dev.zoetrope.generation.model.Denoiser;
import dev.zoetrope.generation.model.DenoiserWeights;
import dev.zoetrope.generation.model.DiffusionModels;
import dev.zoetrope.generation.model.FlowSampler;
import dev.zoetrope.generation.model.ModelSource;
import dev.zoetrope.generation.model.ModelVersion;
import dev.zoetrope.generation.model.PromptTokenizer;
import dev.zoetrope.generation.model.SampledClip;
import dev.zoetrope.generation.model.SamplingCancelledException;
import dev.zoetrope.generation.model.VelocityModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;

/**
 * The generator's evaluation, one command: N held-out drop prompts and seeds, scored for the
 * shipped model, the ground-truth renderer (upper bound) and an untrained network (lower bound).
 *
 * <pre>
 * java -cp ... dev.zoetrope.generation.evaluation.Evaluate [--n 16] [--model zoetrope-1]
 *     [--model-dir classpath:models | DIR] [--seconds 4] [--steps S] [--first-seed 0]
 *     [--guidance G] [--cameos K] [--out target/evaluation] [--details]
 *     [--restarts COUNT:FROM:STEPS] [--count-contrast WORDS]
 * </pre>
 *
 * Prints the markdown table, the sync validation on injected offsets, and writes {@code report.md}
 * and {@code contact-sheet.png} to {@code --out}.
 */
public final class Evaluate {
  /** Stateless and thread-safe: one serves every row. */
  private static final PromptTokenizer TOKENIZER = new PromptTokenizer();

  /**
   * What to evaluate. {@code steps} 0 means the version's own step count, {@code guidance} 0 its
   * own guidance scale, {@code restarts} null its own restarts: other values try a sampler setting
   * before a version adopts it. {@code cameos} 0 means half as many cameo cases as drop clips.
   * {@code countContrast} null means the version's own {@link ModelVersion#countContrast()}, ""
   * none (the null caption as the negative).
   */
  public record Options(
      int n,
      String model,
      String modelDir,
      int seconds,
      int steps,
      float guidance,
      int cameos,
      long firstSeed,
      Path out,
      boolean details,
      FlowSampler.Restarts restarts,
      String countContrast) {
    public static Options defaults() {
      return new Options(
          16,
          "zoetrope-1",
          "classpath:models",
          4,
          0,
          0,
          0,
          0,
          Path.of("target/evaluation"),
          false,
          null,
          null);
    }
  }

  /** The rows, the validation, and the text of the report. */
  public record Report(
      List<Evaluation.Row> rows, List<SyncValidation.Line> validation, String text) {}

  private Evaluate() {}

  public static void main(String[] args) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Options d = Options.defaults();
    int n = d.n();
    String model = d.model();
    String modelDir = d.modelDir();
    int seconds = d.seconds();
    int steps = d.steps();
    float guidance = d.guidance();
    int cameos = d.cameos();
    long firstSeed = d.firstSeed();
    Path outDir = d.out();
    boolean details = d.details();
    FlowSampler.Restarts restarts = d.restarts();
    String countContrast = d.countContrast();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--n" -> n = Integer.parseInt(args[++i]);
        case "--model" -> model = args[++i];
        case "--model-dir" -> modelDir = args[++i];
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--steps" -> steps = Integer.parseInt(args[++i]);
        case "--guidance" -> guidance = Float.parseFloat(args[++i]);
        case "--cameos" -> cameos = Integer.parseInt(args[++i]);
        case "--first-seed" -> firstSeed = Long.parseLong(args[++i]);
        case "--out" -> outDir = Path.of(args[++i]);
        case "--details" -> details = true;
        case "--restarts" -> restarts = restarts(args[++i]);
        case "--count-contrast" -> countContrast = args[++i];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (n < 2
        || n > 256
        || seconds < 2
        || seconds > 12
        || steps < 0
        || steps > 200
        || !(guidance >= 0 && guidance <= 20)
        || cameos < 0
        || cameos > 256
        || (countContrast != null && countContrast.length() > 200)) {
      throw new IllegalArgumentException(
          "need 2 <= n <= 256, 2 <= seconds <= 12, 0 <= steps <= 200, 0 <= guidance <= 20,"
              + " 0 <= cameos <= 256, a count contrast of at most 200 characters");
    }
    Options o =
        new Options(
            n,
            model,
            modelDir,
            seconds,
            steps,
            guidance,
            cameos,
            firstSeed,
            outDir,
            details,
            restarts,
            countContrast);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Report report = run(o);
    out.print(report.text());
    Files.createDirectories(o.out());
    Files.writeString(o.out().resolve("report.md"), report.text());
    ImageIO.write(
        EvaluationSheet.draw(report.rows()), "png", o.out().resolve("contact-sheet.png").toFile());
    out.println("wrote " + o.out().resolve("report.md") + " and contact-sheet.png");
  }

  private static String restartsNote(FlowSampler.Restarts r) {
    return r.count() == 0
        ? ""
        : " + " + r.count() + " restarts of " + r.steps() + " from t = " + r.from();
  }

  /** {@code COUNT:FROM:STEPS}, e.g. {@code 2:0.5:10}; {@code 0} for none. */
  static FlowSampler.Restarts restarts(String spec) {
    if (spec.equals("0")) {
      return FlowSampler.Restarts.NONE;
    }
    String[] parts = spec.split(":");
    if (parts.length != 3) {
      throw new IllegalArgumentException("--restarts takes COUNT:FROM:STEPS, e.g. 2:0.5:10");
    }
    int count = Integer.parseInt(parts[0]);
    int steps = Integer.parseInt(parts[2]);
    if (count > 8 || steps > 100) {
      throw new IllegalArgumentException("--restarts: at most 8 restarts of 100 steps");
    }
    return new FlowSampler.Restarts(count, Float.parseFloat(parts[1]), steps);
  }

  /** Runs the whole evaluation; deterministic for fixed options and thread count. */
  public static Report run(Options o) {
    ModelVersion version = ModelVersion.of(o.model());
    int steps = o.steps() > 0 ? o.steps() : version.steps();
    float guidance = o.guidance() > 0 ? o.guidance() : version.guidance();
    FlowSampler.Restarts restarts = o.restarts() != null ? o.restarts() : version.restarts();
    FlowSampler sampler = new FlowSampler(restarts);
    String contrast = o.countContrast() != null ? o.countContrast() : version.countContrast();
    Sampling how = new Sampling(sampler, steps, guidance, o.seconds(), contrast);
    List<Evaluation.Case> cases = Evaluation.heldOutCases(o.n(), o.seconds(), o.firstSeed());
    List<Evaluation.Row> rows = new ArrayList<>();
    // Half as many cameo cases as drop cases: each costs a model sample per row as well.
    List<CameoFidelity.Case> cameoCases =
        CameoFidelity.heldOutCases(
            o.cameos() > 0 ? o.cameos() : Math.max(2, o.n() / 2), o.seconds(), o.firstSeed());
    Map<String, CameoFidelity.Row> cameo = new LinkedHashMap<>();
    String shippedOrigin;
    try (DiffusionModels models = DiffusionModels.load(ModelSource.of(o.modelDir()), false);
        NDManager manager = NDManager.newBaseManager()) {
      DiffusionModels.Loaded shipped = models.get(o.model());
      shippedOrigin = shipped.origin();
      rows.add(
          Evaluation.row(
              "shipped " + o.model(),
              (shipped.trained() ? "trained" : "UNTRAINED stand-in")
                  + ", "
                  + steps
                  + " steps"
                  + restartsNote(restarts)
                  + (contrast.isEmpty() ? "" : ", negative: the prompt + \"" + contrast + "\""),
              cases,
              sampler(how, shipped.model())));
      cameo.put(
          rows.getLast().name(),
          CameoFidelity.row(rows.getLast().name(), cameoCases, cameoSampler(how, shipped.model())));
      rows.add(Evaluation.row("ground truth", "upper bound", cases, Evaluation::groundTruth));
      cameo.put(
          "ground truth",
          CameoFidelity.row("ground truth", cameoCases, CameoFidelity::groundTruth));
      Codec codec = shipped.model().codec();
      if (codec != null) {
        rows.add(
            Evaluation.row(
                "codec round trip",
                "ground truth through the latent model's autoencoders: its upper bound",
                cases,
                c -> NativeClip.throughCodec(c.truth(), Evaluation.COLUMNS_PER_FRAME, codec)));
      }
      // The shipped architecture, untrained (a latent one over the shipped codec).
      Denoiser untrained =
          new Denoiser(
              DenoiserWeights.initialize(
                  manager, shipped.model().config(), DiffusionModels.UNTRAINED_SEED),
              codec);
      rows.add(
          Evaluation.row(
              "untrained",
              "lower bound, seed " + DiffusionModels.UNTRAINED_SEED,
              cases,
              sampler(how, untrained)));
      cameo.put(
          "untrained", CameoFidelity.row("untrained", cameoCases, cameoSampler(how, untrained)));
    }
    List<SyncValidation.Line> validation = SyncValidation.run(cases);
    StringBuilder t = new StringBuilder();
    t.append(
        String.format(
            Locale.ROOT,
            "# Evaluation of %s (weights: %s)%n%n%d held-out drop clips (%d prompts × 2 seeds),"
                + " %d s each, native 32×32 at 8 fps, guidance %.1f.%n%n",
            o.model(),
            shippedOrigin,
            cases.size(),
            cases.size() / 2,
            o.seconds(),
            guidance));
    t.append(Evaluation.table(rows, cameo)).append('\n');
    t.append(
        String.format(
            Locale.ROOT,
            "Cameo fidelity: %d held-out speaking characters; each one's cameo recording is"
                + " measured by the subject encoder and the clip is generated from the prompt"
                + " with the subject unnamed plus the measured phrase appended (as the renderer"
                + " does). Look: the dominant non-backdrop colour of the clip is the recording's."
                + " Voice: the clip's spectral envelope (mean share of each voiced column's energy"
                + " per mel band) is within %.1f bands (earth mover's distance) of the"
                + " recording's, measured after the same mel round trip; pitch itself does not"
                + " survive the native audio. The phrase names the voice as training captions do"
                + " (\"in a high bright voice\": pitch and timbre measured from the recording)."
                + " Mismatch control (ground truth paired with the next"
                + " character's recording): voice %.2f.%n%n",
            cameoCases.size(),
            CameoFidelity.VOICE_TOLERANCE_BANDS,
            CameoFidelity.mismatchControl(cameoCases).voice()));
    t.append(
        "A/V sync: |audio onset − visual floor contact| in ms, each contact seen in the frames"
            + " paired with the nearest onset of the synthesised waveform within "
            + Math.round(Evaluation.MAX_LAG_S * 1000)
            + " ms. Frames are 125 ms apart at 8 fps; contacts are refined below a frame with"
            + " known-gravity fits where two frames on each side allow it, otherwise they keep"
            + " their frame's time (±62.5 ms).\n\n");
    t.append("## Sync measure on ground truth with injected audio offsets\n\n");
    t.append(SyncValidation.table(validation));
    t.append(
        String.format(
            Locale.ROOT,
            "%nResolution (worst |recovered − injected| over all clips and offsets): %.1f ms.%n",
            SyncValidation.resolutionMs(validation)));
    t.append(SyncValidation.describe(SyncValidation.components(cases)));
    if (o.details()) {
      for (Evaluation.Row r : rows) {
        t.append("\n## ").append(r.name()).append('\n').append(Evaluation.details(r));
        if (cameo.containsKey(r.name())) {
          t.append(CameoFidelity.details(cameo.get(r.name())));
        }
      }
    }
    return new Report(rows, validation, t.toString());
  }

  /** How every row samples: the version's settings, or the options that override them. */
  record Sampling(
      FlowSampler sampler, int steps, float guidance, int seconds, String countContrast) {
    NativeClip sample(VelocityModel denoiser, int[] tokens, long seed) {
      Conditioning conditioning =
          Conditioning.NONE.withNegative(
              ModelVersion.contrastTokens(tokens, countContrast, TOKENIZER));
      try {
        SampledClip clip =
            sampler.sample(
                denoiser,
                tokens,
                conditioning,
                denoiser.config().frames(seconds),
                seed,
                steps,
                guidance,
                (s, n) -> {},
                () -> false);
        return NativeClip.of(clip, seconds);
      } catch (SamplingCancelledException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Prompt tokens, then the subject phrase's tokens: what the renderer does with a subject. */
  static Function<CameoFidelity.Case, NativeClip> cameoSampler(
      Sampling how, VelocityModel denoiser) {
    return c -> {
      int[] prompt = TOKENIZER.encode(c.prompt());
      int[] phrase = TOKENIZER.encode(c.recording().conditioningPhrase());
      int[] tokens =
          IntStream.concat(IntStream.of(prompt), IntStream.of(phrase))
              .limit(PromptTokenizer.MAX_TOKENS)
              .toArray();
      return how.sample(denoiser, tokens, c.seed());
    };
  }

  static Function<Evaluation.Case, NativeClip> sampler(Sampling how, VelocityModel denoiser) {
    return c -> how.sample(denoiser, TOKENIZER.encode(c.caption()), c.seed());
  }
}
