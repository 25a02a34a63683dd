package dev.zoetrope.generation.model;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
    Path dir = Files.createDirectories(root.resolve(version));
    byte[] bytes = weights.toSafetensors();
    Files.write(dir.resolve(WEIGHTS_FILE), bytes);
    ModelManifest manifest =
        new ModelManifest(
            version,
            WEIGHTS_FILE,
            PromptTokenizer.fingerprint(),
            weights.config(),
            List.of(new ModelManifest.FileEntry(WEIGHTS_FILE, sha256(bytes), bytes.length)),
            training);
    Files.writeString(dir.resolve(ModelManifest.FILE_NAME), JSON.writeValueAsString(manifest));
    return dir;
  }

  /**
   * Loads {@code version} from {@code source}, or returns null when the folder has no manifest.
   * Verifies the manifest against the code and every file's SHA-256 before decoding anything.
   *
   * @throws ModelLoadException naming the file and the expected hash on any mismatch
   */
  public static DenoiserWeights read(
      ModelSource source, String version, ModelConfig expected, NDManager manager) {
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
    if (!expected.equals(manifest.architecture())) {
      throw new ModelLoadException(
          "model "
              + version
              + " was trained for architecture "
              + manifest.architecture()
              + " but this build runs "
              + expected
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
    byte[] weightBytes = null;
    for (ModelManifest.FileEntry file : manifest.files()) {
      byte[] bytes = verified(source, version, file);
      if (file.path().equals(manifest.weights())) {
        weightBytes = bytes;
      }
    }
    if (weightBytes == null) {
      throw new ModelLoadException(
          "model manifest " + where + " does not list its weights file " + manifest.weights());
    }
    try {
      return DenoiserWeights.fromSafetensors(manager, expected, weightBytes);
    } catch (RuntimeException e) {
      throw new ModelLoadException(
          "cannot load " + source.describe(version, manifest.weights()) + ": " + e.getMessage(), e);
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
