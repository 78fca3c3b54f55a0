package dev.gust.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a webhook request's signature ({@link WebhookSignature}) over the raw body exactly as
 * received, before anything parses it. Any failure, a missing header as much as a wrong
 * signature, is {@code 401 {"message":"Unauthorized"}}; the caller must not invoke the function.
 *
 * <p>Signatures are decoded to bytes and compared with {@link MessageDigest#isEqual}, whose time
 * does not depend on where the bytes differ. For timestamped schemes the signature is checked
 * first and the time second, so "outside the tolerance" is reported only for an authentic but
 * old (or future) request, which is a replay or a badly set clock. Replays inside the window are
 * not caught here: there is no nonce store; senders include an event id for the function to
 * deduplicate on, as both GitHub and Stripe recommend.
 */
public final class WebhookVerifier {
  private WebhookVerifier() {}

  /** Decides for {@code request} at time {@code now} (the gateway's clock). */
  public static DoorDecision check(WebhookSignature config, GatewayRequest request, Instant now) {
    Optional<String> value = request.header(config.header());
    if (value.isEmpty()) {
      return Denials.unauthorized("The webhook has no " + config.header() + " header.");
    }
    return switch (config.scheme()) {
      case GITHUB -> checkPlain(config, value.get().trim(), request.body());
      case STRIPE -> checkStripe(config, value.get(), request.body(), now);
      case HMAC_SHA256 -> config.timestampHeader().isEmpty()
          ? checkPlain(config, value.get().trim(), request.body())
          : checkTimestamped(config, value.get().trim(), request, now);
    };
  }

  private static DoorDecision checkPlain(WebhookSignature config, String value, byte[] body) {
    Optional<byte[]> given = decode(config, value);
    if (given.isEmpty()) {
      return malformed(config);
    }
    if (!MessageDigest.isEqual(hmac(config.secret(), body), given.get())) {
      return mismatch(config);
    }
    return DoorDecision.Allow.plain();
  }

  private static DoorDecision checkTimestamped(
      WebhookSignature config, String value, GatewayRequest request, Instant now) {
    String tsHeader = config.timestampHeader().orElseThrow();
    Optional<Long> timestamp = request.header(tsHeader).flatMap(t -> seconds(t.trim()));
    Optional<byte[]> given = decode(config, value);
    if (timestamp.isEmpty()) {
      return Denials.unauthorized("The webhook's " + tsHeader + " header is missing or not unix"
          + " seconds.");
    }
    if (given.isEmpty()) {
      return malformed(config);
    }
    byte[] expected = hmac(config.secret(), signedContent(timestamp.get(), request.body()));
    if (!MessageDigest.isEqual(expected, given.get())) {
      return mismatch(config);
    }
    return withinTolerance(config, timestamp.get(), now);
  }

  private static DoorDecision checkStripe(
      WebhookSignature config, String value, byte[] body, Instant now) {
    Optional<Long> timestamp = Optional.empty();
    List<String> v1 = new ArrayList<>();
    for (String element : value.split(",")) {
      int eq = element.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String key = element.substring(0, eq).trim();
      String v = element.substring(eq + 1).trim();
      if (key.equals("t")) {
        if (timestamp.isPresent()) {
          return Denials.unauthorized("The Stripe-Signature header has more than one t.");
        }
        timestamp = seconds(v);
        if (timestamp.isEmpty()) {
          return Denials.unauthorized("The Stripe-Signature header's t is not unix seconds.");
        }
      } else if (key.equals("v1")) {
        v1.add(v);
      }
    }
    if (timestamp.isEmpty() || v1.isEmpty()) {
      return Denials.unauthorized("The Stripe-Signature header lacks t or v1.");
    }
    byte[] expected = hmac(config.secret(), signedContent(timestamp.get(), body));
    boolean matched = false;
    for (String candidate : v1) {
      Optional<byte[]> given = decode(config, candidate);
      matched |= given.isPresent() && MessageDigest.isEqual(expected, given.get());
    }
    if (!matched) {
      return mismatch(config);
    }
    return withinTolerance(config, timestamp.get(), now);
  }

  private static DoorDecision withinTolerance(WebhookSignature config, long signedAt,
      Instant now) {
    long skew = Math.abs(now.getEpochSecond() - signedAt);
    if (skew > config.toleranceSeconds()) {
      return Denials.unauthorized("The webhook was signed at " + Instant.ofEpochSecond(signedAt)
          + ", " + skew + " s from now, outside the tolerance of " + config.toleranceSeconds()
          + " s: a replay, or a sender with a wrong clock.");
    }
    return DoorDecision.Allow.plain();
  }

  /** {@code "<timestamp>.<body>"}, Stripe's signed payload. */
  static byte[] signedContent(long timestamp, byte[] body) {
    byte[] head = (timestamp + ".").getBytes(StandardCharsets.US_ASCII);
    byte[] content = new byte[head.length + body.length];
    System.arraycopy(head, 0, content, 0, head.length);
    System.arraycopy(body, 0, content, head.length, body.length);
    return content;
  }

  /** HMAC-SHA256 of {@code content} keyed by the secret's UTF-8 bytes. */
  static byte[] hmac(String secret, byte[] content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(content);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  /** The signature bytes after the prefix, or empty when the value is not in the right form. */
  private static Optional<byte[]> decode(WebhookSignature config, String value) {
    if (!value.startsWith(config.prefix())) {
      return Optional.empty();
    }
    String text = value.substring(config.prefix().length());
    try {
      return Optional.of(config.encoding() == WebhookSignature.Encoding.HEX
          ? HexFormat.of().parseHex(text)
          : Base64.getDecoder().decode(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<Long> seconds(String text) {
    boolean digits = text.chars().allMatch(c -> c >= '0' && c <= '9');
    if (text.isEmpty() || text.length() > 12 || !digits) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(text));
  }

  private static DoorDecision malformed(WebhookSignature config) {
    return Denials.unauthorized("The webhook's " + config.header() + " header is not "
        + (config.prefix().isEmpty() ? "" : "'" + config.prefix() + "' and ")
        + "a " + config.encoding().wireName() + " signature.");
  }

  private static DoorDecision mismatch(WebhookSignature config) {
    return Denials.unauthorized("The webhook's " + config.header() + " signature does not match"
        + " the body: a wrong secret, or a body changed on the way.");
  }
}
