package dev.gust.http;

import dev.gust.core.JsonText;
import dev.gust.core.ErrorType;
import dev.gust.core.GustException;

/**
 * The one place that turns exceptions into Lambda's error responses: the status, the {@code
 * x-amzn-ErrorType} header (which AWS clients read first), and a body with {@code Type} and
 * {@code message} (plus {@code Reason} for throttles).
 */
final class Errors {
  private static final System.Logger LOG = System.getLogger("gust.http");

  private Errors() {}

  static Response toResponse(Throwable t) {
    if (t instanceof GustException e) {
      return of(e);
    }
    LOG.log(System.Logger.Level.ERROR, "unexpected failure serving a request", t);
    return of(
        new GustException(
            ErrorType.SERVICE,
            "Gust failed to serve the request: "
                + t.getClass().getSimpleName()
                + (t.getMessage() == null ? "" : ": " + t.getMessage())));
  }

  static Response of(GustException e) {
    ErrorType type = e.type();
    StringBuilder body = new StringBuilder("{");
    e.reason().ifPresent(r -> body.append("\"Reason\":").append(JsonText.quote(r)).append(','));
    body.append("\"Type\":").append(JsonText.quote(type.blame().wireName()));
    body.append(",\"message\":").append(JsonText.quote(e.getMessage() == null ? "" : e.getMessage()));
    body.append('}');
    Response r =
        Response.json(type.status(), body.toString()).withHeader("x-amzn-ErrorType", type.wireName());
    if (e.retryAfterSeconds().isPresent()) {
      r = r.withHeader("Retry-After", Integer.toString(e.retryAfterSeconds().get()));
    }
    return r;
  }

  /** A path Gust does not serve. */
  static Response unknownOperation(String method, String path) {
    return Response.json(
            404,
            "{\"Type\":\"User\",\"message\":"
                + JsonText.quote("Unknown operation: " + method + " " + path)
                + "}")
        .withHeader("x-amzn-ErrorType", "UnknownOperationException");
  }

  static Response methodNotAllowed(String method, String path) {
    return Response.json(
            405,
            "{\"Type\":\"User\",\"message\":"
                + JsonText.quote("Method " + method + " is not allowed on " + path)
                + "}")
        .withHeader("x-amzn-ErrorType", "MethodNotAllowedException");
  }
}
