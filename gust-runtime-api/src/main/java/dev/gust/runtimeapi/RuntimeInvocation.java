package dev.gust.runtimeapi;

import java.util.Objects;
import java.util.Optional;

/**
 * One invocation as the runtime receives it from {@code GET /runtime/invocation/next}.
 *
 * @param requestId {@code Lambda-Runtime-Aws-Request-Id}
 * @param payload the event bytes (JSON)
 * @param timeoutMs the function's timeout: {@code Lambda-Runtime-Deadline-Ms} is the moment the
 *     runtime receives the event plus this
 * @param invokedFunctionArn {@code Lambda-Runtime-Invoked-Function-Arn}
 * @param traceId {@code Lambda-Runtime-Trace-Id}
 * @param clientContext {@code Lambda-Runtime-Client-Context} (decoded JSON), if any
 * @param cognitoIdentity {@code Lambda-Runtime-Cognito-Identity}, if any
 * @param stream where a streamed response goes as it arrives; empty for buffered invocations
 *     (a runtime that streams anyway is then read to the end and answered as one body)
 */
public record RuntimeInvocation(
    String requestId,
    byte[] payload,
    long timeoutMs,
    String invokedFunctionArn,
    String traceId,
    Optional<String> clientContext,
    Optional<String> cognitoIdentity,
    Optional<ResponseStream> stream) {

  public RuntimeInvocation {
    Objects.requireNonNull(requestId);
    Objects.requireNonNull(payload);
    Objects.requireNonNull(invokedFunctionArn);
    Objects.requireNonNull(traceId);
    Objects.requireNonNull(stream);
  }

  /** The same invocation, buffered (no stream). */
  public RuntimeInvocation(
      String requestId,
      byte[] payload,
      long timeoutMs,
      String invokedFunctionArn,
      String traceId,
      Optional<String> clientContext,
      Optional<String> cognitoIdentity) {
    this(
        requestId,
        payload,
        timeoutMs,
        invokedFunctionArn,
        traceId,
        clientContext,
        cognitoIdentity,
        Optional.empty());
  }
}
