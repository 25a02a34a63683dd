package dev.zoetrope.generation.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * {@code <model-dir>/<version>/manifest.json}: what a weight folder holds and how to check it.
 *
 * <pre>{@code
 * {
 *   "version": "zoetrope-1",
 *   "weights": "weights.safetensors",
 *   "codec": "codec.safetensors",                                  (latent models only)
 *   "vocabulary_fingerprint": "<sha256 of the tokenizer vocabulary>",
 *   "architecture": { "size": 32, "fps": 8, ..., "vocabulary_size": 558 },
 *   "files": [ { "path": "weights.safetensors", "sha256": "<64 hex>", "bytes": 6543210 } ],
 *   "training": { "steps": 12000, "minutes": 90, ... }            (optional, free-form)
 * }
 * }</pre>
 *
 * Every listed file is hashed at start-up and must match; the weights file (and a latent model's
 * codec file) must be listed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelManifest(
    String version,
    String weights,
    String codec,
    String vocabularyFingerprint,
    ModelConfig architecture,
    List<FileEntry> files,
    Map<String, Object> training) {

  public static final String FILE_NAME = "manifest.json";

  /**
   * @param path a plain file name inside the version folder
   * @param sha256 lowercase hex SHA-256 of the file's bytes
   * @param bytes the file's length
   */
  public record FileEntry(String path, String sha256, long bytes) {}
}
