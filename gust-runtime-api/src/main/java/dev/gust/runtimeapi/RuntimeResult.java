package dev.gust.runtimeapi;

import dev.gust.core.JsonText;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * How the runtime (or the platform, on the runtime's behalf) ended one invocation.
 *
 * @param kind what happened
 * @param body the response payload, or the error document {@code {errorMessage, errorType,
 *     stackTrace}}
 * @param errorType Lambda's error type for failures ({@code Runtime.ExitError}, the handler's
 *     exception type...), empty on success
 */
public record RuntimeResult(Kind kind, byte[] body, String errorType) {

  /** The ways an invocation ends. */
  public enum Kind {
    /** The runtime posted a response. */
    SUCCESS,
    /** The runtime posted an invocation error: the function failed. */
    FUNCTION_ERROR,
    /** The runtime failed to initialise (posted an init error). */
    INIT_ERROR,
    /** The platform ended it: timeout, crash, out of memory, oversized response. */
    PLATFORM_ERROR,
    /**
     * The runtime went away before it fetched the event: nothing ran, so the platform may retry
     * the invocation on another instance.
     */
    NOT_DELIVERED
  }

  public RuntimeResult {
    Objects.requireNonNull(kind);
    Objects.requireNonNull(body);
    errorType = errorType == null ? "" : errorType;
  }

  public static RuntimeResult success(byte[] body) {
    return new RuntimeResult(Kind.SUCCESS, body, "");
  }

  public boolean failed() {
    return kind != Kind.SUCCESS;
  }

  /** A Lambda error document built by the platform. */
  public static RuntimeResult platformError(String errorType, String errorMessage) {
    return new RuntimeResult(Kind.PLATFORM_ERROR, errorDocument(errorType, errorMessage), errorType);
  }

  /** {@code {"errorMessage": ..., "errorType": ...}} with JSON escaping. */
  public static byte[] errorDocument(String errorType, String errorMessage) {
    return ("{\"errorMessage\":"
            + JsonText.quote(errorMessage)
            + ",\"errorType\":"
            + JsonText.quote(errorType)
            + "}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
