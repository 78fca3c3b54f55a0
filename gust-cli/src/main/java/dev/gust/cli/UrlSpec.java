package dev.gust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * A function URL as {@code gust url create} and {@code gust.yaml}'s {@code url} event describe it.
 *
 * @param qualifier the alias the URL invokes, or empty for the unqualified function
 * @param authType {@code NONE} or {@code AWS_IAM}
 * @param stream whether the URL streams the response ({@code InvokeMode RESPONSE_STREAM})
 * @param cors CORS answered for the URL, if any
 */
record UrlSpec(
    Optional<String> qualifier, String authType, boolean stream, Optional<CorsSpec> cors) {

  static final List<String> AUTH_TYPES = List.of("NONE", "AWS_IAM");

  UrlSpec {
    if (qualifier.isPresent() && qualifier.get().isBlank()) {
      throw new IllegalArgumentException("the qualifier is empty; give an alias");
    }
    if (qualifier.isPresent() && qualifier.get().matches("[0-9]+")) {
      throw new IllegalArgumentException(
          "a function URL points at $LATEST or an alias, not at version "
              + qualifier.get()
              + "; create an alias for it (gust alias set) and name that");
    }
    if (!AUTH_TYPES.contains(authType)) {
      throw new IllegalArgumentException("auth must be NONE or AWS_IAM, got '" + authType + "'");
    }
  }

  String invokeMode() {
    return stream ? "RESPONSE_STREAM" : "BUFFERED";
  }

  /**
   * The body of CreateFunctionUrlConfig and UpdateFunctionUrlConfig. An update without CORS sends
   * {@code "Cors": null} to remove any CORS the URL had.
   */
  ObjectNode request(boolean update) {
    ObjectNode request = Json.object().put("AuthType", authType).put("InvokeMode", invokeMode());
    if (cors.isPresent()) {
      request.set("Cors", cors.get().json());
    } else if (update) {
      request.putNull("Cors");
    }
    return request;
  }

  /** Whether a function URL configuration from the server has exactly these settings. */
  boolean sameSettingsAs(JsonNode url) {
    return Json.text(url, "AuthType", "").equals(authType)
        && Json.text(url, "InvokeMode", "BUFFERED").equals(invokeMode())
        && CorsSpec.same(cors, url.path("Cors"));
  }

  /** The qualifier in a FunctionArn ({@code arn:...:function:NAME:QUALIFIER}), or empty. */
  static String qualifierOf(String functionArn) {
    String[] parts = functionArn.split(":");
    return parts.length >= 8 ? parts[7] : "";
  }
}
