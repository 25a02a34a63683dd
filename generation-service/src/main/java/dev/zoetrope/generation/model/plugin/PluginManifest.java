package dev.zoetrope.generation.model.plugin;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.zoetrope.generation.model.ModelManifest;
import java.util.List;

/**
 * {@code manifest.json} of a TorchScript plug-in folder.
 *
 * <pre>{@code
 * {
 *   "format": "torchscript",
 *   "name": "my-model",                                   (free text, for logs)
 *   "model": "model.pt",                                  (a file listed below)
 *   "vocabulary_fingerprint": "<sha256 of the tokenizer vocabulary>",
 *   "files": [ { "path": "model.pt", "sha256": "<64 hex>", "bytes": 12404 } ],
 *   "description": "..."                                  (optional)
 * }
 * }</pre>
 *
 * Every listed file is hashed at start-up and must match. The fingerprint ties the caption weights
 * the model was trained on to this build's vocabulary (the column order of {@code captions}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PluginManifest(
    String format,
    String name,
    String model,
    String vocabularyFingerprint,
    List<ModelManifest.FileEntry> files,
    String description) {

  /** The {@code format} value of a TorchScript plug-in. */
  public static final String TORCHSCRIPT = "torchscript";
}
