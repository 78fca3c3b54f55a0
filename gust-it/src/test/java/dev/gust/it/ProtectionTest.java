package dev.gust.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Protection at the door, end to end: JWT authorizers with keys from a JWKS endpoint the test
 * serves, API keys in usage plans, webhook signatures and route throttles, each refusing before
 * the function runs.
 */
class ProtectionTest extends ServerTest {
  static final String WEBHOOK_SECRET = "It's a Secret to Everybody";
  static HttpServer jwks;
  static final AtomicInteger jwksFetches = new AtomicInteger();
  static RSAKey signingKey;
  static String issuer;

  @BeforeAll
  static void deploy() throws Exception {
    signingKey = new RSAKeyGenerator(2048).keyID("k1").keyUse(KeyUse.SIGNATURE).generate();
    jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] keys = new JWKSet(signingKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    jwks.createContext("/.well-known/jwks.json", exchange -> {
      jwksFetches.incrementAndGet();
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, keys.length);
      exchange.getResponseBody().write(keys);
      exchange.close();
    });
    jwks.start();
    issuer = "http://127.0.0.1:" + jwks.getAddress().getPort() + "/";

    for (String name : List.of("guarded", "hook")) {
      gust.lambda.createFunction(b -> b.functionName(name).runtime("python3.11").handler("app.handler")
          .role("r").timeout(10).code(c -> c.zipFile(Functions.zip("api-echo"))));
    }
    GatewayTest.post(gust.endpoint() + "/gust/v1/routes", """
        {"RouteKey": "GET /orders/{id}", "FunctionName": "guarded",
         "Protection": {"Jwt": {"Issuer": "%s", "Audience": ["orders-api"],
                                "JwksUri": "%s.well-known/jwks.json", "Scopes": ["orders/read"]}}}
        """.formatted(issuer, issuer), 201);
    GatewayTest.post(gust.endpoint() + "/gust/v1/routes", """
        {"RouteKey": "GET /metered", "FunctionName": "guarded", "Protection": {"ApiKeyRequired": true}}
        """, 201);
    GatewayTest.post(gust.endpoint() + "/gust/v1/routes", """
        {"RouteKey": "GET /throttled", "FunctionName": "guarded",
         "Protection": {"Throttle": {"RateLimit": 0.001, "BurstLimit": 2}}}
        """, 201);
    GatewayTest.post(gust.endpoint() + "/gust/v1/routes", """
        {"RouteKey": "POST /hooks/github", "FunctionName": "hook",
         "Protection": {"Webhook": {"Scheme": "github", "Secret": "%s"}}}
        """.formatted(WEBHOOK_SECRET), 201);
  }

  @AfterAll
  static void stopJwks() {
    jwks.stop(0);
  }

  static String token(RSAKey key, String audience, Instant expires, String scope) throws Exception {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject("user-42").audience(audience)
        .issueTime(Date.from(Instant.now().minusSeconds(60))).expirationTime(Date.from(expires))
        .claim("scope", scope).build();
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(GatewayTest.routes(path)));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return GatewayTest.send(b);
  }

  static String body(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void aValidJwtReachesTheFunctionWithItsClaims() throws Exception {
    String ok = token(signingKey, "orders-api", Instant.now().plusSeconds(600), "profile orders/read");
    HttpResponse<byte[]> r = get("/orders/7", "Authorization", "Bearer " + ok);
    assertEquals(201, r.statusCode(), body(r));
    JsonNode event = GatewayTest.json(r);
    assertEquals("user-42", event.at("/authorizer/jwt/claims/sub").asText(), body(r));
    assertEquals("orders-api", event.at("/authorizer/jwt/claims/aud").asText());
    assertEquals("[\"profile\",\"orders/read\"]", event.at("/authorizer/jwt/scopes").toString());
    int fetched = jwksFetches.get();
    assertEquals(201, get("/orders/8", "Authorization", "Bearer " + ok).statusCode());
    assertEquals(fetched, jwksFetches.get(), "the key set is cached, not fetched per request");
  }

  @Test
  void badJwtsAreRefusedAtTheDoor() throws Exception {
    Instant later = Instant.now().plusSeconds(600);
    HttpResponse<byte[]> none = get("/orders/7");
    assertEquals(401, none.statusCode());
    assertEquals("{\"message\":\"Unauthorized\"}", body(none));

    HttpResponse<byte[]> expired = get("/orders/7", "Authorization",
        "Bearer " + token(signingKey, "orders-api", Instant.now().minusSeconds(3600), "orders/read"));
    assertEquals(401, expired.statusCode(), body(expired));

    HttpResponse<byte[]> wrongAudience = get("/orders/7", "Authorization",
        "Bearer " + token(signingKey, "billing-api", later, "orders/read"));
    assertEquals(401, wrongAudience.statusCode(), body(wrongAudience));

    // Same key id, different key: the signature does not verify against the served JWKS.
    RSAKey impostor = new RSAKeyGenerator(2048).keyID("k1").keyUse(KeyUse.SIGNATURE).generate();
    HttpResponse<byte[]> forged = get("/orders/7", "Authorization",
        "Bearer " + token(impostor, "orders-api", later, "orders/read"));
    assertEquals(401, forged.statusCode(), body(forged));

    HttpResponse<byte[]> noScope = get("/orders/7", "Authorization",
        "Bearer " + token(signingKey, "orders-api", later, "profile"));
    assertEquals(403, noScope.statusCode(), body(noScope));
    assertEquals("{\"message\":\"Forbidden\"}", body(noScope));
    assertTrue(noScope.headers().firstValue("apigw-requestid").isPresent());
  }

  @Test
  void apiKeysAreMeteredByTheirUsagePlan() throws Exception {
    HttpResponse<byte[]> plan = GatewayTest.send(HttpRequest.newBuilder(URI.create(gust.endpoint() + "/gust/v1/usage-plans"))
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"Name\":\"free\",\"Throttle\":{\"RateLimit\":0.001,\"BurstLimit\":2}}")));
    assertEquals(201, plan.statusCode(), body(plan));
    String planId = GatewayTest.json(plan).get("Id").asText();
    HttpResponse<byte[]> key = GatewayTest.send(HttpRequest.newBuilder(URI.create(gust.endpoint() + "/gust/v1/api-keys"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"Name\":\"alice\",\"UsagePlanId\":\"" + planId + "\"}")));
    assertEquals(201, key.statusCode(), body(key));
    String value = GatewayTest.json(key).get("Value").asText();
    assertTrue(value.length() >= 20, value);

    assertEquals(403, get("/metered").statusCode(), "no key");
    assertEquals(403, get("/metered", "x-api-key", "not-a-key-anyone-has-0000").statusCode(), "unknown key");
    assertEquals(201, get("/metered", "x-api-key", value).statusCode());
    assertEquals(201, get("/metered", "x-api-key", value).statusCode());
    HttpResponse<byte[]> third = get("/metered", "x-api-key", value);
    assertEquals(429, third.statusCode(), body(third));
    assertEquals("{\"message\":\"Too Many Requests\"}", body(third));
    assertTrue(Long.parseLong(third.headers().firstValue("retry-after").orElseThrow()) >= 1);

    HttpResponse<byte[]> listed = GatewayTest.send(HttpRequest.newBuilder(URI.create(gust.endpoint() + "/gust/v1/api-keys")));
    assertTrue(body(listed).contains("\"alice\"") && !body(listed).contains(value), "a key's value is never listed");
  }

  @Test
  void aRouteThrottleTurnsAwayTheFlood() throws Exception {
    assertEquals(201, get("/throttled").statusCode());
    assertEquals(201, get("/throttled").statusCode());
    HttpResponse<byte[]> r = get("/throttled");
    assertEquals(429, r.statusCode(), body(r));
    assertTrue(r.headers().firstValue("retry-after").isPresent());
  }

  @Test
  void aBadWebhookSignatureIsRefusedAndTheFunctionNeverRuns() throws Exception {
    String payload = "{\"action\":\"opened\",\"number\":1}";
    HttpResponse<byte[]> forged = GatewayTest.send(HttpRequest.newBuilder(URI.create(GatewayTest.routes("/hooks/github")))
        .header("X-Hub-Signature-256", "sha256=" + hmac("wrong secret", payload))
        .POST(HttpRequest.BodyPublishers.ofString(payload)));
    assertEquals(401, forged.statusCode(), body(forged));
    HttpResponse<byte[]> unsigned = GatewayTest.send(HttpRequest.newBuilder(URI.create(GatewayTest.routes("/hooks/github")))
        .POST(HttpRequest.BodyPublishers.ofString(payload)));
    assertEquals(401, unsigned.statusCode(), body(unsigned));
    assertEquals(0, invocations("hook"), "refused requests never reach the function");

    HttpResponse<byte[]> signed = GatewayTest.send(HttpRequest.newBuilder(URI.create(GatewayTest.routes("/hooks/github")))
        .header("X-Hub-Signature-256", "sha256=" + hmac(WEBHOOK_SECRET, payload))
        .POST(HttpRequest.BodyPublishers.ofString(payload)));
    assertEquals(201, signed.statusCode(), body(signed));
    assertEquals(1, invocations("hook"));
  }

  @Test
  void aMisspeltProtectionIsRefusedAndCreatesNothing() throws Exception {
    HttpResponse<byte[]> r = GatewayTest.send(HttpRequest.newBuilder(URI.create(gust.endpoint() + "/gust/v1/routes"))
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"RouteKey\":\"GET /open\",\"FunctionName\":\"guarded\",\"Protection\":{\"ApiKeyRequred\":true}}")));
    assertEquals(400, r.statusCode());
    assertEquals("InvalidParameterValueException", r.headers().firstValue("x-amzn-ErrorType").orElse(null));
    assertTrue(body(r).contains("ApiKeyRequred"), body(r));
    assertEquals(404, get("/open").statusCode(), "the route was not created");
    String listed = body(GatewayTest.send(HttpRequest.newBuilder(URI.create(gust.endpoint() + "/gust/v1/routes"))));
    assertTrue(listed.contains("\"Secret\":\"********\"") && !listed.contains(WEBHOOK_SECRET),
        "a webhook secret is never read back: " + listed);
  }

  static String hmac(String secret, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  static long invocations(String function) throws Exception {
    JsonNode usage = GatewayTest.json(GatewayTest.send(HttpRequest.newBuilder(URI.create(gust.endpoint() + "/gust/v1/usage"))));
    for (JsonNode f : usage.get("functions")) {
      if (f.get("FunctionName").asText().equals(function)) {
        return f.get("Invocations").asLong();
      }
    }
    return 0;
  }
}
