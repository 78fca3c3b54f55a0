package dev.gust.sandbox;

import dev.gust.core.LaunchSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Checks a {@link LaunchSpec} before anything is created for it. */
final class SpecChecks {

  /** Instance ids become cgroup and directory names, and appear in shell scripts. */
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private SpecChecks() {}

  static String requireSafeName(String name) {
    if (!SAFE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "'"
              + name
              + "' is not a valid instance or group name: use 1 to 128 letters, digits, '.', '_'"
              + " or '-', starting with a letter or digit");
    }
    return name;
  }

  static void validate(LaunchSpec spec) throws IOException {
    requireSafeName(spec.instanceId());
    if (spec.command().isEmpty()) {
      throw new IllegalArgumentException("instance " + spec.instanceId() + ": empty command");
    }
    if (spec.memoryBytes() <= 0 || spec.tmpBytes() <= 0) {
      throw new IllegalArgumentException(
          "instance "
              + spec.instanceId()
              + ": memoryBytes and tmpBytes must be positive, got "
              + spec.memoryBytes()
              + " and "
              + spec.tmpBytes());
    }
    for (String key : spec.environment().keySet()) {
      if (key.isEmpty() || key.indexOf('=') >= 0 || key.indexOf('\0') >= 0) {
        throw new IllegalArgumentException(
            "instance " + spec.instanceId() + ": invalid environment variable name '" + key + "'");
      }
    }
    requireDirectory(spec.codeDir(), "code");
    requireDirectory(spec.runtimeDir(), "runtime");
    requireDirectory(spec.scratchDir(), "scratch");
    Path logDir = spec.logFile().toAbsolutePath().getParent();
    if (logDir != null) {
      Files.createDirectories(logDir);
    }
  }

  private static void requireDirectory(Path dir, String what) throws IOException {
    if (!dir.isAbsolute() || !Files.isDirectory(dir)) {
      throw new IOException(
          "the " + what + " directory " + dir + " must be an absolute path to a directory");
    }
  }
}
