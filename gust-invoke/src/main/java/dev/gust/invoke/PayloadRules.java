package dev.gust.invoke;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.gust.core.GustException;
import dev.gust.core.Limits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Lambda's rules for Invoke payloads and client contexts, checked before anything runs. */
final class PayloadRules {
  private static final JsonFactory JSON = new JsonFactory();
  private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);
  static final int MAX_CLIENT_CONTEXT_BYTES = 3583;

  private PayloadRules() {}

  /** Checks size and JSON syntax; returns the event to deliver ({@code {}} for an empty body). */
  static byte[] event(byte[] payload, InvocationType type) {
    int limit =
        type == InvocationType.EVENT ? Limits.MAX_ASYNC_PAYLOAD_BYTES : Limits.MAX_SYNC_PAYLOAD_BYTES;
    if (payload.length > limit) {
      throw GustException.tooLarge(
          "Request must be smaller than "
              + limit
              + " bytes for the "
              + (type == InvocationType.EVENT ? "InvokeAsync" : "InvokeFunction")
              + " operation");
    }
    if (isBlank(payload)) {
      return EMPTY_OBJECT;
    }
    requireJson(payload);
    return payload;
  }

  private static boolean isBlank(byte[] payload) {
    for (byte b : payload) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code payload} is exactly one JSON value. */
  static boolean isJson(byte[] payload) {
    try {
      requireJson(payload);
      return true;
    } catch (GustException e) {
      return false;
    }
  }

  private static void requireJson(byte[] payload) {
    try (JsonParser p = JSON.createParser(payload)) {
      if (p.nextToken() == null) {
        throw new IOException("no JSON value");
      }
      p.skipChildren();
      JsonToken trailing = p.nextToken();
      if (trailing != null) {
        throw new IOException("unexpected data after the JSON value: " + trailing);
      }
    } catch (IOException e) {
      String reason = e.getMessage() == null ? "" : e.getMessage().split("\n")[0];
      throw GustException.invalidContent("Could not parse request body into json: " + reason);
    }
  }

  /** Decodes and checks {@code X-Amz-Client-Context}: base64 of a JSON object, at most 3583 B. */
  static Optional<String> clientContext(Optional<String> header) {
    if (header.isEmpty() || header.get().isEmpty()) {
      return Optional.empty();
    }
    if (header.get().length() > MAX_CLIENT_CONTEXT_BYTES) {
      throw GustException.invalidParameter(
          "Client context must be at most " + MAX_CLIENT_CONTEXT_BYTES + " bytes of base64.");
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(header.get());
    } catch (IllegalArgumentException e) {
      throw GustException.invalidContent("Client context must be a valid Base64-encoded JSON object.");
    }
    try {
      requireJson(decoded);
    } catch (GustException e) {
      throw GustException.invalidContent("Client context must be a valid Base64-encoded JSON object.");
    }
    return Optional.of(new String(decoded, StandardCharsets.UTF_8));
  }
}
