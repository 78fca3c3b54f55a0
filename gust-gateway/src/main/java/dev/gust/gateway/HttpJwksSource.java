package dev.gust.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Fetches a JWK Set over HTTP(S) with {@link HttpURLConnection}: one GET, bounded in time and
 * size, 200 or an IOException. Caching and rate limiting are the verifier's ({@link JwksCache}).
 *
 * <p>Blocking I/O, meant for a virtual thread: the verifier calls it on the request's thread, at
 * most once per key set at a time.
 */
public final class HttpJwksSource implements JwksSource {
  /** A JWK Set holds a handful of keys, a few KiB; anything near this is not one. */
  public static final int DEFAULT_MAX_BYTES = 256 * 1024;

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private final Duration timeout;
  private final int maxBytes;

  /** Five-second connect and read timeouts, 256 KiB at most. */
  public HttpJwksSource() {
    this(DEFAULT_TIMEOUT, DEFAULT_MAX_BYTES);
  }

  public HttpJwksSource(Duration timeout, int maxBytes) {
    if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("timeout must be positive, not " + timeout);
    }
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive, not " + maxBytes);
    }
    this.timeout = timeout;
    this.maxBytes = maxBytes;
  }

  @Override
  public String fetch(URI jwksUri) throws IOException {
    String scheme = jwksUri.getScheme();
    if (!"https".equals(scheme) && !"http".equals(scheme)) {
      throw new IOException("JWKS URL must be http or https, not " + jwksUri);
    }
    HttpURLConnection connection = (HttpURLConnection) jwksUri.toURL().openConnection();
    try {
      connection.setConnectTimeout((int) timeout.toMillis());
      connection.setReadTimeout((int) timeout.toMillis());
      connection.setUseCaches(false);
      connection.setRequestProperty("Accept", "application/jwk-set+json, application/json");
      int status = connection.getResponseCode();
      if (status != 200) {
        throw new IOException("JWKS " + jwksUri + " answered HTTP " + status + ", not 200");
      }
      long declared = connection.getContentLengthLong();
      if (declared > maxBytes) {
        throw new IOException("JWKS " + jwksUri + " is " + declared + " bytes, over the limit of "
            + maxBytes);
      }
      try (InputStream in = connection.getInputStream()) {
        return new String(readAtMost(in, jwksUri), StandardCharsets.UTF_8);
      }
    } finally {
      connection.disconnect();
    }
  }

  private byte[] readAtMost(InputStream in, URI jwksUri) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      if (out.size() + n > maxBytes) {
        throw new IOException("JWKS " + jwksUri + " is over the limit of " + maxBytes + " bytes");
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
