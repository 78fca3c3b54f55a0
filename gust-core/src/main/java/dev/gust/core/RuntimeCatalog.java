package dev.gust.core;

import java.util.List;
import java.util.Optional;

/**
 * Which runtimes this host can run, and with which interpreter. Deploying a runtime the host
 * lacks is refused up front with a message naming what is missing.
 */
public interface RuntimeCatalog {

  /**
   * The interpreter command for a runtime, or empty when the host has none.
   *
   * @return the launch recipe for the runtime's bootstrap
   */
  Optional<RuntimeRecipe> recipe(RuntimeId runtime);

  /** A one-line reason why a runtime is unavailable and how to make it available. */
  String whyUnavailable(RuntimeId runtime);

  /** Every runtime identifier that this host can run. */
  List<String> available();

  /**
   * How to start a runtime: the interpreter (empty for custom runtimes, whose {@code bootstrap}
   * is the executable) and the language version found on the host.
   */
  record RuntimeRecipe(RuntimeId runtime, Optional<String> interpreter, String hostVersion) {}
}
