package dev.gust.gateway;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.gust.core.Clock;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The keys of each JWKS URL, fetched through a {@link JwksSource} and kept for a while.
 *
 * <p>Design. API Gateway "can cache public keys for two hours"; Gust keeps a key set for {@code
 * ttl} (two hours by default) and then fetches it again. A token whose {@code kid} is not in the
 * cached set may be signed with a key the issuer has just rotated in, so the set is fetched again
 * at once, but at most once per {@code minRefetchInterval} (30 s by default) per URL, whether the
 * last attempt worked or not: a flood of tokens with made-up {@code kid}s, or an issuer that is
 * down, costs one request per interval and no more. When a fetch fails the old keys stay in use
 * (an outage at the issuer does not lock everyone out); with no keys at all the lookup reports
 * the source unavailable.
 *
 * <p>Concurrency. Each URL has an immutable snapshot (read without locking) and a {@link
 * ReentrantLock} held while fetching, so concurrent requests never fetch one URL twice. A request
 * that finds the lock taken while there are keys already uses those rather than wait; only a
 * request with no keys at all waits for the fetch (bounded by the source's timeout). Time comes
 * from {@link Clock#nanoTime()}.
 */
final class JwksCache {
  static final Duration DEFAULT_TTL = Duration.ofHours(2);
  static final Duration DEFAULT_MIN_REFETCH_INTERVAL = Duration.ofSeconds(30);

  /** The key set could not be fetched and none is cached. */
  static final class UnavailableException extends Exception {
    UnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private record Snapshot(JWKSet keys, long fetchedNanos) {}

  private static final class Entry {
    final ReentrantLock lock = new ReentrantLock();
    volatile Snapshot snapshot;
    boolean attempted; // guarded by lock
    long lastAttemptNanos; // guarded by lock
    Exception lastFailure; // guarded by lock
  }

  private final JwksSource source;
  private final Clock clock;
  private final long ttlNanos;
  private final long minRefetchNanos;
  private final ConcurrentMap<URI, Entry> entries = new ConcurrentHashMap<>();

  JwksCache(JwksSource source, Clock clock, Duration ttl, Duration minRefetchInterval) {
    this.source = source;
    this.clock = clock;
    this.ttlNanos = ttl.toNanos();
    this.minRefetchNanos = minRefetchInterval.toNanos();
  }

  /**
   * The key with id {@code kid} at {@code uri}; empty when the (fresh) set has no such key.
   * Throws UnavailableException when there are no keys and they cannot be fetched now.
   */
  Optional<JWK> find(URI uri, String kid) throws UnavailableException {
    Entry entry = entries.computeIfAbsent(uri, u -> new Entry());
    Snapshot seen = entry.snapshot;
    Optional<JWK> cached = lookup(seen, kid);
    if (cached.isPresent() && isFresh(seen)) {
      return cached;
    }
    if (seen != null && !entry.lock.tryLock()) {
      return cached; // another request is fetching; use what there is
    }
    if (seen == null) {
      entry.lock.lock();
    }
    try {
      Snapshot current = entry.snapshot;
      Optional<JWK> key = lookup(current, kid);
      if (current != seen && current != null && (key.isPresent() || isFresh(current))) {
        return key; // fetched by another request while this one waited
      }
      long now = clock.nanoTime();
      if (entry.attempted && now - entry.lastAttemptNanos < minRefetchNanos) {
        return orUnavailable(uri, current, key, entry.lastFailure);
      }
      entry.attempted = true;
      entry.lastAttemptNanos = now;
      try {
        current = new Snapshot(JWKSet.parse(source.fetch(uri)), now);
        entry.snapshot = current;
        entry.lastFailure = null;
        return lookup(current, kid);
      } catch (IOException | ParseException | RuntimeException e) {
        entry.lastFailure = e;
        return orUnavailable(uri, current, key, e);
      }
    } finally {
      entry.lock.unlock();
    }
  }

  private boolean isFresh(Snapshot s) {
    return s != null && clock.nanoTime() - s.fetchedNanos() < ttlNanos;
  }

  private static Optional<JWK> lookup(Snapshot s, String kid) {
    return s == null ? Optional.empty() : Optional.ofNullable(s.keys().getKeyByKeyId(kid));
  }

  private static Optional<JWK> orUnavailable(URI uri, Snapshot s, Optional<JWK> key,
      Exception failure) throws UnavailableException {
    if (s == null) {
      throw new UnavailableException("The JWKS at " + uri + " could not be fetched"
          + (failure == null ? "" : ": " + failure.getMessage()), failure);
    }
    return key;
  }
}
