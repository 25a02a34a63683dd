package dev.zoetrope.generation.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.zoetrope.generation.model.Codec;
import dev.zoetrope.generation.model.CodecConfig;
import dev.zoetrope.generation.model.CodecWeights;
import dev.zoetrope.generation.model.MelScale;
import dev.zoetrope.generation.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains a latent model's autoencoders ({@link Codec}) on world clips, then measures the latent
 * statistics that scale its latents to unit variance, and writes {@code codec.safetensors}.
 *
 * <pre>
 * TrainCodec --out FILE [--minutes 12] [--batch 8] [--dataset-seed 2] [--lr 1e-3]
 *            [--latent-noise 0.1] [--foreground-alpha 8] [--onset-alpha 4] [--max-steps N]
 * </pre>
 *
 * The loss is the reconstruction MSE of video and mel, weighted toward the pixels objects and
 * characters drew and the columns around sound onsets (as the denoiser's), with the latent
 * perturbed by Gaussian noise of {@code --latent-noise} times its RMS before decoding: a sampled
 * latent is never exactly an encoded one, and a decoder that has only seen exact ones draws
 * artefacts from small errors. The statistics come from clips of another seed than training's.
 */
public final class TrainCodec {
  private TrainCodec() {}

  /** The plain MSEs over a run's final steps (its last log window, or fewer at the end). */
  public record Result(long steps, double videoMse, double audioMse, double minutes) {}

  public static void main(String[] args) throws IOException {
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + args[i]);
      }
      a.put(args[i].substring(2), args[i + 1]);
    }
    if (!a.containsKey("out")) {
      throw new IllegalArgumentException("--out FILE is required");
    }
    Hyper hyper =
        Hyper.defaults()
            .withBatchSize(Integer.parseInt(a.getOrDefault("batch", "8")))
            .withLearningRate(Double.parseDouble(a.getOrDefault("lr", "1e-3")), 100)
            .withLossWeights(
                Float.parseFloat(a.getOrDefault("foreground-alpha", "8")),
                Float.parseFloat(a.getOrDefault("onset-alpha", "4")));
    train(
        Path.of(a.get("out")),
        CodecConfig.standard(),
        hyper,
        Long.parseLong(a.getOrDefault("dataset-seed", "2")),
        Float.parseFloat(a.getOrDefault("latent-noise", "0.1")),
        Double.parseDouble(a.getOrDefault("minutes", "12")),
        Long.parseLong(a.getOrDefault("max-steps", String.valueOf(Long.MAX_VALUE))));
  }

  public static Result train(
      Path out,
      CodecConfig config,
      Hyper hyper,
      long datasetSeed,
      float latentNoise,
      double minutes,
      long maxSteps)
      throws IOException {
    ClipSource data = new ClipSource(datasetSeed, hyper.seconds(), ModelConfig.standard(), 0f);
    long start = System.nanoTime();
    long deadline = start + (long) (minutes * 60e9);
    try (NDManager manager = NDManager.newBaseManager()) {
      CodecWeights weights = CodecWeights.initialize(manager, config, datasetSeed * 977 + 13);
      Codec codec = new Codec(weights);
      Map<String, NDArray> params = weights.trainable();
      Map<String, NDArray> m = zerosLike(manager, params);
      Map<String, NDArray> v = zerosLike(manager, params);
      params.values().forEach(p -> p.setRequiresGradient(true));
      long step = 0;
      long skipped = 0;
      double[] window = new double[2];
      int inWindow = 0;
      double[] last = new double[2];
      while (System.nanoTime() < deadline && step < maxSteps) {
        Batch batch = data.batch(step, hyper.batchSize());
        SplittableRandom random = new SplittableRandom(ClipSource.mix(datasetSeed ^ step));
        try (NDManager sm = manager.newSubManager()) {
          NDArray x = video(sm, batch);
          NDArray y = mel(sm, batch);
          float mseV;
          float mseA;
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray zv = codec.encodeVideoRaw(x);
            NDArray za = codec.encodeAudioRaw(y);
            NDArray sqV = codec.decodeVideoRaw(perturb(zv, latentNoise, random)).sub(x).square();
            NDArray sqA = codec.decodeAudioRaw(perturb(za, latentNoise, random)).sub(y).square();
            NDArray lv = Trainer.weightedMean(sqV, videoMask(sm, batch), hyper.foregroundAlpha());
            NDArray la = Trainer.weightedMean(sqA, melMask(sm, batch), hyper.onsetAlpha());
            gc.backward(lv.add(la));
            mseV = sqV.mean().getFloat();
            mseA = sqA.mean().getFloat();
          }
          if (!Float.isFinite(Adam.update(sm, params, m, v, null, hyper, step, step, 0))) {
            skipped++;
            log("codec step %d skipped: non-finite gradient (%d so far)", step, skipped);
          }
          step++;
          window[0] += mseV;
          window[1] += mseA;
          if (++inWindow == 50) {
            last = new double[] {window[0] / inWindow, window[1] / inWindow};
            log(
                "codec step %d  video mse %.5f (PSNR %.1f dB)  audio mse %.5f  rss %d MB  %.1f min",
                step,
                last[0],
                psnr(last[0]),
                last[1],
                Train.rssMb(),
                (System.nanoTime() - start) / 60e9);
            window = new double[2];
            inWindow = 0;
          }
        }
      }
      if (inWindow > 0) {
        // The steps since the last log line are the run's final ones.
        last = new double[] {window[0] / inWindow, window[1] / inWindow};
      }
      params.values().forEach(p -> p.setRequiresGradient(false));
      measureStatistics(
          codec, new ClipSource(datasetSeed + 1_000_003L, 2, ModelConfig.standard(), 0f), manager);
      Files.createDirectories(out.toAbsolutePath().getParent());
      Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
      Files.write(tmp, weights.toSafetensors());
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      double mins = (System.nanoTime() - start) / 60e9;
      Map<String, Object> facts = new LinkedHashMap<>();
      facts.put("steps", step);
      facts.put("wall_minutes", Math.round(mins * 10) / 10.0);
      facts.put("batch_size", hyper.batchSize());
      facts.put("learning_rate", hyper.learningRate());
      facts.put("dataset_seed", datasetSeed);
      facts.put("latent_noise", latentNoise);
      facts.put("foreground_alpha", hyper.foregroundAlpha());
      facts.put("onset_alpha", hyper.onsetAlpha());
      facts.put("skipped_steps", skipped);
      facts.put("final_video_mse", last[0]);
      facts.put("final_audio_mse", last[1]);
      facts.put("statistics", "per-channel mean and std over 32 clips of dataset seed + 1000003");
      Files.writeString(Train.factsOf(out), Train.JSON.writeValueAsString(facts));
      log("codec written to %s after %d steps, %.1f min", out, step, mins);
      return new Result(step, last[0], last[1], mins);
    }
  }

  /**
   * Sets the latent statistics: each channel's mean and standard deviation over 32 clips, so the
   * scaled latents the denoiser sees have unit variance, like the noise it starts from.
   */
  static void measureStatistics(Codec codec, ClipSource source, NDManager manager) {
    CodecWeights w = codec.weights();
    try (NDManager sm = manager.newSubManager()) {
      Batch batch = source.batch(0, 32);
      setStatistics(w, "video", codec.encodeVideoRaw(video(sm, batch)));
      setStatistics(w, "audio", codec.encodeAudioRaw(mel(sm, batch)));
    }
  }

  private static void setStatistics(CodecWeights w, String branch, NDArray latent) {
    // One channel per row: channels first, everything else flattened (multi-axis mean is missing
    // on PyTorch arrays in DJL 0.36).
    int dims = latent.getShape().dimension();
    long channels = latent.getShape().get(1);
    int[] order = new int[dims];
    order[0] = 1;
    for (int i = 0, j = 1; i < dims; i++) {
      if (i != 1) {
        order[j++] = i;
      }
    }
    NDArray rows = latent.transpose(order).reshape(channels, -1);
    NDArray mean = rows.mean(new int[] {1});
    NDArray std = rows.sub(mean.expandDims(1)).square().mean(new int[] {1}).sqrt().add(1e-6f);
    NDArray meanParam = w.get(branch + ".latent.mean");
    NDArray stdParam = w.get(branch + ".latent.std");
    meanParam.set(mean.reshape(meanParam.getShape()).toFloatArray());
    stdParam.set(std.reshape(stdParam.getShape()).toFloatArray());
  }

  private static NDArray perturb(NDArray z, float scale, SplittableRandom random) {
    if (scale == 0) {
      return z;
    }
    float rms = (float) Math.sqrt(z.square().mean().getFloat());
    float[] noise = new float[Math.toIntExact(z.getShape().size())];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (float) random.nextGaussian() * scale * rms;
    }
    return z.add(z.getManager().create(noise, z.getShape()));
  }

  static NDArray video(NDManager sm, Batch b) {
    return sm.create(b.video(), new Shape(b.texts().size(), 3, b.frames(), b.size(), b.size()));
  }

  static NDArray mel(NDManager sm, Batch b) {
    return sm.create(b.mel(), new Shape(b.texts().size(), MelScale.BINS, b.columns()));
  }

  private static NDArray videoMask(NDManager sm, Batch b) {
    return sm.create(b.videoMask(), new Shape(b.texts().size(), 1, b.frames(), b.size(), b.size()));
  }

  private static NDArray melMask(NDManager sm, Batch b) {
    return sm.create(b.melMask(), new Shape(b.texts().size(), 1, b.columns()));
  }

  private static Map<String, NDArray> zerosLike(NDManager manager, Map<String, NDArray> params) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    params.forEach((k, p) -> out.put(k, manager.zeros(p.getShape())));
    return out;
  }

  /** Peak signal-to-noise ratio of an MSE over values in [-1, 1] (peak-to-peak 2). */
  static double psnr(double mse) {
    return 10 * Math.log10(4 / Math.max(mse, 1e-12));
  }

  private static void log(String format, Object... args) {
    System.out.printf(Locale.ROOT, java.time.Instant.now() + " " + format + "%n", args);
    System.out.flush();
  }
}
