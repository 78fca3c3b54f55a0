package dev.gust.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A function URL: a dedicated HTTP endpoint that invokes one function (unqualified, or through an
 * alias) with the API Gateway payload format 2.0.
 *
 * @param functionName the function
 * @param qualifier the alias it invokes, or empty for the unqualified function ({@code $LATEST})
 * @param urlId the URL's id: 32 lower-case letters and digits, as Lambda's
 * @param authType {@code NONE} or {@code AWS_IAM}
 * @param cors CORS settings, if any
 * @param invokeMode {@code BUFFERED} or {@code RESPONSE_STREAM}
 * @param created when the URL was created
 * @param lastModified when its configuration last changed
 */
public record FunctionUrlConfig(
    String functionName,
    Optional<String> qualifier,
    String urlId,
    String authType,
    Optional<Cors> cors,
    String invokeMode,
    Instant created,
    Instant lastModified) {

  public FunctionUrlConfig {
    Objects.requireNonNull(functionName);
    Objects.requireNonNull(qualifier);
    if (!urlId.matches("[a-z0-9]{32}")) {
      throw new IllegalArgumentException("url id must be 32 lower-case letters and digits");
    }
    if (!authType.equals("NONE") && !authType.equals("AWS_IAM")) {
      throw GustException.invalidParameter(
          "1 validation error detected: Value '" + authType
              + "' at 'authType' failed to satisfy constraint: Member must satisfy enum value set:"
              + " [AWS_IAM, NONE]");
    }
    if (!invokeMode.equals("BUFFERED") && !invokeMode.equals("RESPONSE_STREAM")) {
      throw GustException.invalidParameter(
          "1 validation error detected: Value '" + invokeMode
              + "' at 'invokeMode' failed to satisfy constraint: Member must satisfy enum value"
              + " set: [BUFFERED, RESPONSE_STREAM]");
    }
    Objects.requireNonNull(cors);
    Objects.requireNonNull(created);
    Objects.requireNonNull(lastModified);
  }

  /** The function reference an invocation through this URL uses. */
  public Arns.FunctionRef target() {
    return new Arns.FunctionRef(functionName, qualifier);
  }
}
