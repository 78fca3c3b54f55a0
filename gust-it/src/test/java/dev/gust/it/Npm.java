package dev.gust.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * Installs a test function's npm dependencies with the real {@code npm}, the way a developer
 * builds a Node.js package before deploying it. Installs are kept under gust-it/target, one folder
 * per package.json content, so a rerun with the same package.json does not ask the registry again.
 */
final class Npm {
  private Npm() {}

  /** Why no {@code npm} command runs here, or null when one does. */
  static String unavailable() {
    try {
      Process p = new ProcessBuilder("npm", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "npm --version did not finish";
      }
      return p.exitValue() == 0 ? null : "npm --version exited with " + p.exitValue();
    } catch (IOException e) {
      return "npm is not installed: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /**
   * A folder holding the given package.json and the {@code node_modules} that {@code npm install
   * --omit=dev} made for it. Fails the test, with npm's output, if the install fails.
   */
  static Path installed(Path packageJson) throws IOException, InterruptedException {
    byte[] manifest = Files.readAllBytes(packageJson);
    String key = sha256(manifest).substring(0, 16);
    Path cache = Zips.root().resolve("gust-it/target/npm-installs");
    Path done = cache.resolve(key);
    if (Files.isDirectory(done.resolve("node_modules"))) {
      return done;
    }
    Files.createDirectories(cache);
    Path work = Files.createTempDirectory(cache, key + ".installing-");
    Files.write(work.resolve("package.json"), manifest);
    Path log = work.resolve("npm-install.log");
    ProcessBuilder npm =
        new ProcessBuilder("npm", "install", "--omit=dev", "--no-audit", "--no-fund")
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    npm.environment().put("NPM_CONFIG_UPDATE_NOTIFIER", "false");
    Process p = npm.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
    }
    assertEquals(0, p.isAlive() ? -1 : p.exitValue(), () -> "npm install in " + work + " failed:\n" + read(log));
    assertTrue(Files.isDirectory(work.resolve("node_modules")), () -> "npm made no node_modules:\n" + read(log));
    Files.delete(log);
    try {
      // Complete installs only appear under their key: a run cut short leaves its .installing- folder.
      Files.move(work, done, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (!Files.isDirectory(done.resolve("node_modules"))) {
        throw e;
      }
      delete(work); // another run finished the same install first
    }
    return done;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  private static void delete(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
