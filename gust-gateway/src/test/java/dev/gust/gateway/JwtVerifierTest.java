package dev.gust.gateway;

import static dev.gust.gateway.Fixtures.request;
import static dev.gust.gateway.Tokens.EC;
import static dev.gust.gateway.Tokens.ISSUER;
import static dev.gust.gateway.Tokens.JWKS_URI;
import static dev.gust.gateway.Tokens.RSA;
import static dev.gust.gateway.Tokens.claims;
import static dev.gust.gateway.Tokens.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.gust.core.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JwtVerifierTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final JwtAuthorizer ORDERS =
      new JwtAuthorizer(ISSUER, List.of("orders-api"), JWKS_URI, List.of());
  private static final JwtAuthorizer ORDERS_READ =
      new JwtAuthorizer(ISSUER, List.of("orders-api"), JWKS_URI, List.of("orders/read"));

  private final ManualClock clock = new ManualClock(NOW);
  private final Tokens.FakeJwks jwks = new Tokens.FakeJwks(Tokens.jwks(RSA, EC));
  private final JwtVerifier verifier = new JwtVerifier(jwks, clock);

  private DoorDecision verify(JwtAuthorizer authorizer, String authorization) {
    return verifier.verify(authorizer, request("GET", "/orders", "Authorization", authorization));
  }

  private static String rs256(JWTClaimsSet claims) {
    return sign(RSA, JWSAlgorithm.RS256, claims);
  }

  private static void assertInvalid(DoorDecision d, String description) {
    DoorDecision.Deny deny = assertInstanceOf(DoorDecision.Deny.class, d);
    assertEquals(401, deny.status());
    assertEquals("{\"message\":\"Unauthorized\"}", deny.response().bodyText());
    assertEquals("Bearer scope=\"\" error=\"invalid_token\" error_description=\"" + description
        + "\"", deny.response().header("WWW-Authenticate").orElseThrow());
  }

  @Test
  @SuppressWarnings("unchecked")
  void validRs256TokenIsAllowedWithEveryClaimAsAString() {
    String token = rs256(claims(NOW).claim("groups", List.of("admin", "users"))
        .claim("email_verified", true).claim("org", Map.of("id", 7)).build());
    DoorDecision.Allow allow = assertInstanceOf(DoorDecision.Allow.class,
        verify(ORDERS, "Bearer " + token));
    Map<String, Object> jwt = (Map<String, Object>) allow.authorizer().orElseThrow().get("jwt");
    Map<String, String> claims = (Map<String, String>) jwt.get("claims");
    assertEquals(ISSUER, claims.get("iss"));
    assertEquals("orders-api", claims.get("aud"));
    assertEquals("user-42", claims.get("sub"));
    assertEquals(Long.toString(NOW.getEpochSecond() + 3600), claims.get("exp"));
    assertEquals("[admin users]", claims.get("groups"));
    assertEquals("true", claims.get("email_verified"));
    assertEquals("{\"id\":7}", claims.get("org"));
    assertTrue(jwt.containsKey("scopes"));
    assertNull(jwt.get("scopes"), "API Gateway sends scopes: null when the route has none");
  }

  @Test
  void validEs256TokenIsAllowed() {
    String token = sign(EC, JWSAlgorithm.ES256, claims(NOW).build());
    assertTrue(verify(ORDERS, "Bearer " + token).allowed());
  }

  @Test
  void bearerPrefixIsOptionalAndItsCaseIsFree() {
    String token = rs256(claims(NOW).build());
    assertTrue(verify(ORDERS, token).allowed());
    assertTrue(verify(ORDERS, "bearer " + token).allowed());
    assertTrue(verify(ORDERS, "BEARER   " + token).allowed());
  }

  @Test
  void missingTokenIs401WithAChallengeButNoError() {
    DoorDecision.Deny deny = assertInstanceOf(DoorDecision.Deny.class,
        verifier.verify(ORDERS_READ, request("GET", "/orders")));
    assertEquals(401, deny.status());
    assertEquals("Bearer scope=\"orders/read\"",
        deny.response().header("WWW-Authenticate").orElseThrow());
    assertEquals(401, statusOf(verify(ORDERS, "Bearer ")));
    assertEquals(0, jwks.fetches.get(), "no token, no key fetch");
  }

  @Test
  void expiredTokenIsRefused() {
    String token = rs256(claims(NOW.minusSeconds(7200)).build()); // expired an hour ago
    assertInvalid(verify(ORDERS, token), "the token has expired");
  }

  @Test
  void tokenExpiresExactlyAtExp() {
    String token = rs256(claims(NOW).build());
    clock.advance(Duration.ofSeconds(3599));
    assertTrue(verify(ORDERS, token).allowed());
    clock.advance(Duration.ofSeconds(1));
    assertInvalid(verify(ORDERS, token), "the token has expired");
  }

  @Test
  void tokenWithoutExpIsRefused() {
    String token = rs256(claims(NOW).expirationTime(null).build());
    assertInvalid(verify(ORDERS, token), "the token does not have a valid exp");
  }

  @Test
  void notYetValidTokenIsRefusedUntilNbf() {
    String token = rs256(claims(NOW).notBeforeTime(Date.from(NOW.plusSeconds(60))).build());
    assertInvalid(verify(ORDERS, token), "the token is not valid yet");
    clock.advance(Duration.ofSeconds(60));
    assertTrue(verify(ORDERS, token).allowed());
  }

  @Test
  void tokenIssuedInTheFutureIsRefused() {
    String token = rs256(claims(NOW).issueTime(Date.from(NOW.plusSeconds(5))).build());
    assertInvalid(verify(ORDERS, token), "the token was issued in the future");
  }

  @Test
  void wrongIssuerIsRefused() {
    String token = rs256(claims(NOW).issuer("https://evil.example.com/").build());
    assertInvalid(verify(ORDERS, token), "the token does not have a valid issuer");
  }

  @Test
  void wrongAudienceGetsTheChallengeAwsDocuments() {
    String token = rs256(claims(NOW).audience(List.of("billing-api", "other")).build());
    assertInvalid(verify(ORDERS, token), "the token does not have a valid audience");
  }

  @Test
  void clientIdStandsInForAudOnlyWhenThereIsNoAud() {
    String cognitoAccess = rs256(claims(NOW).audience((String) null)
        .claim("client_id", "orders-api").build());
    assertTrue(verify(ORDERS, cognitoAccess).allowed());
    String both = rs256(claims(NOW).audience("billing-api").claim("client_id", "orders-api")
        .build());
    assertInvalid(verify(ORDERS, both), "the token does not have a valid audience");
  }

  @Test
  void signatureByAnotherKeyUnderTheSameKidIsRefused() {
    String forged = sign(Tokens.rsa("rsa-1"), JWSAlgorithm.RS256, claims(NOW).build());
    assertInvalid(verify(ORDERS, forged), "the token's signature is invalid");
  }

  @Test
  void tamperedPayloadIsRefused() {
    String[] parts = rs256(claims(NOW).build()).split("\\.");
    String otherPayload = rs256(claims(NOW).subject("admin").build()).split("\\.")[1];
    assertInvalid(verify(ORDERS, parts[0] + "." + otherPayload + "." + parts[2]),
        "the token's signature is invalid");
  }

  @Test
  void hmacAndGarbageTokensAreRefused() throws Exception {
    OctetSequenceKey secret = new OctetSequenceKeyGenerator(256).keyID("rsa-1").generate();
    assertInvalid(verify(ORDERS, sign(secret, JWSAlgorithm.HS256, claims(NOW).build())),
        "the token's algorithm is not supported");
    assertInvalid(verify(ORDERS, "not.a.jwt"), "the token is not a signed JWT");
    assertInvalid(verify(ORDERS, "eyJhbGciOiJub25lIn0.e30."), "the token is not a signed JWT");
  }

  @Test
  void keyOfTheWrongTypeForTheAlgorithmIsNotUsed() {
    String token = sign(RSA, "ec-1", JWSAlgorithm.RS256, claims(NOW).build());
    assertInvalid(verify(ORDERS, token), "the key in the JWKS cannot verify the token's algorithm");
  }

  @Test
  void tokenWithoutTheRouteScopesIsForbidden() {
    String token = rs256(claims(NOW).claim("scope", "orders/write profile").build());
    DoorDecision.Deny deny = assertInstanceOf(DoorDecision.Deny.class, verify(ORDERS_READ, token));
    assertEquals(403, deny.status());
    assertEquals("{\"message\":\"Forbidden\"}", deny.response().bodyText());
    assertEquals("Bearer scope=\"orders/read\" error=\"insufficient_scope\""
            + " error_description=\"the token does not have any of the route's scopes\"",
        deny.response().header("WWW-Authenticate").orElseThrow());
    assertEquals(403, statusOf(verify(ORDERS_READ, rs256(claims(NOW).build()))));
  }

  @Test
  @SuppressWarnings("unchecked")
  void oneOfTheRouteScopesIsEnoughInScopeOrScp() {
    JwtAuthorizer either = new JwtAuthorizer(ISSUER, List.of("orders-api"), JWKS_URI,
        List.of("orders/admin", "orders/read"));
    DoorDecision.Allow allow = assertInstanceOf(DoorDecision.Allow.class,
        verify(either, rs256(claims(NOW).claim("scope", "profile orders/read").build())));
    Map<String, Object> jwt = (Map<String, Object>) allow.authorizer().orElseThrow().get("jwt");
    assertEquals(List.of("profile", "orders/read"), jwt.get("scopes"));
    assertTrue(verify(either, rs256(claims(NOW).claim("scp", List.of("orders/admin")).build()))
        .allowed());
  }

  @Test
  void tokenMayComeFromTheQueryString() {
    JwtAuthorizer fromQuery = new JwtAuthorizer(ISSUER, List.of("orders-api"), JWKS_URI,
        List.of(), "$request.querystring.access_token");
    String token = rs256(claims(NOW).build());
    assertTrue(verifier.verify(fromQuery, request("GET", "/ws?access_token=" + token)).allowed());
    assertEquals(401, statusOf(verifier.verify(fromQuery, request("GET", "/ws",
        "Authorization", "Bearer " + token))));
  }

  @Test
  void allowedDecisionFillsTheEventsAuthorizer() {
    DoorDecision.Allow allow = assertInstanceOf(DoorDecision.Allow.class,
        verify(ORDERS, rs256(claims(NOW).build())));
    GatewayRequest r = request("GET", "/orders");
    EventContext ctx = allow.applyTo(EventContext.forFunctionUrl("abc", "123456789012"));
    var event = Fixtures.json(HttpApiEvents.v2(r, ctx));
    var jwt = event.get("requestContext").get("authorizer").get("jwt");
    assertEquals("user-42", jwt.get("claims").get("sub").asText());
    assertTrue(jwt.get("scopes").isNull());
  }

  @Test
  void unsetIdentityGivesNoToken() {
    assertEquals(401, statusOf(verifier.verifyToken(ORDERS, Optional.empty())));
  }

  private static int statusOf(DoorDecision decision) {
    return assertInstanceOf(DoorDecision.Deny.class, decision).status();
  }
}
