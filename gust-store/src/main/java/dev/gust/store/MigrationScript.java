package dev.gust.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One versioned schema change, read from a classpath resource named {@code V<version>__<name>.sql}.
 *
 * @param version the order in which scripts apply, starting at 1
 * @param name the descriptive part of the file name
 * @param sql the script, line endings normalized to {@code \n}
 * @param checksum hex SHA-256 of {@code sql}; an applied script must never change
 */
record MigrationScript(int version, String name, String sql, String checksum) {
  private static final Pattern FILE_NAME = Pattern.compile("V([0-9]{1,9})__([A-Za-z0-9_]+)\\.sql");

  static MigrationScript of(int version, String name, String text) {
    String sql = text.replace("\r\n", "\n");
    return new MigrationScript(version, name, sql, sha256(sql));
  }

  /**
   * The statements of the script. A statement ends with a semicolon at the end of a line; lines
   * starting with {@code --} are comments. (Scripts therefore must not put a semicolon at the end
   * of a line inside a string literal.)
   */
  List<String> statements() {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : sql.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String statement = current.toString().strip();
        statements.add(statement.substring(0, statement.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString().strip());
    }
    return statements;
  }

  /** All scripts in a classpath directory such as {@code db/registry}, in version order. */
  static List<MigrationScript> load(String location) {
    return load(MigrationScript.class.getClassLoader(), location);
  }

  /**
   * All scripts in a directory of {@code loader}'s classpath, from a directory or a jar. In a jar
   * the directory needs its own entry, as Maven's jar and shade plugins write.
   */
  static List<MigrationScript> load(ClassLoader loader, String location) {
    URL url = loader.getResource(location);
    if (url == null) {
      throw new IllegalStateException(
          "No schema migrations found at classpath location '"
              + location
              + "'; the gust-store jar is incomplete, rebuild it");
    }
    try {
      URI uri = url.toURI();
      if (uri.getScheme().equals("jar")) {
        return loadFromJar(uri, location);
      }
      return loadFrom(Path.of(uri), location);
    } catch (URISyntaxException | IOException e) {
      throw new IllegalStateException(
          "Could not read schema migrations at '" + location + "': " + e.getMessage(), e);
    }
  }

  private static List<MigrationScript> loadFromJar(URI uri, String location) throws IOException {
    FileSystem jar;
    boolean openedHere;
    try {
      jar = FileSystems.newFileSystem(uri, Map.of());
      openedHere = true;
    } catch (FileSystemAlreadyExistsException e) {
      jar = FileSystems.getFileSystem(uri);
      openedHere = false;
    }
    try {
      return loadFrom(jar.provider().getPath(uri), location);
    } finally {
      if (openedHere) {
        jar.close();
      }
    }
  }

  private static List<MigrationScript> loadFrom(Path directory, String location)
      throws IOException {
    List<MigrationScript> scripts = new ArrayList<>();
    Map<Integer, String> seen = new HashMap<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        String fileName = file.getFileName().toString().replace("/", "");
        Matcher m = FILE_NAME.matcher(fileName);
        if (!m.matches()) {
          continue;
        }
        int version = Integer.parseInt(m.group(1));
        String previous = seen.put(version, fileName);
        if (previous != null) {
          throw new IllegalStateException(
              "Two schema migrations at '"
                  + location
                  + "' have version "
                  + version
                  + ": "
                  + previous
                  + " and "
                  + fileName
                  + "; give each a distinct version");
        }
        try (InputStream in = Files.newInputStream(file)) {
          String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          scripts.add(of(version, m.group(2), text));
        }
      }
    }
    scripts.sort(Comparator.comparingInt(MigrationScript::version));
    return scripts;
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return java.util.HexFormat.of()
          .formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
