package dev.zoetrope.generation.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The autoencoders' parameters, plus the latent statistics that scale their latents to zero mean
 * and unit variance per channel (what the flow's Gaussian noise assumes). One safetensors file,
 * {@value ModelPackage#CODEC_FILE} in a latent model's folder; read-only after construction.
 */
public final class CodecWeights {
  private final CodecConfig config;
  private final Map<String, NDArray> params;

  private CodecWeights(CodecConfig config, Map<String, NDArray> params) {
    this.config = config;
    this.params = Collections.unmodifiableMap(params);
  }

  public static CodecWeights initialize(NDManager manager, CodecConfig config, long seed) {
    return new CodecWeights(config, DenoiserWeights.initialize(manager, specs(config), seed));
  }

  public static CodecWeights fromSafetensors(
      NDManager manager, CodecConfig config, byte[] safetensors) {
    return new CodecWeights(config, DenoiserWeights.read(manager, specs(config), safetensors));
  }

  public byte[] toSafetensors() {
    return new NDList(params.values()).encode(NDList.Encoding.SAFETENSORS);
  }

  public NDArray get(String name) {
    NDArray array = params.get(name);
    if (array == null) {
      throw new IllegalArgumentException("no codec parameter " + name);
    }
    return array;
  }

  public Map<String, NDArray> asMap() {
    return params;
  }

  /** The trainable tensors: all but the latent statistics, which are measured, not learned. */
  public Map<String, NDArray> trainable() {
    Map<String, NDArray> out = new LinkedHashMap<>(params);
    out.keySet().removeIf(k -> k.endsWith(".latent.mean") || k.endsWith(".latent.std"));
    return out;
  }

  public CodecConfig config() {
    return config;
  }

  public long parameterCount() {
    return params.values().stream().mapToLong(a -> a.getShape().size()).sum();
  }

  static Map<String, DenoiserWeights.Spec> specs(CodecConfig c) {
    Map<String, DenoiserWeights.Spec> s = new LinkedHashMap<>();
    int h = c.videoHidden();
    int z = c.videoLatent();
    DenoiserWeights.weight(s, "video.enc1", new Shape(h / 2, 3, 1, 3, 3), 1);
    DenoiserWeights.weight(s, "video.enc2", new Shape(h, h / 2, 1, 3, 3), 1);
    DenoiserWeights.weight(s, "video.enc3", new Shape(h, h, 1, 3, 3), 1);
    DenoiserWeights.weight(s, "video.enc4", new Shape(z, h, 1, 1, 1), 1);
    DenoiserWeights.weight(s, "video.dec1", new Shape(h, z, 1, 3, 3), 1);
    DenoiserWeights.weight(s, "video.dec2", new Shape(h, h, 1, 3, 3), 1);
    DenoiserWeights.weight(s, "video.dec3", new Shape(4L * (h / 2), h, 1, 3, 3), 1);
    DenoiserWeights.weight(s, "video.dec4", new Shape(h / 2, h / 2, 1, 3, 3), 1);
    DenoiserWeights.weight(s, "video.dec5", new Shape(4L * 3, h / 2, 1, 3, 3), 1);
    stats(s, "video", new Shape(1, z, 1, 1, 1));
    int ha = c.audioHidden();
    int za = c.audioLatent();
    DenoiserWeights.weight(s, "audio.enc1", new Shape(ha, MelScale.BINS, 3), 1);
    DenoiserWeights.weight(s, "audio.enc2", new Shape(ha, ha, 3), 1);
    DenoiserWeights.weight(s, "audio.enc3", new Shape(za, ha, 1), 1);
    DenoiserWeights.weight(s, "audio.dec1", new Shape(ha, za, 3), 1);
    DenoiserWeights.weight(s, "audio.dec2", new Shape(ha, ha, 3), 1);
    DenoiserWeights.weight(s, "audio.dec3", new Shape(MelScale.BINS, ha, 3), 1);
    stats(s, "audio", new Shape(1, za, 1));
    return s;
  }

  private static void stats(Map<String, DenoiserWeights.Spec> s, String branch, Shape shape) {
    s.put(branch + ".latent.mean", new DenoiserWeights.Spec(shape, DenoiserWeights.Init.ZERO, 0));
    s.put(branch + ".latent.std", new DenoiserWeights.Spec(shape, DenoiserWeights.Init.ONE, 0));
  }
}
