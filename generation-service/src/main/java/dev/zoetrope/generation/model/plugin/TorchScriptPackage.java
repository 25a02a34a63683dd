package dev.zoetrope.generation.model.plugin;

import ai.djl.ndarray.NDManager;
import dev.zoetrope.generation.model.ModelLoadException;
import dev.zoetrope.generation.model.ModelManifest;
import dev.zoetrope.generation.model.ModelPackage;
import dev.zoetrope.generation.model.ModelSource;
import dev.zoetrope.generation.model.PromptTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a TorchScript plug-in folder ({@code manifest.json} + {@code model.pt}, see {@link
 * PluginManifest}) from a {@link ModelSource}, checking the manifest and every file's SHA-256
 * before any byte reaches PyTorch.
 */
public final class TorchScriptPackage {
  /** The file name the docs and the fixture use for the TorchScript archive. */
  public static final String MODEL_FILE = "model.pt";

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private TorchScriptPackage() {}

  /** A plug-in folder: the source holding it and the folder's name inside that source. */
  public record Location(ModelSource source, String folder) {

    /**
     * Parses a configured location: {@code classpath:some/dir/my-model} or a filesystem folder.
     *
     * @param key the configuration key, for messages
     * @throws ModelLoadException when a filesystem folder does not exist
     */
    public static Location parse(String key, String location) {
      String trimmed = location.strip();
      while (trimmed.endsWith("/") && trimmed.length() > 1) {
        trimmed = trimmed.substring(0, trimmed.length() - 1);
      }
      if (trimmed.startsWith("classpath:")) {
        String path = trimmed.substring("classpath:".length());
        path = path.startsWith("/") ? path.substring(1) : path;
        int slash = path.lastIndexOf('/');
        if (path.isEmpty()) {
          throw new ModelLoadException(key + " names no folder: " + location);
        }
        return new Location(
            new ModelSource.Classpath(slash < 0 ? "" : path.substring(0, slash)),
            path.substring(slash + 1));
      }
      Path dir = Path.of(trimmed).toAbsolutePath().normalize();
      if (!Files.isDirectory(dir) || dir.getParent() == null) {
        throw new ModelLoadException(key + "=" + location + ": " + dir + " is not a directory");
      }
      return new Location(new ModelSource.Directory(dir.getParent()), dir.getFileName().toString());
    }
  }

  /** Whether {@code folder}'s manifest declares {@code "format": "torchscript"}. */
  public static boolean isTorchScript(ModelSource source, String folder) {
    byte[] bytes = source.read(folder, ModelManifest.FILE_NAME).orElse(null);
    if (bytes == null) {
      return false;
    }
    try {
      JsonNode format = JSON.readTree(bytes).get("format");
      return format != null && PluginManifest.TORCHSCRIPT.equals(format.asString());
    } catch (RuntimeException e) {
      // Not ours to judge: the built-in loader reports a malformed manifest.
      return false;
    }
  }

  /**
   * Verifies and loads the plug-in in {@code folder}.
   *
   * @param modelId the model version it will serve, for messages
   * @param parent manager the module's native memory is attached to (closing it frees the module)
   * @throws ModelLoadException naming the file and the expected hash on any mismatch, or when the
   *     model does not load or fails its start-up probe
   */
  public static TorchScriptVelocityModel load(
      String modelId, ModelSource source, String folder, NDManager parent) {
    String where = source.describe(folder, ModelManifest.FILE_NAME);
    byte[] manifestBytes =
        source
            .read(folder, ModelManifest.FILE_NAME)
            .orElseThrow(
                () ->
                    new ModelLoadException(
                        "TorchScript model for " + modelId + ": no manifest at " + where));
    PluginManifest manifest;
    try {
      manifest = JSON.readValue(manifestBytes, PluginManifest.class);
    } catch (RuntimeException e) {
      throw new ModelLoadException("model manifest " + where + " is not valid JSON: " + e, e);
    }
    if (!PluginManifest.TORCHSCRIPT.equals(manifest.format())) {
      throw new ModelLoadException(
          "model manifest "
              + where
              + " has format "
              + manifest.format()
              + "; a plug-in needs \"format\": \""
              + PluginManifest.TORCHSCRIPT
              + "\"");
    }
    if (manifest.model() == null || manifest.files() == null || manifest.files().isEmpty()) {
      throw new ModelLoadException("model manifest " + where + " lists no model or files");
    }
    if (!PromptTokenizer.fingerprint().equals(manifest.vocabularyFingerprint())) {
      throw new ModelLoadException(
          "TorchScript model "
              + where
              + " was made for another tokenizer vocabulary (fingerprint "
              + manifest.vocabularyFingerprint()
              + ", this build has "
              + PromptTokenizer.fingerprint()
              + "); its caption columns would mean other words");
    }
    byte[] model = null;
    for (ModelManifest.FileEntry file : manifest.files()) {
      byte[] bytes = ModelPackage.verified(source, folder, file);
      if (file.path().equals(manifest.model())) {
        model = bytes;
      }
    }
    if (model == null) {
      throw new ModelLoadException(
          "model manifest " + where + " does not list its model file " + manifest.model());
    }
    String name =
        modelId + " (" + (manifest.name() == null ? folder : manifest.name()) + ", " + where + ")";
    return TorchScriptVelocityModel.load(name, model, parent);
  }
}
