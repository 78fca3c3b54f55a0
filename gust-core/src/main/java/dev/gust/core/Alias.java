package dev.gust.core;

import java.util.Map;
import java.util.Objects;

/**
 * A named pointer to a published version, optionally splitting traffic with one more version.
 *
 * @param functionName the function
 * @param name the alias name (never all digits, never {@code $LATEST})
 * @param functionVersion the primary version
 * @param additionalVersionWeights at most one other version, with the share of traffic (0..1)
 *     it receives
 * @param description free text
 * @param revisionId changes on every update
 */
public record Alias(
    String functionName,
    String name,
    String functionVersion,
    Map<String, Double> additionalVersionWeights,
    String description,
    String revisionId) {

  public Alias {
    Objects.requireNonNull(functionName);
    Objects.requireNonNull(name);
    Objects.requireNonNull(functionVersion);
    additionalVersionWeights =
        additionalVersionWeights == null ? Map.of() : Map.copyOf(additionalVersionWeights);
    description = description == null ? "" : description;
    Objects.requireNonNull(revisionId);
  }

  /**
   * Picks the version one invocation runs, given a uniform random number in [0, 1).
   *
   * <p>The additional version gets its weight's share of traffic, the primary the rest.
   */
  public String pickVersion(double random) {
    double cumulative = 0;
    for (Map.Entry<String, Double> e : additionalVersionWeights.entrySet()) {
      cumulative += e.getValue();
      if (random < cumulative) {
        return e.getKey();
      }
    }
    return functionVersion;
  }
}
