package dev.gust.gateway;

import java.io.IOException;
import java.net.URI;

/**
 * Fetches an issuer's JSON Web Key Set (RFC 7517 section 5) for the JWT authorizer. Only the
 * fetch: {@link JwtVerifier} caches the keys, refetches on an unknown {@code kid} and limits how
 * often it asks, so an implementation need do nothing but one request per call.
 * {@link HttpJwksSource} is the real one; tests pass a lambda.
 */
@FunctionalInterface
public interface JwksSource {

  /**
   * The JWK Set document at {@code jwksUri}, as JSON text. Throws IOException when it cannot be
   * had (unreachable, not 200, too large); the verifier then keeps the keys it has.
   */
  String fetch(URI jwksUri) throws IOException;
}
