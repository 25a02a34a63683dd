package dev.zoetrope.generation.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where model folders live: {@code <root>/<version>/<file>}. A location starting with {@code
 * classpath:} reads from the classpath (weights packaged in the jar or image), anything else is a
 * filesystem directory (e.g. a mounted volume).
 */
public sealed interface ModelSource {

  /** Bytes of {@code file} in {@code version}'s folder, or empty when it is not there. */
  Optional<byte[]> read(String version, String file);

  /** Human-readable location of a file, for messages. */
  String describe(String version, String file);

  static ModelSource of(String location) {
    if (location.startsWith("classpath:")) {
      String root = location.substring("classpath:".length());
      root = root.startsWith("/") ? root.substring(1) : root;
      return new Classpath(root.endsWith("/") ? root.substring(0, root.length() - 1) : root);
    }
    Path dir = Path.of(location);
    if (!Files.isDirectory(dir)) {
      // An explicitly configured folder that is not there is a deployment mistake, not "untrained".
      throw new ModelLoadException(
          "zoetrope.generation.model-dir " + dir.toAbsolutePath() + " is not a directory");
    }
    return new Directory(dir);
  }

  record Classpath(String root) implements ModelSource {
    @Override
    public Optional<byte[]> read(String version, String file) {
      String name = (root.isEmpty() ? "" : root + "/") + version + "/" + file;
      try (InputStream in = ModelSource.class.getClassLoader().getResourceAsStream(name)) {
        return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + describe(version, file), e);
      }
    }

    @Override
    public String describe(String version, String file) {
      return "classpath:" + (root.isEmpty() ? "" : root + "/") + version + "/" + file;
    }
  }

  record Directory(Path root) implements ModelSource {
    @Override
    public Optional<byte[]> read(String version, String file) {
      Path path = root.resolve(version).resolve(file);
      if (!Files.isRegularFile(path)) {
        return Optional.empty();
      }
      try {
        return Optional.of(Files.readAllBytes(path));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + path, e);
      }
    }

    @Override
    public String describe(String version, String file) {
      return root.resolve(version).resolve(file).toAbsolutePath().toString();
    }
  }
}
