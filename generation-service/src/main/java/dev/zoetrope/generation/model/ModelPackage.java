package dev.zoetrope.generation.model;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Reads and writes a model version folder: {@code manifest.json} plus the safetensors weights. */
public final class ModelPackage {
  public static final String WEIGHTS_FILE = "weights.safetensors";
  public static final String CODEC_FILE = "codec.safetensors";

  static final JsonMapper JSON =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          // Newer manifests may carry more metadata; only the fields we verify matter.
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private ModelPackage() {}

  /**
   * Writes {@code weights} as {@code <root>/<version>/weights.safetensors} with a manifest hashing
   * it; what a training run calls to publish a checkpoint.
   */
  public static Path write(
      Path root, String version, DenoiserWeights weights, Map<String, Object> training)
      throws IOException {
    return write(root, version, weights, null, training);
  }

  /**
   * Writes a model version: {@code weights}, a latent model's {@code codec} as {@value #CODEC_FILE}
   * (null for a pixel model), and a manifest hashing both.
   */
  public static Path write(
      Path root,
      String version,
      DenoiserWeights weights,
      CodecWeights codec,
      Map<String, Object> training)
      throws IOException {
    if ((weights.config().codec() == null) != (codec == null)) {
      throw new IllegalArgumentException("a latent model is written with its codec, only it");
    }
    Path dir = Files.createDirectories(root.resolve(version));
    byte[] bytes = weights.toSafetensors();
    Files.write(dir.resolve(WEIGHTS_FILE), bytes);
    List<ModelManifest.FileEntry> files = new ArrayList<>();
    files.add(new ModelManifest.FileEntry(WEIGHTS_FILE, sha256(bytes), bytes.length));
    if (codec != null) {
      byte[] codecBytes = codec.toSafetensors();
      Files.write(dir.resolve(CODEC_FILE), codecBytes);
      files.add(new ModelManifest.FileEntry(CODEC_FILE, sha256(codecBytes), codecBytes.length));
    }
    ModelManifest manifest =
        new ModelManifest(
            version,
            WEIGHTS_FILE,
            codec == null ? null : CODEC_FILE,
            PromptTokenizer.fingerprint(),
            weights.config(),
            files,
            training);
    Files.writeString(dir.resolve(ModelManifest.FILE_NAME), JSON.writeValueAsString(manifest));
    return dir;
  }

  /**
   * Loads {@code version}'s network from {@code source} in whichever supported architecture its
   * manifest names (with its codec for a latent one), or returns null when the folder has no
   * manifest. Verifies the manifest against the code and every file's SHA-256 before decoding.
   *
   * @throws ModelLoadException naming the file and the expected hash on any mismatch
   */
  public static Denoiser readModel(ModelSource source, String version, NDManager manager) {
    Verified v = verify(source, version, null);
    if (v == null) {
      return null;
    }
    DenoiserWeights weights = decode(source, v, manager);
    return new Denoiser(
        weights, v.codec == null ? null : new Codec(decodeCodec(source, v, manager)));
  }

  /**
   * Loads {@code version}'s denoiser weights from {@code source}, or returns null when the folder
   * has no manifest. The manifest must name {@code expected} as its architecture.
   *
   * @throws ModelLoadException naming the file and the expected hash on any mismatch
   */
  public static DenoiserWeights read(
      ModelSource source, String version, ModelConfig expected, NDManager manager) {
    Verified v = verify(source, version, expected);
    return v == null ? null : decode(source, v, manager);
  }

  /** A latent model's codec from {@code source} (verified like {@link #read}), else null. */
  public static CodecWeights readCodec(ModelSource source, String version, NDManager manager) {
    Verified v = verify(source, version, null);
    return v == null || v.codec == null ? null : decodeCodec(source, v, manager);
  }

  /** A manifest that checked out, and the bytes of its weights and codec files. */
  private record Verified(ModelManifest manifest, byte[] weights, byte[] codec) {}

  private static Verified verify(ModelSource source, String version, ModelConfig expected) {
    byte[] manifestBytes = source.read(version, ModelManifest.FILE_NAME).orElse(null);
    if (manifestBytes == null) {
      return null;
    }
    String where = source.describe(version, ModelManifest.FILE_NAME);
    ModelManifest manifest;
    try {
      manifest = JSON.readValue(manifestBytes, ModelManifest.class);
    } catch (RuntimeException e) {
      throw new ModelLoadException("model manifest " + where + " is not valid JSON: " + e, e);
    }
    if (!version.equals(manifest.version())) {
      throw new ModelLoadException(
          "model manifest " + where + " is for version " + manifest.version() + ", not " + version);
    }
    if (manifest.files() == null || manifest.files().isEmpty() || manifest.weights() == null) {
      throw new ModelLoadException("model manifest " + where + " lists no weights or files");
    }
    boolean known =
        expected == null
            ? ModelConfig.supported().contains(manifest.architecture())
            : expected.equals(manifest.architecture());
    if (!known) {
      throw new ModelLoadException(
          "model "
              + version
              + " was trained for architecture "
              + manifest.architecture()
              + " but this build runs "
              + (expected == null ? ModelConfig.supported() : expected)
              + " ("
              + where
              + ")");
    }
    if (!PromptTokenizer.fingerprint().equals(manifest.vocabularyFingerprint())) {
      throw new ModelLoadException(
          "model "
              + version
              + " was trained with another tokenizer vocabulary (fingerprint "
              + manifest.vocabularyFingerprint()
              + ", this build has "
              + PromptTokenizer.fingerprint()
              + ")");
    }
    boolean latent = manifest.architecture().codec() != null;
    if (latent && manifest.codec() == null) {
      throw new ModelLoadException(
          "model manifest " + where + " names a latent architecture but no codec file");
    }
    byte[] weightBytes = null;
    byte[] codecBytes = null;
    for (ModelManifest.FileEntry file : manifest.files()) {
      byte[] bytes = verified(source, version, file);
      if (file.path().equals(manifest.weights())) {
        weightBytes = bytes;
      }
      if (latent && file.path().equals(manifest.codec())) {
        codecBytes = bytes;
      }
    }
    if (weightBytes == null) {
      throw new ModelLoadException(
          "model manifest " + where + " does not list its weights file " + manifest.weights());
    }
    if (latent && codecBytes == null) {
      throw new ModelLoadException(
          "model manifest " + where + " does not list its codec file " + manifest.codec());
    }
    return new Verified(manifest, weightBytes, codecBytes);
  }

  private static DenoiserWeights decode(ModelSource source, Verified v, NDManager manager) {
    try {
      return DenoiserWeights.fromSafetensors(manager, v.manifest.architecture(), v.weights);
    } catch (RuntimeException e) {
      throw new ModelLoadException(
          "cannot load "
              + source.describe(v.manifest.version(), v.manifest.weights())
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static CodecWeights decodeCodec(ModelSource source, Verified v, NDManager manager) {
    try {
      return CodecWeights.fromSafetensors(manager, v.manifest.architecture().codec(), v.codec);
    } catch (RuntimeException e) {
      throw new ModelLoadException(
          "cannot load "
              + source.describe(v.manifest.version(), v.manifest.codec())
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The bytes of one file a manifest lists, checked against its sha256: a missing, renamed or
   * corrupt file stops start-up with a message naming the file and both hashes. Shared by the
   * built-in weights and TorchScript plug-ins.
   */
  public static byte[] verified(ModelSource source, String version, ModelManifest.FileEntry file) {
    String name = file.path();
    if (name == null
        || name.isBlank()
        || name.contains("/")
        || name.contains("\\")
        || name.startsWith(".")) {
      throw new ModelLoadException(
          "model manifest "
              + source.describe(version, ModelManifest.FILE_NAME)
              + " lists an illegal file name "
              + name);
    }
    String where = source.describe(version, name);
    byte[] bytes =
        source
            .read(version, name)
            .orElseThrow(
                () ->
                    new ModelLoadException(
                        "model file "
                            + where
                            + " is missing (expected sha256 "
                            + file.sha256()
                            + ")"));
    String actual = sha256(bytes);
    if (!actual.equalsIgnoreCase(String.valueOf(file.sha256()))) {
      throw new ModelLoadException(
          "model file "
              + where
              + " failed its checksum: expected sha256 "
              + file.sha256()
              + " but found "
              + actual
              + "; the file is corrupt or does not belong to this manifest");
    }
    return bytes;
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
