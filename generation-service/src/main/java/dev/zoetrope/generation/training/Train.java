package dev.zoetrope.generation.training;

import ai.djl.ndarray.NDManager;
import dev.zoetrope.generation.model.Codec;
import dev.zoetrope.generation.model.CodecConfig;
import dev.zoetrope.generation.model.CodecWeights;
import dev.zoetrope.generation.model.DenoiserWeights;
import dev.zoetrope.generation.model.ModelConfig;
import dev.zoetrope.generation.model.ModelManifest;
import dev.zoetrope.generation.model.ModelPackage;
import dev.zoetrope.generation.model.ModelSource;
import dev.zoetrope.generation.model.ModelVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * Trains the generator from the world, resumably, and optionally publishes the EMA weights as the
 * shipped model versions.
 *
 * <pre>
 * Train [--minutes 30] [--ckpt-dir .zoetrope/train-ckpt] [--resume] [--init-from MODEL_DIR]
 *       [--publish DIR]
 *       [--batch 16] [--dataset-seed 1] [--init-seed 20261125] [--lr 1e-3] [--warmup 100]
 *       [--checkpoint-minutes 5] [--max-steps N] [--log-every 10]
 *       [--foreground-alpha 8] [--onset-alpha 4] [--evaluation FILE]
 *       [--lr-decay-from STEP --lr-decay-steps N [--lr-final 5e-5]] [--single-entity-weight 1]
 *       [--codec FILE [--init-body-from MODEL_DIR] [--grid-attention]]
 *       [--versions zoetrope-1,zoetrope-1-pro]
 * </pre>
 *
 * {@code --codec} trains a latent model ({@link ModelConfig#latent()}) over the autoencoders a
 * {@link TrainCodec} run wrote; they stay fixed, travel in every checkpoint (a resumed run reads
 * them from there) and are published beside the weights. {@code --init-body-from} starts a fresh
 * latent run from a published model of any architecture this build loads: every tensor of the same
 * name and shape (a pixel model's blocks, attention and conditioning; a latent model's everything),
 * the rest from the seeded initialisation. {@code --grid-attention} trains {@link
 * ModelConfig#latentGrid()} instead, whose grid attention starts at zero; a resumed run reads it
 * from its checkpoint, as it reads the codec. {@code --versions} publishes only the named versions
 * (all by default).
 *
 * <p>A checkpoint ({@code <ckpt-dir>/step-<n>/}: parameters, EMA, Adam moments, {@code state.json})
 * is written every {@code --checkpoint-minutes} and at the end; {@code <ckpt-dir>/LATEST} names the
 * newest, which {@code --resume} continues (same data order and noise as an uninterrupted run).
 * {@code --evaluation} names a JSON object (the evaluation's results) that the published manifests
 * carry as {@code training.evaluation}; resuming with {@code --max-steps} at the checkpoint's step
 * publishes a checkpoint without training further. {@code --init-from} starts a run (when there is
 * no checkpoint to resume) from a published model folder instead of a fresh initialisation: its
 * weights (verified against the manifest), step, seeds, wall time and loss history carry on, and
 * the Adam moments restart from zero with their own warm-up, since a package has none.
 *
 * <p>{@code --lr-decay-from} and {@code --lr-decay-steps} lower the step size along a cosine from
 * {@code --lr} to {@code --lr-final} over that many steps from that absolute step on; both are
 * required (a default of "where this run starts" would move the schedule at every resume). {@code
 * --single-entity-weight W} draws the templates with one object or character W times as often as
 * the others (1: uniformly); a resumed run names it again.
 */
public final class Train {
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final String STATE = "state.json";
  static final String LATEST = "LATEST";
  private static final int FINAL_WINDOW = 50;

  private Train() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = parse(args);
    double minutes = Double.parseDouble(a.getOrDefault("minutes", "30"));
    Path ckptDir = Path.of(a.getOrDefault("ckpt-dir", ".zoetrope/train-ckpt"));
    boolean resume = a.containsKey("resume");
    Path publish = a.containsKey("publish") ? Path.of(a.get("publish")) : null;
    Object evaluation =
        a.containsKey("evaluation")
            ? JSON.readValue(Files.readString(Path.of(a.get("evaluation"))), Map.class)
            : null;
    long datasetSeed = Long.parseLong(a.getOrDefault("dataset-seed", "1"));
    long initSeed = Long.parseLong(a.getOrDefault("init-seed", "20261125"));
    double ckptMinutes = Double.parseDouble(a.getOrDefault("checkpoint-minutes", "5"));
    long maxSteps = Long.parseLong(a.getOrDefault("max-steps", String.valueOf(Long.MAX_VALUE)));
    int logEvery = Integer.parseInt(a.getOrDefault("log-every", "10"));
    double singleEntityWeight = Double.parseDouble(a.getOrDefault("single-entity-weight", "1"));
    Hyper hyper =
        Hyper.defaults()
            .withBatchSize(Integer.parseInt(a.getOrDefault("batch", "16")))
            .withLearningRate(
                Double.parseDouble(a.getOrDefault("lr", "1e-3")),
                Integer.parseInt(a.getOrDefault("warmup", "100")))
            .withLossWeights(
                Float.parseFloat(
                    a.getOrDefault(
                        "foreground-alpha", String.valueOf(Hyper.defaults().foregroundAlpha()))),
                Float.parseFloat(
                    a.getOrDefault("onset-alpha", String.valueOf(Hyper.defaults().onsetAlpha()))));
    if (a.containsKey("lr-decay-from")
        || a.containsKey("lr-decay-steps")
        || a.containsKey("lr-final")) {
      // A final rate alone would be silently ignored: the schedule needs both of its steps.
      if (!a.containsKey("lr-decay-from") || !a.containsKey("lr-decay-steps")) {
        throw new IllegalArgumentException(
            "--lr-decay-from and --lr-decay-steps go together (and --lr-final needs them)");
      }
      hyper =
          hyper.withDecay(
              new Hyper.Decay(
                  Long.parseLong(a.get("lr-decay-from")),
                  Long.parseLong(a.get("lr-decay-steps")),
                  Double.parseDouble(a.getOrDefault("lr-final", "5e-5"))));
    }
    CodecWeights codecWeights = null;
    NDManager codecManager = NDManager.newBaseManager();
    Path codecFile = a.containsKey("codec") ? Path.of(a.get("codec")) : null;
    boolean grid = a.containsKey("grid-attention");
    if (resume && Files.exists(ckptDir.resolve(LATEST))) {
      // A checkpoint says what it holds: its codec, and whether its network has grid attention.
      Path latest = ckptDir.resolve(Files.readString(ckptDir.resolve(LATEST)).trim());
      codecFile =
          Files.exists(latest.resolve(ModelPackage.CODEC_FILE))
              ? latest.resolve(ModelPackage.CODEC_FILE)
              : null;
      grid |=
          Boolean.TRUE.equals(
              JSON.readValue(Files.readString(latest.resolve(STATE)), Map.class)
                  .get("grid_attention"));
    }
    if (codecFile != null) {
      codecWeights =
          CodecWeights.fromSafetensors(
              codecManager, CodecConfig.standard(), Files.readAllBytes(codecFile));
    } else if (a.containsKey("init-from")) {
      codecWeights =
          ModelPackage.readCodec(
              new ModelSource.Directory(Path.of(a.get("init-from")).getParent()),
              Path.of(a.get("init-from")).getFileName().toString(),
              codecManager);
    }
    Codec codec = codecWeights == null ? null : new Codec(codecWeights);
    if (grid && codec == null) {
      throw new IllegalArgumentException("--grid-attention is for a latent model (--codec)");
    }
    ModelConfig config =
        codec == null
            ? ModelConfig.standard()
            : grid ? ModelConfig.latentGrid() : ModelConfig.latent();
    List<String> versions =
        a.containsKey("versions")
            ? java.util.Arrays.stream(a.get("versions").split(","))
                .map(v -> ModelVersion.of(v.trim()).id())
                .toList()
            : java.util.Arrays.stream(ModelVersion.values()).map(ModelVersion::id).toList();

    double priorSeconds = 0;
    List<Map<String, Object>> history = new ArrayList<>();
    Trainer trainer;
    if (resume && Files.exists(ckptDir.resolve(LATEST))) {
      Path dir = ckptDir.resolve(Files.readString(ckptDir.resolve(LATEST)).trim());
      @SuppressWarnings("unchecked")
      Map<String, Object> state = JSON.readValue(Files.readString(dir.resolve(STATE)), Map.class);
      datasetSeed = ((Number) state.get("dataset_seed")).longValue();
      initSeed = ((Number) state.get("init_seed")).longValue();
      priorSeconds = ((Number) state.get("wall_seconds")).doubleValue();
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> h = (List<Map<String, Object>>) state.get("history");
      history.addAll(h);
      trainer =
          Trainer.load(
              dir,
              config,
              hyper,
              ((Number) state.get("step")).longValue(),
              ((Number) state.getOrDefault("moments_from", 0)).longValue(),
              codec);
      log(
          "resumed %s at step %d (%.1f min trained before)",
          dir, trainer.step(), priorSeconds / 60);
    } else if (a.containsKey("init-from")) {
      Path model = Path.of(a.get("init-from"));
      Published p;
      try (NDManager read = NDManager.newBaseManager()) {
        p = published(model, config, read);
        trainer = Trainer.continueFrom(p.weights(), config, hyper, p.steps(), codec);
      }
      datasetSeed = p.datasetSeed();
      initSeed = p.initSeed();
      priorSeconds = p.wallMinutes() * 60;
      history.addAll(p.history());
      log(
          "continuing %s from step %d (%.1f min trained before)",
          model, p.steps(), p.wallMinutes());
    } else {
      if (resume) {
        log("no checkpoint in %s: starting fresh", ckptDir);
      }
      DenoiserWeights body = null;
      NDManager bodyManager = NDManager.newBaseManager();
      if (a.containsKey("init-body-from")) {
        Published source = published(Path.of(a.get("init-body-from")), null, bodyManager);
        body = source.weights();
        // The source's own training stays on record: this run's steps count from zero.
        history.add(
            Map.of(
                "initialised_from",
                a.get("init-body-from"),
                "step",
                0,
                "source_steps",
                source.steps(),
                "source_wall_minutes",
                source.wallMinutes(),
                "source_history",
                source.history()));
        log("tensors of matching name and shape start from %s", a.get("init-body-from"));
      }
      trainer = Trainer.start(config, hyper, initSeed, codec, body);
      bodyManager.close();
    }
    log(
        "config %s; hyper %s; dataset seed %d; %d parameters; budget %.1f min",
        config, hyper, datasetSeed, trainer.parameters().parameterCount(), minutes);

    ClipSource data =
        new ClipSource(
            datasetSeed, hyper.seconds(), config, hyper.captionDropout(), singleEntityWeight);
    long noiseSeed = datasetSeed * 31 + 7;
    long start = System.nanoTime();
    long deadline = start + (long) (minutes * 60e9);
    long nextCkpt = start + (long) (ckptMinutes * 60e9);
    double[] window = new double[5];
    double dataNs = 0;
    double trainNs = 0;
    long windowStart = System.nanoTime();
    int inWindow = 0;
    List<float[]> recent = new ArrayList<>();
    try {
      while (System.nanoTime() < deadline && trainer.step() < maxSteps) {
        long t0 = System.nanoTime();
        Batch batch = data.batch(trainer.step(), hyper.batchSize());
        long t1 = System.nanoTime();
        Trainer.Losses l = trainer.train(batch, noiseSeed);
        long t2 = System.nanoTime();
        if (!Float.isFinite(l.total())) {
          throw new IllegalStateException("loss is " + l.total() + " at step " + trainer.step());
        }
        if (!Float.isFinite(l.gradNorm())) {
          log("step %d skipped: non-finite gradient", trainer.step() - 1);
        }
        dataNs += t1 - t0;
        trainNs += t2 - t1;
        window[0] += l.total();
        window[1] += l.video();
        window[2] += l.audio();
        window[3] += l.videoMse();
        window[4] += l.audioMse();
        inWindow++;
        recent.add(new float[] {l.total(), l.video(), l.audio(), l.videoMse(), l.audioMse()});
        if (recent.size() > FINAL_WINDOW) {
          recent.remove(0);
        }
        if (inWindow == logEvery) {
          double secs = (System.nanoTime() - windowStart) / 1e9;
          double wallMin = (priorSeconds + (System.nanoTime() - start) / 1e9) / 60;
          log(
              "step %d  loss %.4f (video %.4f audio %.4f; mse %.4f %.4f)  grad %.2f  %.2f steps/s"
                  + "  data %.0f ms train %.0f ms/step  rss %d MB  %.1f min",
              trainer.step(),
              window[0] / inWindow,
              window[1] / inWindow,
              window[2] / inWindow,
              window[3] / inWindow,
              window[4] / inWindow,
              l.gradNorm(),
              inWindow / secs,
              dataNs / inWindow / 1e6,
              trainNs / inWindow / 1e6,
              rssMb(),
              wallMin);
          Map<String, Object> point = new LinkedHashMap<>();
          point.put("step", trainer.step());
          point.put("wall_minutes", round(wallMin));
          point.put("loss", round(window[0] / inWindow));
          point.put("video", round(window[1] / inWindow));
          point.put("audio", round(window[2] / inWindow));
          if (hyper.foregroundAlpha() != 0 || hyper.onsetAlpha() != 0) {
            point.put("video_mse", round(window[3] / inWindow));
            point.put("audio_mse", round(window[4] / inWindow));
          }
          point.put("steps_per_s", round(inWindow / secs));
          if (history.isEmpty()
              // Every tenth log line: a resumed run's steps are not multiples of ten lines.
              || trainer.step() % (10L * logEvery) < logEvery
              || System.nanoTime() >= deadline) {
            history.add(point);
          }
          window = new double[5];
          dataNs = 0;
          trainNs = 0;
          inWindow = 0;
          windowStart = System.nanoTime();
        }
        if (System.nanoTime() >= nextCkpt) {
          checkpoint(
              trainer,
              ckptDir,
              datasetSeed,
              initSeed,
              hyper,
              wall(priorSeconds, start),
              history,
              factsOf(codecFile));
          nextCkpt = System.nanoTime() + (long) (ckptMinutes * 60e9);
        }
      }
      double wallSeconds = wall(priorSeconds, start);
      checkpoint(
          trainer, ckptDir, datasetSeed, initSeed, hyper, wallSeconds, history, factsOf(codecFile));
      if (publish != null) {
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("config", hyper.asMap());
        training.put("dataset_seed", datasetSeed);
        Map<String, Object> dataset = datasetDescription(config, hyper, datasetSeed);
        if (singleEntityWeight != 1.0) {
          dataset.put("single_entity_template_weight", singleEntityWeight);
        }
        training.put("dataset", dataset);
        training.put("init_seed", initSeed);
        training.put("steps", trainer.step());
        training.put("wall_minutes", round(wallSeconds / 60));
        // Publishing a checkpoint without training: its losses are the history's last point.
        training.put(
            "final_losses",
            recent.isEmpty() && !history.isEmpty() ? history.getLast() : finalLosses(recent));
        training.put("weights", "EMA of parameters");
        training.put("machine", "2 vCPU, no GPU");
        training.put("date", Instant.now().toString());
        if (evaluation != null) {
          training.put("evaluation", evaluation);
        }
        training.put("history", history);
        if (codecWeights != null) {
          training.put("codec", codecFacts(codecFile));
        }
        for (String v : versions) {
          Path dir = ModelPackage.write(publish, v, trainer.ema(), codecWeights, training);
          log("published %s (%d bytes)", dir, Files.size(dir.resolve(ModelPackage.WEIGHTS_FILE)));
        }
      }
      log("done at step %d after %.1f min in total", trainer.step(), wallSeconds / 60);
    } finally {
      trainer.close();
      codecManager.close();
    }
  }

  /**
   * What the manifest says of a latent model's codec: its architecture and what its {@link
   * TrainCodec} run wrote beside it ({@code <codec file>.json}: steps, minutes, losses, seed).
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> codecFacts(Path codecFile) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("architecture", CodecConfig.standard());
    Path facts = factsOf(codecFile);
    if (facts != null && Files.exists(facts)) {
      m.put("training", JSON.readValue(Files.readString(facts), Map.class));
    }
    return m;
  }

  /** The facts a {@link TrainCodec} run wrote beside its codec file, or null without a codec. */
  static Path factsOf(Path codecFile) {
    return codecFile == null ? null : codecFile.resolveSibling(codecFile.getFileName() + ".json");
  }

  /** A published model package: its verified weights and the training facts its manifest keeps. */
  record Published(
      DenoiserWeights weights,
      long steps,
      long datasetSeed,
      long initSeed,
      double wallMinutes,
      List<Map<String, Object>> history) {}

  /**
   * The package in {@code modelDir}, verified; {@code config} is the architecture it must have, or
   * null for any this build loads.
   */
  @SuppressWarnings("unchecked")
  static Published published(Path modelDir, ModelConfig config, NDManager manager)
      throws IOException {
    String version = modelDir.getFileName().toString();
    ModelSource source = new ModelSource.Directory(modelDir.getParent());
    Map<String, Object> manifest =
        JSON.readValue(Files.readString(modelDir.resolve(ModelManifest.FILE_NAME)), Map.class);
    Map<String, Object> training = (Map<String, Object>) manifest.get("training");
    if (training == null || !(training.get("steps") instanceof Number)) {
      throw new IllegalArgumentException(
          modelDir + " has no training facts in its manifest: cannot continue it");
    }
    DenoiserWeights weights = ModelPackage.read(source, version, config, manager);
    if (weights == null) {
      throw new IllegalArgumentException("no model " + version + " in " + modelDir.getParent());
    }
    return new Published(
        weights,
        ((Number) training.get("steps")).longValue(),
        ((Number) training.get("dataset_seed")).longValue(),
        ((Number) training.get("init_seed")).longValue(),
        ((Number) training.get("wall_minutes")).doubleValue(),
        (List<Map<String, Object>>) training.getOrDefault("history", List.of()));
  }

  static Map<String, Object> datasetDescription(ModelConfig c, Hyper h, long seed) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("source", "dev.zoetrope.generation.world, rendered on the fly");
    d.put("seed", seed);
    d.put("split", "HeldOutSplit TRAIN only");
    d.put("size", c.size());
    d.put("fps", c.fps());
    d.put("seconds", h.seconds());
    d.put("mel_columns_per_frame", c.melColumnsPerFrame());
    return d;
  }

  static void checkpoint(
      Trainer trainer,
      Path ckptDir,
      long datasetSeed,
      long initSeed,
      Hyper hyper,
      double wallSeconds,
      List<Map<String, Object>> history,
      Path codecFacts)
      throws IOException {
    String name = "step-" + trainer.step();
    Path dir = ckptDir.resolve(name);
    trainer.save(dir);
    if (trainer.codec() != null) {
      Files.write(dir.resolve(ModelPackage.CODEC_FILE), trainer.codec().weights().toSafetensors());
      if (codecFacts != null && Files.exists(codecFacts)) {
        Files.copy(
            codecFacts,
            dir.resolve(ModelPackage.CODEC_FILE + ".json"),
            StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("step", trainer.step());
    state.put("moments_from", trainer.momentsFrom());
    state.put("latent", trainer.codec() != null);
    state.put("grid_attention", !trainer.parameters().config().gridAttentionBlocks().isEmpty());
    state.put("dataset_seed", datasetSeed);
    state.put("init_seed", initSeed);
    state.put("wall_seconds", wallSeconds);
    state.put("hyper", hyper.asMap());
    state.put("history", history);
    Files.writeString(dir.resolve(STATE), JSON.writeValueAsString(state));
    Path tmp = ckptDir.resolve(LATEST + ".tmp");
    Files.writeString(tmp, name);
    Files.move(
        tmp,
        ckptDir.resolve(LATEST),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    // Keep the newest two: the previous one survives a crash while this one is written.
    try (Stream<Path> old = Files.list(ckptDir)) {
      List<Path> steps =
          old.filter(p -> p.getFileName().toString().startsWith("step-"))
              .sorted(
                  (x, y) ->
                      Long.compare(
                          Long.parseLong(y.getFileName().toString().substring(5)),
                          Long.parseLong(x.getFileName().toString().substring(5))))
              .toList();
      for (Path p : steps.subList(Math.min(2, steps.size()), steps.size())) {
        try (Stream<Path> files = Files.list(p)) {
          for (Path f : files.toList()) {
            Files.delete(f);
          }
        }
        Files.delete(p);
      }
    }
    log("checkpoint %s (rss %d MB)", dir, rssMb());
  }

  private static Map<String, Object> finalLosses(List<float[]> recent) {
    double[] s = new double[5];
    for (float[] r : recent) {
      for (int i = 0; i < 5; i++) {
        s[i] += r[i];
      }
    }
    int n = Math.max(1, recent.size());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("total", round(s[0] / n));
    m.put("video", round(s[1] / n));
    m.put("audio", round(s[2] / n));
    m.put("video_mse", round(s[3] / n));
    m.put("audio_mse", round(s[4] / n));
    m.put("over_last_steps", recent.size());
    return m;
  }

  private static double wall(double prior, long start) {
    return prior + (System.nanoTime() - start) / 1e9;
  }

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }

  static long rssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: RSS is informational only
    }
    return -1;
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String k = args[i];
      if (!k.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + k);
      }
      k = k.substring(2);
      if (k.equals("resume") || k.equals("grid-attention")) {
        out.put(k, "true");
      } else if (i + 1 < args.length) {
        out.put(k, args[++i]);
      } else {
        throw new IllegalArgumentException("--" + k + " needs a value");
      }
    }
    return out;
  }

  private static void log(String format, Object... args) {
    System.out.printf(Locale.ROOT, Instant.now() + " " + format + "%n", args);
    System.out.flush();
  }
}
