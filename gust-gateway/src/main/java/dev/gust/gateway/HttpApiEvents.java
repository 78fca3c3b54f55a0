package dev.gust.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the Lambda proxy event for a request, in payload format 2.0 (HTTP APIs and function URLs)
 * or 1.0 (the REST-style format HTTP APIs still offer).
 *
 * <p>Null versus omitted follows AWS's examples and real events: in 2.0 {@code cookies}, {@code
 * queryStringParameters}, {@code pathParameters} and {@code body} are left out when there are
 * none, and {@code stageVariables} and {@code requestContext.authentication} are always left out
 * (Gust has neither); in 1.0 the same fields are {@code null}, as API Gateway sends them.
 */
public final class HttpApiEvents {
  private static final DateTimeFormatter CLF_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private static final List<String> V1_IDENTITY_NULLS =
      List.of("accessKey", "accountId", "caller", "cognitoAmr", "cognitoAuthenticationProvider",
          "cognitoAuthenticationType", "cognitoIdentityId", "cognitoIdentityPoolId",
          "principalOrgId");

  private HttpApiEvents() {}

  /**
   * Payload format 2.0 (HTTP APIs and function URLs). Header names are lower-cased and repeated
   * headers joined with {@code ,}; {@code Cookie} headers become {@code cookies} (split on {@code
   * ;}) and are not in {@code headers}; repeated query parameters are joined with {@code ,}.
   */
  public static byte[] v2(GatewayRequest r, EventContext ctx) {
    ObjectNode e = Bodies.MAPPER.createObjectNode();
    e.put("version", "2.0");
    e.put("routeKey", ctx.routeKey());
    e.put("rawPath", r.rawPath());
    e.put("rawQueryString", r.rawQuery());
    ArrayNode cookies = e.arrayNode();
    for (String header : r.headerValues("cookie")) {
      for (String cookie : header.split(";")) {
        if (!cookie.isBlank()) {
          cookies.add(cookie.trim());
        }
      }
    }
    if (!cookies.isEmpty()) {
      e.set("cookies", cookies);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : r.headers()) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (!name.equals("cookie")) {
        headers.merge(name, h.getValue(), (a, b) -> a + "," + b);
      }
    }
    e.set("headers", Bodies.MAPPER.valueToTree(headers));
    Map<String, String> query = new LinkedHashMap<>();
    UriText.queryParameters(r.rawQuery())
        .forEach(p -> query.merge(p.getKey(), p.getValue(), (a, b) -> a + "," + b));
    if (!query.isEmpty()) {
      e.set("queryStringParameters", Bodies.MAPPER.valueToTree(query));
    }
    if (!ctx.pathParameters().isEmpty()) {
      e.set("pathParameters", Bodies.MAPPER.valueToTree(ctx.pathParameters()));
    }
    ObjectNode rc = e.putObject("requestContext");
    rc.put("accountId", ctx.accountId());
    rc.put("apiId", ctx.apiId());
    ctx.authorizer().ifPresent(a -> rc.set("authorizer", Bodies.MAPPER.valueToTree(a)));
    rc.put("domainName", r.domainName());
    rc.put("domainPrefix", ctx.domainPrefix());
    ObjectNode http = rc.putObject("http");
    http.put("method", r.method());
    http.put("path", r.rawPath());
    http.put("protocol", r.protocol());
    http.put("sourceIp", r.sourceIp());
    http.put("userAgent", r.header("user-agent").orElse(""));
    rc.put("requestId", r.requestId());
    rc.put("routeKey", ctx.routeKey());
    rc.put("stage", ctx.stage());
    rc.put("time", CLF_TIME.format(r.time()));
    rc.put("timeEpoch", r.time().toEpochMilli());
    putBody(e, r, false);
    return write(e);
  }

  /**
   * Payload format 1.0. Header names keep their case; {@code headers} and {@code
   * queryStringParameters} hold the last value of each name, {@code multiValueHeaders} and {@code
   * multiValueQueryStringParameters} all of them. For {@code $default}, {@code resource}, {@code
   * resourceId} and {@code resourcePath} are {@code $default}, as in events AWS sends.
   */
  public static byte[] v1(GatewayRequest r, EventContext ctx) {
    ObjectNode e = Bodies.MAPPER.createObjectNode();
    e.put("version", "1.0");
    e.put("resource", ctx.resourcePath());
    e.put("path", r.rawPath());
    e.put("httpMethod", r.method());
    // Header names are case-insensitive: group them, spelled as first received.
    Map<String, String> spelling = new LinkedHashMap<>();
    Map<String, List<String>> multiHeaders = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : r.headers()) {
      String name = spelling.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> h.getKey());
      multiHeaders.computeIfAbsent(name, k -> new ArrayList<>()).add(h.getValue());
    }
    Map<String, List<String>> multiQuery = new LinkedHashMap<>();
    UriText.queryParameters(r.rawQuery())
        .forEach(p -> multiQuery.computeIfAbsent(p.getKey(), k -> new ArrayList<>())
            .add(p.getValue()));
    putSingleAndMulti(e, "headers", "multiValueHeaders", multiHeaders);
    putSingleAndMulti(e, "queryStringParameters", "multiValueQueryStringParameters", multiQuery);
    ObjectNode rc = e.putObject("requestContext");
    rc.put("accountId", ctx.accountId());
    rc.put("apiId", ctx.apiId());
    ctx.authorizer().ifPresent(a -> rc.set("authorizer", v1Authorizer(a)));
    rc.put("domainName", r.domainName());
    rc.put("domainPrefix", ctx.domainPrefix());
    rc.put("extendedRequestId", r.requestId());
    rc.put("httpMethod", r.method());
    ObjectNode identity = rc.putObject("identity");
    V1_IDENTITY_NULLS.forEach(identity::putNull);
    identity.put("sourceIp", r.sourceIp());
    identity.putNull("user");
    identity.put("userAgent", r.header("user-agent").orElse(""));
    identity.putNull("userArn");
    rc.put("path", r.rawPath());
    rc.put("protocol", r.protocol());
    rc.put("requestId", r.requestId());
    rc.put("requestTime", CLF_TIME.format(r.time()));
    rc.put("requestTimeEpoch", r.time().toEpochMilli());
    rc.put("resourceId", ctx.routeKey());
    rc.put("resourcePath", ctx.resourcePath());
    rc.put("stage", ctx.stage());
    if (ctx.pathParameters().isEmpty()) {
      e.putNull("pathParameters");
    } else {
      e.set("pathParameters", Bodies.MAPPER.valueToTree(ctx.pathParameters()));
    }
    e.putNull("stageVariables");
    putBody(e, r, true);
    return write(e);
  }

  private static void putSingleAndMulti(
      ObjectNode e, String single, String multi, Map<String, List<String>> values) {
    if (values.isEmpty()) {
      e.putNull(single);
      e.putNull(multi);
      return;
    }
    ObjectNode last = e.putObject(single);
    values.forEach((k, v) -> last.put(k, v.get(v.size() - 1)));
    e.set(multi, Bodies.MAPPER.valueToTree(values));
  }

  /** 1.0 puts a JWT authorizer's {@code claims} and {@code scopes} right in {@code authorizer}. */
  private static JsonNode v1Authorizer(Map<String, Object> authorizer) {
    JsonNode tree = Bodies.MAPPER.valueToTree(authorizer);
    return tree.has("jwt") && tree.get("jwt").isObject() ? tree.get("jwt") : tree;
  }

  private static void putBody(ObjectNode e, GatewayRequest r, boolean nullWhenEmpty) {
    byte[] body = r.body();
    if (body.length == 0) {
      if (nullWhenEmpty) {
        e.putNull("body");
      }
      e.put("isBase64Encoded", false);
      return;
    }
    Optional<String> text = Bodies.asText(r.header("content-type"), body);
    e.put("body", text.orElseGet(() -> Bodies.base64(body)));
    e.put("isBase64Encoded", text.isEmpty());
  }

  private static byte[] write(ObjectNode e) {
    try {
      return Bodies.MAPPER.writeValueAsBytes(e);
    } catch (JsonProcessingException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
