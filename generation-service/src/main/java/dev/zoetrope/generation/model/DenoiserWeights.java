package dev.zoetrope.generation.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The denoiser's parameters: a plain name → array map living in one long-lived manager. Arrays are
 * only read after construction, so any number of threads may sample with them at once.
 *
 * <p>On disk they are one safetensors file whose tensor names are the keys of {@link #specs}
 * (float32, shapes as there).
 */
public final class DenoiserWeights {
  private final ModelConfig config;
  private final Map<String, NDArray> params;

  private DenoiserWeights(ModelConfig config, Map<String, NDArray> params) {
    this.config = config;
    this.params = Collections.unmodifiableMap(params);
  }

  /**
   * Deterministic initialisation, independent of the engine's global random state: every tensor
   * draws from its own generator seeded by {@code seed} and its name, so adding a parameter never
   * changes the others.
   */
  public static DenoiserWeights initialize(NDManager manager, ModelConfig config, long seed) {
    return new DenoiserWeights(config, initialize(manager, specs(config), seed));
  }

  /**
   * Every tensor of {@code specs} drawn from its own generator, seeded by {@code seed} and name.
   */
  static Map<String, NDArray> initialize(NDManager manager, Map<String, Spec> specs, long seed) {
    Map<String, NDArray> params = new LinkedHashMap<>();
    specs.forEach(
        (name, spec) -> {
          long n = spec.shape.size();
          float[] data = new float[Math.toIntExact(n)];
          switch (spec.init) {
            case ZERO -> {}
            case ONE -> java.util.Arrays.fill(data, 1f);
            case NORMAL -> {
              SplittableRandom random =
                  new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode());
              for (int i = 0; i < data.length; i++) {
                data[i] = (float) (random.nextGaussian() * spec.std);
              }
            }
          }
          NDArray array = manager.create(data, spec.shape);
          array.setName(name);
          params.put(name, array);
        });
    return params;
  }

  /**
   * Reads a safetensors file. Every expected tensor must be present with its exact shape; a missing
   * or misshapen tensor means the file belongs to another architecture.
   */
  public static DenoiserWeights fromSafetensors(
      NDManager manager, ModelConfig config, byte[] safetensors) {
    return new DenoiserWeights(config, read(manager, specs(config), safetensors));
  }

  /** The tensors of {@code specs} from a safetensors file: all present, shapes exact, no others. */
  static Map<String, NDArray> read(NDManager manager, Map<String, Spec> specs, byte[] safetensors) {
    NDList list = NDList.decode(manager, safetensors);
    Map<String, NDArray> byName = new LinkedHashMap<>();
    for (NDArray array : list) {
      byName.put(array.getName(), array);
    }
    Map<String, NDArray> params = new LinkedHashMap<>();
    for (Map.Entry<String, Spec> e : specs.entrySet()) {
      NDArray array = byName.remove(e.getKey());
      if (array == null) {
        list.close();
        throw new IllegalArgumentException("weights lack tensor " + e.getKey());
      }
      if (!array.getShape().equals(e.getValue().shape)) {
        list.close();
        throw new IllegalArgumentException(
            "tensor "
                + e.getKey()
                + " has shape "
                + array.getShape()
                + ", expected "
                + e.getValue().shape);
      }
      params.put(e.getKey(), array.getDataType() == DataType.FLOAT32 ? array : toFloat(array));
    }
    if (!byName.isEmpty()) {
      list.close();
      throw new IllegalArgumentException("weights hold unknown tensors " + byName.keySet());
    }
    return params;
  }

  private static NDArray toFloat(NDArray array) {
    NDArray f = array.toType(DataType.FLOAT32, false);
    f.setName(array.getName());
    array.close();
    return f;
  }

  public byte[] toSafetensors() {
    return new NDList(params.values()).encode(NDList.Encoding.SAFETENSORS);
  }

  public NDArray get(String name) {
    NDArray array = params.get(name);
    if (array == null) {
      throw new IllegalArgumentException("no parameter " + name);
    }
    return array;
  }

  public Map<String, NDArray> asMap() {
    return params;
  }

  public ModelConfig config() {
    return config;
  }

  public long parameterCount() {
    return params.values().stream().mapToLong(a -> a.getShape().size()).sum();
  }

  enum Init {
    ZERO,
    ONE,
    NORMAL
  }

  record Spec(Shape shape, Init init, double std) {}

  /** Every parameter's name, shape and initialisation, in a fixed order. */
  static Map<String, Spec> specs(ModelConfig c) {
    Map<String, Spec> s = new LinkedHashMap<>();
    int cv = c.videoChannels();
    int ca = c.audioChannels();
    int d = c.condDim();
    int p = c.patch();
    int g = c.grid();
    int bins = c.stateBins();
    int rgb = c.stateChannels();
    weight(s, "time.fc1", new Shape(d, c.timeFrequencies()), 1);
    weight(s, "time.fc2", new Shape(d, d), 1);
    s.put("text.embedding", new Spec(new Shape(c.vocabularySize(), d), Init.NORMAL, 0.5));
    weight(s, "video.stem", new Shape(cv, rgb, 1, p, p), 1);
    s.put("video.pos", new Spec(new Shape(1, cv, 1, g, g), Init.NORMAL, 0.1));
    weight(s, "audio.stem", new Shape(ca, bins, 3), 1);
    for (int b = 0; b < c.blocks(); b++) {
      String k = "blocks." + b + ".";
      // Small FiLM so an untrained net still reacts to the caption and timestep a little.
      weight(s, k + "film", new Shape(2L * cv + 2L * ca, d), 0.2);
      weight(s, k + "video.spatial", new Shape(cv, cv, 1, 3, 3), 1);
      weight(s, k + "video.temporal", new Shape(cv, cv, 3, 1, 1), 0.5);
      weight(s, k + "audio.conv1", new Shape(ca, ca, 3), 1);
      weight(s, k + "audio.conv2", new Shape(ca, ca, 1), 0.5);
      weight(s, k + "couple.v2a", new Shape(ca, cv, 1), 0.5);
      weight(s, k + "couple.a2v", new Shape(cv, ca, 1), 0.5);
      if (c.attentionBlocks().contains(b)) {
        s.put(k + "attn.norm.weight", new Spec(new Shape(cv), Init.ONE, 0));
        s.put(k + "attn.norm.bias", new Spec(new Shape(cv), Init.ZERO, 0));
        weight(s, k + "attn.qkv", new Shape(3L * cv, cv), 1);
        weight(s, k + "attn.out", new Shape(cv, cv), 0.5);
      }
      if (c.gridAttentionBlocks().contains(b)) {
        s.put(k + "grid.norm.weight", new Spec(new Shape(cv), Init.ONE, 0));
        s.put(k + "grid.norm.bias", new Spec(new Shape(cv), Init.ZERO, 0));
        weight(s, k + "grid.qkv", new Shape(3L * cv, cv), 1);
        // Zero: a residual branch that adds nothing until trained, so weights of an architecture
        // without it start a model with it at the same function.
        s.put(k + "grid.out.weight", new Spec(new Shape(cv, cv), Init.ZERO, 0));
        s.put(k + "grid.out.bias", new Spec(new Shape(cv), Init.ZERO, 0));
      }
    }
    weight(s, "video.out", new Shape((long) rgb * p * p, cv, 1, 1, 1), 1);
    weight(s, "audio.out", new Shape(bins, ca, 3), 1);
    return s;
  }

  static void weight(Map<String, Spec> s, String name, Shape shape, double gain) {
    long fanIn = shape.size() / shape.get(0);
    s.put(name + ".weight", new Spec(shape, Init.NORMAL, gain / Math.sqrt(fanIn)));
    s.put(name + ".bias", new Spec(new Shape(shape.get(0)), Init.ZERO, 0));
  }
}
