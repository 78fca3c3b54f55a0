package dev.gust.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.core.SdkBytes;

/** Builds function packages in memory. */
final class Zips {
  private Zips() {}

  /** A zip of the given files (path to text). */
  static SdkBytes of(String... pathsAndContents) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      files.put(pathsAndContents[i], pathsAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return SdkBytes.fromByteArray(zip(files));
  }

  static byte[] zip(Map<String, byte[]> files) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(f.getKey()));
        zip.write(f.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Adds the regular files under {@code dir} to {@code files}, named by their path below it with
   * {@code prefix} before. Symbolic links are skipped, not followed (node_modules/.bin holds them;
   * a function does not need them).
   */
  static Map<String, byte[]> addTree(Map<String, byte[]> files, Path dir, String prefix) {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
        files.put(prefix + dir.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** The repository root (tests run from gust-it/). */
  static Path root() {
    return Path.of(System.getProperty("gust.root", "..")).toAbsolutePath().normalize();
  }

  static SdkBytes file(Path path) {
    try {
      return SdkBytes.fromByteArray(Files.readAllBytes(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
