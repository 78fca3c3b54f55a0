package dev.gust.invoke;

import dev.gust.core.JsonText;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * The JSON a destination receives, in Lambda's shape: {@code version}, {@code timestamp}, {@code
 * requestContext} (requestId, functionArn, condition, approximateInvokeCount), {@code
 * requestPayload}, {@code responseContext} (statusCode, executedVersion, functionError) and {@code
 * responsePayload}. Payloads that are JSON are embedded as JSON, others as strings.
 */
final class DestinationRecord {
  /** Lambda's conditions. */
  static final String SUCCESS = "Success";
  static final String RETRIES_EXHAUSTED = "RetriesExhausted";
  static final String EVENT_AGE_EXCEEDED = "EventAgeExceeded";

  private DestinationRecord() {}

  static byte[] of(
      String requestId,
      String functionArn,
      String condition,
      int invokeCount,
      byte[] requestPayload,
      Optional<InvokeResponse> response,
      Instant now) {
    StringBuilder b = new StringBuilder(256 + requestPayload.length);
    b.append("{\"version\":\"1.0\",\"timestamp\":\"").append(now).append("\",");
    b.append("\"requestContext\":{\"requestId\":").append(JsonText.quote(requestId))
        .append(",\"functionArn\":").append(JsonText.quote(functionArn))
        .append(",\"condition\":\"").append(condition)
        .append("\",\"approximateInvokeCount\":").append(invokeCount).append("},");
    b.append("\"requestPayload\":").append(json(requestPayload));
    if (response.isPresent()) {
      InvokeResponse r = response.get();
      b.append(",\"responseContext\":{\"statusCode\":").append(r.status())
          .append(",\"executedVersion\":").append(JsonText.quote(r.executedVersion().orElse("$LATEST")));
      r.functionError().ifPresent(e -> b.append(",\"functionError\":").append(JsonText.quote(e)));
      b.append("},\"responsePayload\":").append(json(r.payload()));
    }
    return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The payload as JSON if it is JSON, else as a JSON string. */
  private static String json(byte[] payload) {
    String text = new String(payload, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return "null";
    }
    return PayloadRules.isJson(payload) ? text : JsonText.quote(text);
  }
}
