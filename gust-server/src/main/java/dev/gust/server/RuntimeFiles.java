package dev.gust.server;

import dev.gust.core.RuntimeId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Gust's runtime bootstraps, shipped inside the server jar and unpacked once into {@code
 * <data-dir>/runtimes/<content hash>/<family>/}, which instances see read-only as {@code
 * /var/runtime}. The content hash makes an upgraded server use fresh files while instances of the
 * old ones finish.
 */
final class RuntimeFiles {
  private static final Map<RuntimeId.Family, List<String>> FILES =
      Map.of(
          RuntimeId.Family.PYTHON, List.of("python/bootstrap.py"),
          RuntimeId.Family.NODEJS, List.of("nodejs/bootstrap.mjs"),
          RuntimeId.Family.JAVA, List.of("java/gust-java-runtime.jar"),
          RuntimeId.Family.PROVIDED, List.of());

  private final Map<RuntimeId.Family, Path> dirs;

  private RuntimeFiles(Map<RuntimeId.Family, Path> dirs) {
    this.dirs = dirs;
  }

  static RuntimeFiles unpack(Path runtimesRoot) throws IOException {
    Map<String, byte[]> contents = new java.util.TreeMap<>();
    for (List<String> files : FILES.values()) {
      for (String f : files) {
        try (InputStream in = RuntimeFiles.class.getResourceAsStream("/gust-runtimes/" + f)) {
          if (in == null) {
            throw new IOException(
                "the server jar lacks gust-runtimes/" + f + "; rebuild it with ./gust build");
          }
          contents.put(f, in.readAllBytes());
        }
      }
    }
    Path root = runtimesRoot.resolve(hash(contents));
    if (!Files.isDirectory(root)) {
      Path tmp = Files.createDirectories(runtimesRoot).resolve(".unpacking-" + ProcessHandle.current().pid());
      for (Map.Entry<String, byte[]> e : contents.entrySet()) {
        Path target = tmp.resolve(e.getKey());
        Files.createDirectories(target.getParent());
        Files.write(target, e.getValue());
      }
      try {
        Files.move(tmp, root, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        if (!Files.isDirectory(root)) {
          throw e;
        }
      }
    }
    Map<RuntimeId.Family, Path> dirs = new EnumMap<>(RuntimeId.Family.class);
    for (RuntimeId.Family f : RuntimeId.Family.values()) {
      Path dir = root.resolve(f.name().toLowerCase(java.util.Locale.ROOT));
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      dirs.put(f, dir);
    }
    return new RuntimeFiles(dirs);
  }

  Path dir(RuntimeId.Family family) {
    return dirs.get(family);
  }

  private static String hash(Map<String, byte[]> contents) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      contents.forEach(
          (name, bytes) -> {
            sha.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update(bytes);
          });
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
