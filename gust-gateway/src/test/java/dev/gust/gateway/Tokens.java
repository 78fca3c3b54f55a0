package dev.gust.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Keys made for the tests, tokens signed with them, and a JWKS served from memory. */
final class Tokens {
  static final String ISSUER = "https://login.example.com/";
  static final URI JWKS_URI = URI.create("https://login.example.com/.well-known/jwks.json");
  static final RSAKey RSA = rsa("rsa-1");
  static final ECKey EC = ec("ec-1");

  private Tokens() {}

  static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static ECKey ec(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public JWK Set of {@code keys}, as an issuer publishes it. */
  static String jwks(JWK... keys) {
    return new JWKSet(List.of(keys)).toPublicJWKSet().toString();
  }

  /** Claims valid at {@code now} for an hour: iss, aud "orders-api", sub, iat, exp. */
  static JWTClaimsSet.Builder claims(Instant now) {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience("orders-api")
        .subject("user-42")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(3600)));
  }

  /** A compact JWS signed with {@code key} under its own kid. */
  static String sign(JWK key, JWSAlgorithm alg, JWTClaimsSet claims) {
    return sign(key, key.getKeyID(), alg, claims);
  }

  static String sign(JWK key, String kid, JWSAlgorithm alg, JWTClaimsSet claims) {
    try {
      JWSSigner signer = key instanceof RSAKey rsa ? new RSASSASigner(rsa)
          : key instanceof ECKey ec ? new ECDSASigner(ec)
          : new MACSigner(key.toOctetSequenceKey());
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JWKS endpoint in memory: its document can change (rotation) or fail; it counts fetches. */
  static final class FakeJwks implements JwksSource {
    volatile String document;
    volatile boolean down;
    final AtomicInteger fetches = new AtomicInteger();

    FakeJwks(String document) {
      this.document = document;
    }

    @Override
    public String fetch(URI jwksUri) throws IOException {
      fetches.incrementAndGet();
      if (down || !jwksUri.equals(JWKS_URI)) {
        throw new IOException("connection refused: " + jwksUri);
      }
      return document;
    }
  }
}
