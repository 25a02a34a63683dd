package dev.zoetrope.generation.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.zoetrope.generation.model.Codec;
import dev.zoetrope.generation.model.CodecConfig;
import dev.zoetrope.generation.model.CodecWeights;
import dev.zoetrope.generation.model.Denoiser;
import dev.zoetrope.generation.model.DenoiserWeights;
import dev.zoetrope.generation.model.ModelConfig;
import dev.zoetrope.generation.model.ModelPackage;
import dev.zoetrope.generation.model.ModelSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The latent model's two training commands: the codec, then the denoiser over its latents. */
class LatentTrainingTest {

  @Test
  void theCodecLearnsToReconstructAndScalesItsLatentsToUnitVariance(@TempDir Path tmp)
      throws Exception {
    Path out = tmp.resolve("codec.safetensors");
    Hyper hyper = Hyper.defaults().withBatchSize(2).withLearningRate(2e-3, 0);
    TrainCodec.Result first = TrainCodec.train(out, CodecConfig.standard(), hyper, 4, 0.1f, 5, 10);
    TrainCodec.Result longer =
        TrainCodec.train(
            tmp.resolve("longer.safetensors"), CodecConfig.standard(), hyper, 4, 0.1f, 5, 60);

    // The MSE over the last 50 steps of 60 is well below what 10 steps reach (the first window).
    assertThat(first.steps()).isEqualTo(10);
    assertThat(longer.videoMse()).isLessThan(0.5 * first.videoMse());
    assertThat(Files.readString(Train.factsOf(out))).contains("\"steps\":10");

    try (NDManager m = NDManager.newBaseManager()) {
      Codec codec =
          new Codec(
              CodecWeights.fromSafetensors(m, CodecConfig.standard(), Files.readAllBytes(out)));
      // Clips of another seed than the statistics': the scaled latent is near zero mean, unit
      // variance overall (a channel-wise check would only restate the arithmetic).
      Batch other = new ClipSource(77, 2, ModelConfig.standard(), 0f).batch(0, 4);
      NDArray z = codec.encodeVideo(TrainCodec.video(m, other));
      float mean = z.mean().getFloat();
      float std = (float) Math.sqrt(z.sub(mean).square().mean().getFloat());
      assertThat(mean).isBetween(-0.5f, 0.5f);
      assertThat(std).isBetween(0.5f, 1.5f);
    }
  }

  @Test
  void aLatentRunStartsFromAPixelModelsBodyAndPublishesItsCodec(@TempDir Path tmp)
      throws Exception {
    Path codecFile = tmp.resolve("codec.safetensors");
    TrainCodec.train(
        codecFile, CodecConfig.standard(), Hyper.defaults().withBatchSize(2), 4, 0.1f, 5, 3);
    Path pixel = tmp.resolve("pixel");
    Train.main(
        new String[] {
          "--ckpt-dir",
          tmp.resolve("c0").toString(),
          "--batch",
          "2",
          "--max-steps",
          "1",
          "--publish",
          pixel.toString()
        });
    Path models = tmp.resolve("models");
    String[] latent = {
      "--ckpt-dir",
      tmp.resolve("c1").toString(),
      "--batch",
      "2",
      "--log-every",
      "1",
      "--codec",
      codecFile.toString()
    };
    Train.main(
        concat(
            latent,
            "--init-body-from",
            pixel.resolve("zoetrope-1").toString(),
            "--max-steps",
            "1"));
    // Resuming reads the codec from the checkpoint, not from --codec.
    Files.delete(codecFile);
    Train.main(
        new String[] {
          "--ckpt-dir",
          tmp.resolve("c1").toString(),
          "--batch",
          "2",
          "--resume",
          "--max-steps",
          "2",
          "--publish",
          models.toString(),
          "--versions",
          "zoetrope-1-pro"
        });

    assertThat(models.resolve("zoetrope-1")).doesNotExist();
    try (NDManager m = NDManager.newBaseManager()) {
      Denoiser loaded =
          ModelPackage.readModel(ModelSource.of(models.toString()), "zoetrope-1-pro", m);
      assertThat(loaded.config()).isEqualTo(ModelConfig.latent());
      assertThat(loaded.codec()).isNotNull();
      DenoiserWeights body =
          ModelPackage.read(
              ModelSource.of(pixel.toString()), "zoetrope-1", ModelConfig.standard(), m);
      // Two Adam steps from the pixel model's block: close to it; the stem is the latent's own.
      float[] from = body.get("blocks.3.video.spatial.weight").toFloatArray();
      float[] now = loaded.weights().get("blocks.3.video.spatial.weight").toFloatArray();
      double maxDiff = 0;
      for (int i = 0; i < from.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(from[i] - now[i]));
      }
      assertThat(maxDiff).isLessThan(1e-3);
      assertThat(loaded.weights().get("video.stem.weight").getShape().get(1)).isEqualTo(8);
    }
    String manifest = Files.readString(models.resolve("zoetrope-1-pro/manifest.json"));
    assertThat(manifest).contains("\"codec\" : \"codec.safetensors\"", "\"latent_noise\"");
    Map<?, ?> state = Train.JSON.readValue(tmp.resolve("c1/step-2/state.json").toFile(), Map.class);
    assertThat(state.get("latent")).isEqualTo(true);

    // Grid attention starts from that latent model: all of its tensors carry over.
    Path grid = tmp.resolve("grid");
    Train.main(
        new String[] {
          "--ckpt-dir",
          tmp.resolve("c2").toString(),
          "--batch",
          "2",
          "--codec",
          models.resolve("zoetrope-1-pro/codec.safetensors").toString(),
          "--init-body-from",
          models.resolve("zoetrope-1-pro").toString(),
          "--grid-attention",
          "--max-steps",
          "1",
          "--publish",
          grid.toString(),
          "--versions",
          "zoetrope-1-pro"
        });
    try (NDManager m = NDManager.newBaseManager()) {
      DenoiserWeights before =
          ModelPackage.read(ModelSource.of(models.toString()), "zoetrope-1-pro", null, m);
      Denoiser after = ModelPackage.readModel(ModelSource.of(grid.toString()), "zoetrope-1-pro", m);
      assertThat(after.config()).isEqualTo(ModelConfig.latentGrid());
      // The stem is no longer a fresh draw but the latent model's, one Adam step away.
      float[] from = before.get("video.stem.weight").toFloatArray();
      float[] now = after.weights().get("video.stem.weight").toFloatArray();
      for (int i = 0; i < from.length; i++) {
        assertThat(now[i]).isCloseTo(from[i], within(2e-3f));
      }
      assertThat(after.weights().get("blocks.7.grid.qkv.weight").getShape())
          .isEqualTo(new Shape(288, 96));
    }
    // Resuming needs no flag: the checkpoint says its network has grid attention.
    Path resumed = tmp.resolve("grid-resumed");
    Train.main(
        new String[] {
          "--ckpt-dir",
          tmp.resolve("c2").toString(),
          "--batch",
          "2",
          "--resume",
          "--max-steps",
          "2",
          "--publish",
          resumed.toString(),
          "--versions",
          "zoetrope-1-pro"
        });
    try (NDManager m = NDManager.newBaseManager()) {
      assertThat(
              ModelPackage.readModel(ModelSource.of(resumed.toString()), "zoetrope-1-pro", m)
                  .config())
          .isEqualTo(ModelConfig.latentGrid());
    }
    // The model it started from keeps its training on record (2 steps, above).
    assertThat(Files.readString(grid.resolve("zoetrope-1-pro/manifest.json")))
        .containsPattern("\"source_steps\"\\s*:\\s*2\\b");
    assertThatThrownBy(
            () ->
                Train.main(
                    new String[] {"--ckpt-dir", tmp.resolve("c3").toString(), "--grid-attention"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--codec");
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
