package dev.gust.server;

import dev.gust.core.RuntimeCatalog;
import dev.gust.core.RuntimeId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The interpreters this host has, found once at start-up.
 *
 * <p>Python and Node versions must match the runtime identifier exactly ({@code python3.11} runs
 * on a Python 3.11); Java runs older bytecode, so {@code javaNN} is served by the oldest JDK at
 * least NN. Every candidate is resolved to its real executable (the {@code python3} on PATH may be
 * a pyenv shim that costs ~80 ms a start; {@code sys.executable} names the real one). Explicit
 * overrides ({@code --runtime python3.11=/usr/bin/python3.11}) win over discovery.
 */
final class HostRuntimeCatalog implements RuntimeCatalog {
  /** The Java release Gust's Java bootstrap is compiled for. */
  static final int MIN_JAVA = 21;

  private final Map<String, String> python = new TreeMap<>(); // "3.11" -> interpreter
  private final Map<String, String> node = new TreeMap<>(); // "20" -> node
  private final TreeMap<Integer, String> jdks = new TreeMap<>(); // 25 -> java
  private final Map<String, String> overrides;

  private HostRuntimeCatalog(Map<String, String> overrides) {
    this.overrides = Map.copyOf(overrides);
  }

  /**
   * Discovers interpreters on PATH and in the usual places.
   *
   * @param overrides runtime identifier to interpreter path, from configuration
   * @param path the PATH to search
   * @param home the user's home (for ~/.pyenv and ~/.nvm)
   */
  static HostRuntimeCatalog discover(Map<String, String> overrides, String path, Path home) {
    HostRuntimeCatalog c = new HostRuntimeCatalog(overrides);
    List<Path> dirs = new ArrayList<>();
    for (String d : path.split(":")) {
      if (!d.isEmpty()) {
        dirs.add(Path.of(d));
      }
    }
    dirs.add(Path.of("/usr/local/bin"));
    dirs.add(Path.of("/usr/bin"));
    CompletableFuture<Void> py = CompletableFuture.runAsync(() -> c.findPython(dirs, home));
    CompletableFuture<Void> js = CompletableFuture.runAsync(() -> c.findNode(dirs, home));
    c.findJava();
    CompletableFuture.allOf(py, js).join();
    return c;
  }

  private void findPython(List<Path> dirs, Path home) {
    Set<Path> candidates = new LinkedHashSet<>();
    for (Path d : dirs) {
      candidates.add(d.resolve("python3"));
      for (int minor = 8; minor <= 20; minor++) {
        candidates.add(d.resolve("python3." + minor));
      }
    }
    Path pyenv = home.resolve(".pyenv/versions");
    try (Stream<Path> versions = Files.isDirectory(pyenv) ? Files.list(pyenv) : Stream.empty()) {
      versions.sorted(Comparator.reverseOrder()).forEach(v -> candidates.add(v.resolve("bin/python3")));
    } catch (IOException ignored) {
      // no pyenv
    }
    // Probe every distinct executable in parallel (a pyenv shim costs ~80 ms a start), then keep
    // the first answer per version in candidate order, so PATH order decides.
    List<Path> distinct = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Path p : candidates) {
      if (Files.isExecutable(p) && seen.add(real(p.toString()))) {
        distinct.add(p);
      }
    }
    List<CompletableFuture<String[]>> probes = new ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (Path p : distinct) {
        probes.add(CompletableFuture.supplyAsync(
            () -> run(p.toString(), "-c", "import sys;print(sys.executable);print('%d.%d'%sys.version_info[:2])"),
            pool));
      }
    }
    for (CompletableFuture<String[]> probe : probes) {
      String[] out = probe.join();
      if (out.length == 2 && !out[0].isBlank()) {
        python.putIfAbsent(out[1].trim(), real(out[0].trim()));
      }
    }
  }

  private void findNode(List<Path> dirs, Path home) {
    Set<Path> candidates = new LinkedHashSet<>();
    for (Path d : dirs) {
      candidates.add(d.resolve("node"));
    }
    Path nvm = home.resolve(".nvm/versions/node");
    try (Stream<Path> versions = Files.isDirectory(nvm) ? Files.list(nvm) : Stream.empty()) {
      versions.forEach(v -> candidates.add(v.resolve("bin/node")));
    } catch (IOException ignored) {
      // no nvm
    }
    Set<String> seen = new LinkedHashSet<>();
    for (Path p : candidates) {
      if (!Files.isExecutable(p) || !seen.add(real(p.toString()))) {
        continue;
      }
      String[] out = run(p.toString(), "-p", "process.execPath+'\\n'+process.versions.node");
      if (out.length == 2) {
        String major = out[1].trim().split("\\.")[0];
        synchronized (node) {
          node.putIfAbsent(major, real(out[0].trim()));
        }
      }
    }
  }

  private void findJava() {
    List<Path> homes = new ArrayList<>();
    homes.add(Path.of(System.getProperty("java.home")));
    Path jvm = Path.of("/usr/lib/jvm");
    try (Stream<Path> s = Files.isDirectory(jvm) ? Files.list(jvm) : Stream.empty()) {
      s.forEach(homes::add);
    } catch (IOException ignored) {
      // none
    }
    for (Path h : homes) {
      Path bin = h.resolve("bin/java");
      Path release = h.resolve("release");
      if (!Files.isExecutable(bin) || !Files.isRegularFile(release)) {
        continue;
      }
      try {
        for (String line : Files.readAllLines(release)) {
          if (line.startsWith("JAVA_VERSION=")) {
            String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
            String[] parts = v.split("\\.");
            int major = Integer.parseInt(parts[0].equals("1") ? parts[1] : parts[0]);
            jdks.putIfAbsent(major, real(bin.toString()));
          }
        }
      } catch (IOException | RuntimeException ignored) {
        // not a JDK we can read
      }
    }
  }

  @Override
  public Optional<RuntimeRecipe> recipe(RuntimeId runtime) {
    String override = overrides.get(runtime.id());
    if (override != null) {
      return Optional.of(new RuntimeRecipe(runtime, Optional.of(override), "configured"));
    }
    switch (runtime.family()) {
      case PYTHON -> {
        return Optional.ofNullable(python.get(runtime.version()))
            .map(p -> new RuntimeRecipe(runtime, Optional.of(p), runtime.version()));
      }
      case NODEJS -> {
        return Optional.ofNullable(node.get(runtime.version()))
            .map(p -> new RuntimeRecipe(runtime, Optional.of(p), runtime.version()));
      }
      case JAVA -> {
        // Gust's Java bootstrap is built for Java 21, so an older javaNN still needs a JDK 21+.
        var e = jdks.ceilingEntry(Math.max(Integer.parseInt(runtime.version()), MIN_JAVA));
        return e == null
            ? Optional.empty()
            : Optional.of(new RuntimeRecipe(runtime, Optional.of(e.getValue()), e.getKey().toString()));
      }
      default -> {
        return Optional.of(new RuntimeRecipe(runtime, Optional.empty(), ""));
      }
    }
  }

  @Override
  public String whyUnavailable(RuntimeId runtime) {
    String found =
        switch (runtime.family()) {
          case PYTHON -> "Python versions found: " + (python.isEmpty() ? "none" : String.join(", ", python.keySet()));
          case NODEJS -> "Node.js versions found: " + (node.isEmpty() ? "none" : String.join(", ", node.keySet()));
          case JAVA -> "JDKs found: " + (jdks.isEmpty() ? "none" : jdks.keySet().toString());
          case PROVIDED -> "";
        };
    return "no interpreter for "
        + runtime.id()
        + " was found ("
        + found
        + "). Install one, or start the server with --runtime "
        + runtime.id()
        + "=/path/to/interpreter.";
  }

  @Override
  public List<String> available() {
    List<String> ids = new ArrayList<>();
    python.keySet().forEach(v -> ids.add("python" + v));
    node.keySet().forEach(v -> ids.add("nodejs" + v + ".x"));
    if (!jdks.isEmpty()) {
      for (int v : new int[] {8, 11, 17, 21, 25}) {
        if (jdks.ceilingKey(Math.max(v, MIN_JAVA)) != null) {
          ids.add(v == 8 ? "java8.al2" : "java" + v);
        }
      }
    }
    ids.add("provided.al2023");
    ids.add("provided.al2");
    ids.add("provided");
    ids.addAll(overrides.keySet());
    return ids.stream().distinct().toList();
  }

  /** What was found, for the start-up log. */
  Map<String, String> describe() {
    Map<String, String> d = new LinkedHashMap<>();
    python.forEach((v, p) -> d.put("python" + v, p));
    node.forEach((v, p) -> d.put("nodejs" + v + ".x", p));
    jdks.forEach((v, p) -> d.put("jdk" + v, p));
    d.putAll(overrides);
    return d;
  }

  private static String real(String path) {
    try {
      return Path.of(path).toRealPath().toString();
    } catch (IOException e) {
      return path;
    }
  }

  private static String[] run(String... command) {
    try {
      // stdout to a file, stderr discarded: a chatty or hanging candidate cannot block start-up
      Path out = Files.createTempFile("gust-probe-", ".txt");
      try {
        Process p =
            new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return new String[0];
        }
        if (p.exitValue() != 0) {
          return new String[0];
        }
        return Files.readString(out, StandardCharsets.UTF_8).strip().split("\n");
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      return new String[0];
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new String[0];
    }
  }
}
