package dev.gust.runtime.java;

/**
 * One event taken from {@code GET /runtime/invocation/next}, with the headers that describe it.
 *
 * @param requestId {@code Lambda-Runtime-Aws-Request-Id}
 * @param deadlineMs {@code Lambda-Runtime-Deadline-Ms}, epoch milliseconds
 * @param invokedFunctionArn {@code Lambda-Runtime-Invoked-Function-Arn}
 * @param traceId {@code Lambda-Runtime-Trace-Id}, or null
 * @param clientContext {@code Lambda-Runtime-Client-Context} JSON, or null
 * @param cognitoIdentity {@code Lambda-Runtime-Cognito-Identity} JSON, or null
 * @param tenantId {@code Lambda-Runtime-Aws-Tenant-Id}, or null
 * @param body the event
 */
record Invocation(
    String requestId,
    long deadlineMs,
    String invokedFunctionArn,
    String traceId,
    String clientContext,
    String cognitoIdentity,
    String tenantId,
    byte[] body) {

  Invocation {
    if (requestId == null || requestId.isEmpty()) {
      throw new IllegalArgumentException(
          "the Runtime API sent an event without Lambda-Runtime-Aws-Request-Id");
    }
  }
}
