package dev.gust.invoke;

import dev.gust.instances.Execution;
import dev.gust.runtimeapi.RuntimeResult;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/** The platform lines Lambda writes around each invocation's output. */
final class LambdaLog {
  private LambdaLog() {}

  static String format(
      String requestId, String version, int memoryMb, long billedMs, Execution exec) {
    StringBuilder b = new StringBuilder(256 + exec.log().length());
    b.append("START RequestId: ").append(requestId).append(" Version: ").append(version).append('\n');
    b.append(exec.log());
    if (!exec.log().isEmpty() && !exec.log().endsWith("\n")) {
      b.append('\n');
    }
    RuntimeResult r = exec.result();
    if (r.kind() == RuntimeResult.Kind.PLATFORM_ERROR) {
      b.append(new String(r.body(), StandardCharsets.UTF_8).contains("Task timed out")
              ? timestampedMessage(r)
              : timestampedMessage(r) + "\n" + r.errorType())
          .append('\n');
    }
    b.append("END RequestId: ").append(requestId).append('\n');
    b.append("REPORT RequestId: ").append(requestId);
    b.append("\tDuration: ").append(ms(exec.durationMs())).append(" ms");
    b.append("\tBilled Duration: ").append(billedMs).append(" ms");
    b.append("\tMemory Size: ").append(memoryMb).append(" MB");
    b.append("\tMax Memory Used: ").append(exec.maxMemoryUsedMb()).append(" MB");
    if (exec.coldStart()) {
      b.append("\tInit Duration: ").append(ms(exec.initDurationMs())).append(" ms");
    }
    if (r.errorType().equals("Sandbox.Timedout")) {
      b.append("\tStatus: timeout");
    } else if (r.kind() == RuntimeResult.Kind.PLATFORM_ERROR || r.kind() == RuntimeResult.Kind.INIT_ERROR) {
      b.append("\tStatus: error\tError Type: ").append(r.errorType());
    }
    b.append('\n');
    return b.toString();
  }

  private static String timestampedMessage(RuntimeResult r) {
    String body = new String(r.body(), StandardCharsets.UTF_8);
    int start = body.indexOf("\"errorMessage\":\"");
    if (start < 0) {
      return body;
    }
    int from = start + "\"errorMessage\":\"".length();
    int end = body.indexOf("\",\"errorType\"", from);
    return end < 0 ? body : body.substring(from, end).replace("\\\"", "\"").replace("\\n", "\n");
  }

  static String ms(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  /** {@code X-Amz-Log-Result}: base64 of the last 4 KB of the log, cut at a character boundary. */
  static String tail(String log, int maxBytes) {
    byte[] bytes = log.getBytes(StandardCharsets.UTF_8);
    int from = Math.max(0, bytes.length - maxBytes);
    while (from < bytes.length && (bytes[from] & 0xC0) == 0x80) {
      from++; // don't start inside a UTF-8 sequence
    }
    byte[] tail = java.util.Arrays.copyOfRange(bytes, from, bytes.length);
    return Base64.getEncoder().encodeToString(tail);
  }
}
