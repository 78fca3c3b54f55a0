package dev.gust.core;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of a function: {@code $LATEST} (mutable) or a published number (immutable).
 *
 * @param functionName the function's name
 * @param version {@code $LATEST} or a decimal version number
 * @param config its configuration
 * @param code its code package
 * @param revisionId changes on every update; clients pass it back for optimistic concurrency
 * @param lastModified when this version last changed
 */
public record FunctionVersion(
    String functionName,
    String version,
    FunctionConfig config,
    CodePackage code,
    String revisionId,
    Instant lastModified) {

  public static final String LATEST = "$LATEST";

  public FunctionVersion {
    Objects.requireNonNull(functionName, "functionName");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(revisionId, "revisionId");
    Objects.requireNonNull(lastModified, "lastModified");
  }

  public boolean isLatest() {
    return LATEST.equals(version);
  }

  /**
   * True when the two versions would run the same code with the same configuration. The
   * description is not compared: a version's description is its own label.
   */
  public boolean sameContentAs(FunctionVersion other) {
    return code.sha256().equals(other.code.sha256())
        && config.withDescription("").equals(other.config.withDescription(""));
  }
}
