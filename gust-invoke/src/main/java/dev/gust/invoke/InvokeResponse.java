package dev.gust.invoke;

import java.util.Optional;

/**
 * What Invoke answers.
 *
 * @param status 200, 202 or 204
 * @param payload the function's response or error document
 * @param functionError {@code X-Amz-Function-Error} ("Unhandled") when the function failed
 * @param executedVersion {@code X-Amz-Executed-Version}
 * @param logResult {@code X-Amz-Log-Result}: base64 of the last 4 KB of the log, when asked
 * @param requestId the invocation's request id
 * @param coldStart whether the invocation started a new instance
 */
public record InvokeResponse(
    int status,
    byte[] payload,
    Optional<String> functionError,
    Optional<String> executedVersion,
    Optional<String> logResult,
    String requestId,
    boolean coldStart) {}
