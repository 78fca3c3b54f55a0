package dev.gust.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.gust.core.Clock;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The JWT authorizer of API Gateway HTTP APIs: decides whether a request's token lets it reach the
 * function, and what the function learns about the caller.
 *
 * <p>AWS's workflow ("Control access to HTTP APIs with JWT authorizers"), step by step:
 *
 * <ol>
 *   <li>take the token from the identity source, with or without a {@code Bearer } prefix; none:
 *       401;
 *   <li>decode it: a JWS in compact serialization (RFC 7515) whose header names a {@code kid};
 *   <li>check its algorithm and signature with the {@code kid}'s key from the JWKS URL (RFC 7517).
 *       AWS accepts RSA only; Gust accepts RS256/384/512, PS256/384/512 (RSA keys of 2048 bits or
 *       more, RFC 7518 section 3.3) and ES256/384/512 (EC keys on the matching curve). {@code none}
 *       and HMAC algorithms are refused: a JWKS holds public keys. A key whose {@code use} is not
 *       {@code sig}, or whose {@code alg} differs from the token's, is not used;
 *   <li>check the claims ({@link JwtClaims}: {@code iss}, {@code aud}/{@code client_id}, {@code
 *       exp}, {@code nbf}, {@code iat});
 *   <li>when the route has scopes, the token's {@code scope} or {@code scp} must hold at least one.
 * </ol>
 *
 * <p>Answers. A missing or invalid token is {@code 401 {"message":"Unauthorized"}} with AWS's
 * challenge, e.g. {@code WWW-Authenticate: Bearer scope="" error="invalid_token"
 * error_description="the token does not have a valid audience"} ({@code scope} lists the route's
 * scopes); a missing token gets the challenge without {@code error} (RFC 6750 section 3.1). A
 * valid token without the route's scopes is {@code 403 {"message":"Forbidden"}} with {@code
 * error="insufficient_scope"} (RFC 6750 section 3.1). When the JWKS cannot be fetched and no keys
 * are cached the answer is {@code 503 {"message":"Service Unavailable"}}: the fault is the
 * issuer's or the configuration's, not the client's, and a 401 would send the client to get a new
 * token for nothing. AWS does not document that case.
 *
 * <p>Allowed: {@link DoorDecision.Allow#authorizer()} is {@code {"jwt": {"claims": {...},
 * "scopes": [...]}}}, claims as strings ({@link JwtClaims}), {@code scopes} the token's scopes
 * when the route has scopes and {@code null} when it has none, as API Gateway sends them.
 *
 * <p>Keys are cached by {@link JwksCache}. Thread-safe.
 */
public final class JwtVerifier {
  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
      JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
      JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
      JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
  private static final int MIN_RSA_BITS = 2048;

  private final JwksCache keys;
  private final Clock clock;

  /** Keys cached for two hours, refetched for an unknown {@code kid} at most every 30 s. */
  public JwtVerifier(JwksSource source, Clock clock) {
    this(source, clock, JwksCache.DEFAULT_TTL, JwksCache.DEFAULT_MIN_REFETCH_INTERVAL);
  }

  /**
   * @param keyTtl how long a fetched key set is used before it is fetched again
   * @param minRefetchInterval the least time between two fetches of one URL (unknown {@code kid},
   *     or retries after a failure)
   */
  public JwtVerifier(JwksSource source, Clock clock, Duration keyTtl,
      Duration minRefetchInterval) {
    Objects.requireNonNull(source, "source");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (keyTtl.isNegative() || minRefetchInterval.isNegative()) {
      throw new IllegalArgumentException("keyTtl and minRefetchInterval must not be negative");
    }
    this.keys = new JwksCache(source, clock, keyTtl, minRefetchInterval);
  }

  /** Checks the token in the authorizer's identity source of {@code request}. */
  public DoorDecision verify(JwtAuthorizer authorizer, GatewayRequest request) {
    return verifyToken(authorizer, authorizer.identity(request));
  }

  /**
   * Checks a token as found in the identity source: the bare token or {@code Bearer <token>} (the
   * scheme in any case); empty when the request had none.
   */
  public DoorDecision verifyToken(JwtAuthorizer authorizer, Optional<String> identity) {
    String scope = String.join(" ", authorizer.scopes());
    if (identity.isEmpty() || bare(identity.get()).isEmpty()) {
      return Denials.unauthorized("Bearer scope=\"" + scope + "\"",
          "The request has no token in " + authorizer.identitySource() + ".");
    }
    SignedJWT jwt;
    try {
      jwt = SignedJWT.parse(bare(identity.get()));
    } catch (ParseException | RuntimeException e) {
      return invalid(scope, "the token is not a signed JWT");
    }
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    if (!ALGORITHMS.contains(alg)) {
      return invalid(scope, "the token's algorithm is not supported", "alg " + alg);
    }
    String kid = jwt.getHeader().getKeyID();
    if (kid == null) {
      return invalid(scope, "the token has no kid");
    }
    Optional<JWK> key;
    try {
      key = keys.find(authorizer.jwksUri(), kid);
    } catch (JwksCache.UnavailableException e) {
      return Denials.unavailable(e.getMessage());
    }
    if (key.isEmpty()) {
      return invalid(scope, "the token's kid does not match any key in the JWKS", "kid " + kid);
    }
    Optional<JWSVerifier> verifier = verifierFor(alg, key.get());
    if (verifier.isEmpty()) {
      return invalid(scope, "the key in the JWKS cannot verify the token's algorithm",
          "kid " + kid + ", alg " + alg);
    }
    try {
      if (!jwt.verify(verifier.get())) {
        return invalid(scope, "the token's signature is invalid");
      }
    } catch (JOSEException | RuntimeException e) {
      return invalid(scope, "the token's signature is invalid");
    }
    Optional<JsonNode> claims = JwtClaims.parse(jwt.getPayload().toBytes());
    if (claims.isEmpty()) {
      return invalid(scope, "the token's claims are not a JSON object");
    }
    Optional<String> problem = JwtClaims.problem(authorizer, claims.get(), clock.now());
    if (problem.isPresent()) {
      return invalid(scope, problem.get());
    }
    List<String> tokenScopes = JwtClaims.scopes(claims.get());
    if (!authorizer.scopes().isEmpty()
        && tokenScopes.stream().noneMatch(authorizer.scopes()::contains)) {
      return Denials.forbidden(challenge(scope, "insufficient_scope",
          "the token does not have any of the route's scopes"),
          "The token has scopes " + tokenScopes + ", none of the route's " + authorizer.scopes()
              + ".");
    }
    Map<String, Object> jwtContext = new LinkedHashMap<>();
    jwtContext.put("claims", JwtClaims.asStrings(claims.get()));
    jwtContext.put("scopes", authorizer.scopes().isEmpty() ? null : List.copyOf(tokenScopes));
    return DoorDecision.Allow.withAuthorizer(Map.of("jwt", jwtContext));
  }

  /** The token without a {@code Bearer} scheme, trimmed. */
  private static String bare(String identity) {
    String v = identity.trim();
    if (v.regionMatches(true, 0, "Bearer", 0, 6)
        && (v.length() == 6 || Character.isWhitespace(v.charAt(6)))) {
      v = v.substring(6).trim();
    }
    return v;
  }

  private static Optional<JWSVerifier> verifierFor(JWSAlgorithm alg, JWK key) {
    if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
      return Optional.empty();
    }
    if (key.getAlgorithm() != null && !key.getAlgorithm().equals(alg)) {
      return Optional.empty();
    }
    try {
      if (JWSAlgorithm.Family.RSA.contains(alg) && key instanceof RSAKey rsa
          && rsa.size() >= MIN_RSA_BITS) {
        return Optional.of(new RSASSAVerifier(rsa));
      }
      if (JWSAlgorithm.Family.EC.contains(alg) && key instanceof ECKey ec
          && Curve.forJWSAlgorithm(alg).contains(ec.getCurve())) {
        return Optional.of(new ECDSAVerifier(ec));
      }
    } catch (JOSEException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static DoorDecision.Deny invalid(String scope, String description) {
    return invalid(scope, description, "");
  }

  /**
   * A 401 for an invalid token. {@code description} goes to the client and is one of the fixed
   * phrases above, never the token's own text (a header must not echo what an attacker wrote);
   * {@code detail}, for the log, may quote the token, cut to printable ASCII.
   */
  private static DoorDecision.Deny invalid(String scope, String description, String detail) {
    return Denials.unauthorized(challenge(scope, "invalid_token", description),
        "Invalid JWT: " + description + (detail.isEmpty() ? "" : " (" + printable(detail) + ")")
            + ".");
  }

  /** AWS's challenge: {@code Bearer scope="..." error="..." error_description="..."}. */
  private static String challenge(String scope, String error, String description) {
    return "Bearer scope=\"" + scope + "\" error=\"" + error + "\" error_description=\""
        + description + "\"";
  }

  private static String printable(String text) {
    String cut = text.length() > 120 ? text.substring(0, 120) + "..." : text;
    return cut.replaceAll("[^\\x20-\\x7E]", "?");
  }
}
