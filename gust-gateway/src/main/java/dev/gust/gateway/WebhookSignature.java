package dev.gust.gateway;

import dev.gust.core.GustException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How a route's webhook sender signs its requests, checked by {@link WebhookVerifier} before the
 * function runs. Three schemes:
 *
 * <ul>
 *   <li>{@code github}: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>},
 *       as GitHub documents in "Validating webhook deliveries"; no timestamp, so no replay window;
 *   <li>{@code stripe}: {@code Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 *       "<t>.<raw body>">} (several {@code v1} while a secret is rolled; other schemes such as
 *       {@code v0} are ignored), with a tolerance on {@code t}, 300 seconds by default as in
 *       Stripe's libraries;
 *   <li>{@code hmac-sha256}: the generic form most other senders fit: a configurable header, an
 *       optional prefix before the signature (such as {@code sha256=}), hex or base64, and
 *       optionally a timestamp header (unix seconds) with a tolerance, in which case the signed
 *       content is {@code "<timestamp>.<raw body>"}, Stripe's construction.
 * </ul>
 *
 * <p>The HMAC key is the secret's UTF-8 bytes, as both GitHub and Stripe use it (Stripe's {@code
 * whsec_...} prefix included). {@link #toString()} never shows the secret.
 *
 * @param scheme which scheme
 * @param secret the shared secret; not empty
 * @param header the header holding the signature (any case when read)
 * @param prefix text before the signature in that header; empty for none
 * @param encoding how the signature bytes are written
 * @param timestampHeader the header holding the signing time, for {@code hmac-sha256}
 * @param toleranceSeconds how far the signing time may be from the gateway's clock, either way;
 *     above 0 for a timestamped scheme, 0 for one without a timestamp
 */
public record WebhookSignature(
    Scheme scheme,
    String secret,
    String header,
    String prefix,
    Encoding encoding,
    Optional<String> timestampHeader,
    int toleranceSeconds) {

  /** Stripe's libraries default to five minutes. */
  public static final int STRIPE_DEFAULT_TOLERANCE_SECONDS = 300;

  /** A week; a window wider than that is no replay protection. */
  static final int MAX_TOLERANCE_SECONDS = 7 * 24 * 3600;

  public enum Scheme {
    GITHUB("github"), STRIPE("stripe"), HMAC_SHA256("hmac-sha256");

    private final String wireName;

    Scheme(String wireName) {
      this.wireName = wireName;
    }

    /** The name in the route's JSON: {@code github}, {@code stripe} or {@code hmac-sha256}. */
    public String wireName() {
      return wireName;
    }

    public static Scheme fromWireName(String name) {
      for (Scheme s : values()) {
        if (s.wireName.equals(name)) {
          return s;
        }
      }
      throw GustException.invalidParameter("Webhook.Scheme must be github, stripe or hmac-sha256,"
          + " not '" + name + "'.");
    }
  }

  public enum Encoding {
    HEX, BASE64;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Encoding fromWireName(String name) {
      return switch (name) {
        case "hex" -> HEX;
        case "base64" -> BASE64;
        default -> throw GustException.invalidParameter(
            "Webhook.Encoding must be hex or base64, not '" + name + "'.");
      };
    }
  }

  public WebhookSignature {
    Objects.requireNonNull(scheme, "scheme");
    if (secret == null || secret.isEmpty()) {
      throw GustException.invalidParameter("Webhook.Secret is required: the sender's signing"
          + " secret.");
    }
    if (header == null || !header.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
      throw GustException.invalidParameter("Webhook.Header must be a header name such as"
          + " X-Signature, not '" + header + "'.");
    }
    Objects.requireNonNull(prefix, "prefix: use \"\" for none");
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(timestampHeader, "timestampHeader");
    boolean timestamped = scheme == Scheme.STRIPE || timestampHeader.isPresent();
    if (timestamped && (toleranceSeconds < 1 || toleranceSeconds > MAX_TOLERANCE_SECONDS)) {
      throw GustException.invalidParameter("Webhook.ToleranceSeconds must be between 1 and "
          + MAX_TOLERANCE_SECONDS + " for a timestamped signature, not " + toleranceSeconds + ".");
    }
    if (!timestamped && toleranceSeconds != 0) {
      throw GustException.invalidParameter("Webhook.ToleranceSeconds applies only with a"
          + " timestamp (scheme stripe, or hmac-sha256 with TimestampHeader).");
    }
    timestampHeader.ifPresent(h -> {
      if (!h.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
        throw GustException.invalidParameter("Webhook.TimestampHeader must be a header name, not '"
            + h + "'.");
      }
    });
    if (scheme != Scheme.HMAC_SHA256
        && !fixedPartsMatch(scheme, header, prefix, encoding, timestampHeader)) {
      throw GustException.invalidParameter("Webhook scheme " + scheme.wireName() + " fixes"
          + " Header, Prefix, Encoding and TimestampHeader; give only Secret"
          + (scheme == Scheme.STRIPE ? " and ToleranceSeconds." : "."));
    }
  }

  /** GitHub's {@code X-Hub-Signature-256}. */
  public static WebhookSignature github(String secret) {
    return new WebhookSignature(Scheme.GITHUB, secret, "X-Hub-Signature-256", "sha256=",
        Encoding.HEX, Optional.empty(), 0);
  }

  /** Stripe's {@code Stripe-Signature} with the default tolerance of 300 seconds. */
  public static WebhookSignature stripe(String secret) {
    return stripe(secret, STRIPE_DEFAULT_TOLERANCE_SECONDS);
  }

  public static WebhookSignature stripe(String secret, int toleranceSeconds) {
    return new WebhookSignature(Scheme.STRIPE, secret, "Stripe-Signature", "", Encoding.HEX,
        Optional.empty(), toleranceSeconds);
  }

  /** The generic scheme; {@code toleranceSeconds} is 0 when there is no timestamp header. */
  public static WebhookSignature hmacSha256(String secret, String header, String prefix,
      Encoding encoding, Optional<String> timestampHeader, int toleranceSeconds) {
    return new WebhookSignature(Scheme.HMAC_SHA256, secret, header, prefix, encoding,
        timestampHeader, toleranceSeconds);
  }

  /** Whether header, prefix, encoding and timestamp header are the ones {@code scheme} fixes. */
  private static boolean fixedPartsMatch(Scheme scheme, String header, String prefix,
      Encoding encoding, Optional<String> timestampHeader) {
    String fixedHeader = scheme == Scheme.GITHUB ? "X-Hub-Signature-256" : "Stripe-Signature";
    String fixedPrefix = scheme == Scheme.GITHUB ? "sha256=" : "";
    return header.equalsIgnoreCase(fixedHeader) && prefix.equals(fixedPrefix)
        && encoding == Encoding.HEX && timestampHeader.isEmpty();
  }

  @Override
  public String toString() {
    return "WebhookSignature[" + scheme.wireName() + ", header=" + header + ", secret=<redacted>]";
  }
}
