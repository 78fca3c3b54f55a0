package dev.gust.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gust.gateway.GatewayResponse;
import java.io.ByteArrayOutputStream;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The head of a streamed response: for Lambda's HTTP integration content type, the JSON prelude
 * ({@code statusCode}, {@code headers}, {@code cookies}) before eight NUL bytes; otherwise 200
 * with the stream's content type. {@code rest} holds body bytes read along with the prelude.
 */
record StreamedHead(GatewayResponse response, byte[] rest) {
  static final String HTTP_INTEGRATION = "application/vnd.awslambda.http-integration-response";
  private static final int MAX_PRELUDE = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  static StreamedHead read(StreamRelay relay) throws InterruptedException {
    if (!relay.contentType().toLowerCase(java.util.Locale.ROOT).startsWith(HTTP_INTEGRATION)) {
      return new StreamedHead(
          new GatewayResponse(200, List.of(header("Content-Type", relay.contentType())), new byte[0]),
          new byte[0]);
    }
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    while (seen.size() <= MAX_PRELUDE) {
      byte[] chunk = relay.take();
      if (chunk == null) {
        break;
      }
      seen.writeBytes(chunk);
      byte[] all = seen.toByteArray();
      int end = delimiter(all);
      if (end >= 0) {
        return new StreamedHead(parse(Arrays.copyOfRange(all, 0, end)), Arrays.copyOfRange(all, end + 8, all.length));
      }
    }
    // no delimiter: not a prelude after all; send what came as the body
    return new StreamedHead(new GatewayResponse(200, List.of(), new byte[0]), seen.toByteArray());
  }

  private static int delimiter(byte[] bytes) {
    int zeros = 0;
    for (int i = 0; i < bytes.length; i++) {
      zeros = bytes[i] == 0 ? zeros + 1 : 0;
      if (zeros == 8) {
        return i - 7;
      }
    }
    return -1;
  }

  private static GatewayResponse parse(byte[] prelude) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    int status = 200;
    try {
      JsonNode n = JSON.readTree(prelude);
      if (n != null && n.hasNonNull("statusCode")) {
        status = n.get("statusCode").asInt(200);
      }
      if (n != null && n.has("headers")) {
        n.get("headers").fields().forEachRemaining(e -> headers.add(header(e.getKey(), e.getValue().asText())));
      }
      if (n != null && n.has("cookies")) {
        n.get("cookies").forEach(c -> headers.add(header("Set-Cookie", c.asText())));
      }
    } catch (java.io.IOException e) {
      status = 500;
    }
    return new GatewayResponse(status, headers, new byte[0]);
  }

  private static Map.Entry<String, String> header(String name, String value) {
    return new AbstractMap.SimpleImmutableEntry<>(name, value);
  }
}
