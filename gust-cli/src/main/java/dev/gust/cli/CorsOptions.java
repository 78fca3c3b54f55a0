package dev.gust.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --cors-*} options of {@code gust routes add} and {@code gust url create}. */
final class CorsOptions {
  @Option(
      names = "--cors-origin",
      paramLabel = "ORIGIN",
      description = "Allow this origin, e.g. https://example.com or * (repeatable).")
  List<String> origins = new ArrayList<>();

  @Option(
      names = "--cors-method",
      paramLabel = "METHOD",
      description = "Allow this method, e.g. GET or * (repeatable; needs --cors-origin).")
  List<String> methods = new ArrayList<>();

  @Option(
      names = "--cors-header",
      paramLabel = "HEADER",
      description =
          "Allow this request header, e.g. Content-Type or * (repeatable; needs"
              + " --cors-origin).")
  List<String> headers = new ArrayList<>();

  /** The CORS settings, or empty when no option was given; invalid values throw. */
  Optional<CorsSpec> spec() {
    if (origins.isEmpty() && methods.isEmpty() && headers.isEmpty()) {
      return Optional.empty();
    }
    if (origins.isEmpty()) {
      throw new IllegalArgumentException(
          "--cors-method and --cors-header need at least one --cors-origin");
    }
    return Optional.of(new CorsSpec(origins, methods, headers));
  }
}
