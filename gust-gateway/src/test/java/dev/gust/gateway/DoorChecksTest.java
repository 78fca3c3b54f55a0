package dev.gust.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gust.core.ApiKey;
import dev.gust.core.ManualClock;
import dev.gust.core.UsagePlan;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Webhook signatures (with Stripe's replay window) and API keys with usage plans. */
class DoorChecksTest {
  static final Instant NOON = Instant.parse("2026-12-04T12:00:00Z");
  static final byte[] BODY = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);

  static String hex(String secret, byte[] content) {
    return HexFormat.of().formatHex(WebhookVerifier.hmac(secret, content));
  }

  static int status(DoorDecision d) {
    return d.allowed() ? 200 : assertInstanceOf(DoorDecision.Deny.class, d).status();
  }

  @Test
  void githubSignaturesAreCheckedOverTheRawBody() {
    WebhookSignature github = WebhookSignature.github("s3cret");
    assertEquals(200, status(WebhookVerifier.check(github, Fixtures.request("POST", "/hook", BODY,
        "X-Hub-Signature-256", "sha256=" + hex("s3cret", BODY)), NOON)));
    assertEquals(401, status(WebhookVerifier.check(github, Fixtures.request("POST", "/hook", BODY,
        "X-Hub-Signature-256", "sha256=" + hex("other", BODY)), NOON)));
    assertEquals(401, status(WebhookVerifier.check(github, Fixtures.request("POST", "/hook", BODY), NOON)));
    byte[] tampered = "{\"id\":\"evt_2\"}".getBytes(StandardCharsets.UTF_8);
    assertEquals(401, status(WebhookVerifier.check(github, Fixtures.request("POST", "/hook", tampered,
        "X-Hub-Signature-256", "sha256=" + hex("s3cret", BODY)), NOON)));
  }

  @Test
  void stripeSignaturesOutsideTheToleranceAreReplaysAndRefused() {
    WebhookSignature stripe = WebhookSignature.stripe("whsec_test", 300);
    long signedAt = NOON.getEpochSecond();
    String header = "t=" + signedAt + ",v1=" + hex("whsec_test",
        WebhookVerifier.signedContent(signedAt, BODY));
    GatewayRequest request = Fixtures.request("POST", "/hook", BODY, "Stripe-Signature", header);
    assertEquals(200, status(WebhookVerifier.check(stripe, request, NOON.plusSeconds(299))));
    assertEquals(401, status(WebhookVerifier.check(stripe, request, NOON.plusSeconds(301))),
        "the same signed request replayed after the window");
    assertEquals(401, status(WebhookVerifier.check(stripe, request, NOON.minusSeconds(301))),
        "signed too far in the future");
    String forgedTime = "t=" + (signedAt + 100) + ",v1=" + hex("whsec_test",
        WebhookVerifier.signedContent(signedAt, BODY));
    assertEquals(401, status(WebhookVerifier.check(stripe,
        Fixtures.request("POST", "/hook", BODY, "Stripe-Signature", forgedTime), NOON)),
        "the timestamp is covered by the signature");
  }

  @Test
  void anApiKeysDailyQuotaIsLimitExceededUntilMidnightUtc() {
    ManualClock clock = new ManualClock(Instant.parse("2026-12-04T23:00:00Z"));
    UsagePlan plan = new UsagePlan("up1", "tiny", 1000, 1000, OptionalLong.of(2));
    ApiKey key = new ApiKey("ak1", "alice", "a".repeat(40), "up1", NOON);
    KeyedRateLimiter limiter = new KeyedRateLimiter(ApiKeys.of(Map.of(key, plan)), clock);
    Optional<String> value = Optional.of(key.value());

    assertEquals(200, status(limiter.check(value)));
    assertEquals(200, status(limiter.check(value)));
    DoorDecision.Deny over = assertInstanceOf(DoorDecision.Deny.class, limiter.check(value));
    assertEquals(429, over.status());
    assertEquals("{\"message\":\"Limit Exceeded\"}", over.response().bodyText());
    assertEquals("3600", over.response().header("Retry-After").orElseThrow(), "until midnight UTC");

    clock.advance(Duration.ofHours(1)); // a new UTC day
    assertEquals(200, status(limiter.check(value)));
    assertEquals(403, status(limiter.check(Optional.of("b".repeat(40)))), "an unknown key");
  }

  @Test
  void anApiKeysRateRefillsWithTime() {
    ManualClock clock = new ManualClock(NOON);
    UsagePlan plan = new UsagePlan("up1", "slow", 1, 2, OptionalLong.empty());
    ApiKey key = new ApiKey("ak1", "alice", "a".repeat(40), "up1", NOON);
    KeyedRateLimiter limiter = new KeyedRateLimiter(ApiKeys.of(Map.of(key, plan)), clock);
    Optional<String> value = Optional.of(key.value());

    assertEquals(200, status(limiter.check(value)));
    assertEquals(200, status(limiter.check(value)));
    DoorDecision.Deny throttled = assertInstanceOf(DoorDecision.Deny.class, limiter.check(value));
    assertEquals("{\"message\":\"Too Many Requests\"}", throttled.response().bodyText());
    assertTrue(Long.parseLong(throttled.response().header("Retry-After").orElseThrow()) >= 1);
    clock.advance(Duration.ofSeconds(1));
    assertEquals(200, status(limiter.check(value)), "one token a second");
  }
}
