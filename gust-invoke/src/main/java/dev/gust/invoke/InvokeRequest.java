package dev.gust.invoke;

import dev.gust.core.Arns;
import dev.gust.runtimeapi.ResponseStream;
import java.util.Optional;

/**
 * A decoded Invoke request.
 *
 * @param function the function and qualifier to invoke
 * @param payload the event bytes as sent (empty means {@code {}})
 * @param type the invocation type
 * @param tailLogs {@code X-Amz-Log-Type: Tail}
 * @param clientContext {@code X-Amz-Client-Context} as sent (base64 JSON)
 * @param stream where a streamed response goes as it arrives (function URLs in RESPONSE_STREAM
 *     mode); empty for a buffered invocation
 */
public record InvokeRequest(
    Arns.FunctionRef function,
    byte[] payload,
    InvocationType type,
    boolean tailLogs,
    Optional<String> clientContext,
    Optional<ResponseStream> stream) {

  /** A buffered invocation. */
  public InvokeRequest(
      Arns.FunctionRef function,
      byte[] payload,
      InvocationType type,
      boolean tailLogs,
      Optional<String> clientContext) {
    this(function, payload, type, tailLogs, clientContext, Optional.empty());
  }
}
