package dev.gust.core;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Usage plans and their API keys, over a {@link GatewayStore}: what routes that require an API
 * key check requests against. Reads come from immutable snapshots (the gateway looks a key up on
 * every request); writes take one lock and persist first.
 */
public final class ApiKeyRegistry {
  private static final char[] ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  /** A key and the plan it is in. */
  public record Subscription(ApiKey key, UsagePlan plan) {}

  private record Snapshot(List<UsagePlan> plans, List<ApiKey> keys, Map<String, Subscription> byValue) {
    static Snapshot of(List<UsagePlan> plans, List<ApiKey> keys) {
      Map<String, UsagePlan> plansById = new HashMap<>();
      plans.forEach(p -> plansById.put(p.id(), p));
      Map<String, Subscription> byValue = new HashMap<>();
      for (ApiKey k : keys) {
        UsagePlan plan = plansById.get(k.planId());
        if (plan != null) {
          byValue.put(k.value(), new Subscription(k, plan));
        }
      }
      return new Snapshot(List.copyOf(plans), List.copyOf(keys), Map.copyOf(byValue));
    }
  }

  private final GatewayStore store;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final ReentrantLock writeLock = new ReentrantLock();
  private volatile Snapshot snapshot;

  public ApiKeyRegistry(GatewayStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.snapshot = Snapshot.of(store.loadPlans(), store.loadKeys());
  }

  public List<UsagePlan> plans() {
    return snapshot.plans();
  }

  /** Every key, values included: callers decide what to show. */
  public List<ApiKey> keys() {
    return snapshot.keys();
  }

  /** The key with this value and its plan, for a request's {@code x-api-key}. */
  public Optional<Subscription> find(String value) {
    return Optional.ofNullable(snapshot.byValue().get(value));
  }

  public UsagePlan createPlan(String name, double ratePerSecond, int burst, OptionalLong dailyQuota) {
    requireName("usage plan", name);
    writeLock.lock();
    try {
      UsagePlan plan = new UsagePlan("up" + newId(8), name, ratePerSecond, burst, dailyQuota);
      store.putPlan(plan);
      List<UsagePlan> plans = new ArrayList<>(snapshot.plans());
      plans.add(plan);
      snapshot = Snapshot.of(plans, snapshot.keys());
      return plan;
    } finally {
      writeLock.unlock();
    }
  }

  /** Deletes a plan (by id or name) and its keys. */
  public UsagePlan deletePlan(String idOrName) {
    writeLock.lock();
    try {
      UsagePlan plan = plan(idOrName);
      store.deletePlan(plan.id());
      snapshot = Snapshot.of(
          snapshot.plans().stream().filter(p -> p != plan).toList(),
          snapshot.keys().stream().filter(k -> !k.planId().equals(plan.id())).toList());
      return plan;
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Creates a key in a plan (by id or name). Without a value, Gust generates one: 40 random
   * URL-safe characters (240 bits).
   */
  public ApiKey createKey(String name, String planIdOrName, Optional<String> value) {
    requireName("API key", name);
    writeLock.lock();
    try {
      UsagePlan plan = plan(planIdOrName);
      byte[] secret = new byte[30];
      random.nextBytes(secret);
      ApiKey key = new ApiKey("ak" + newId(8), name,
          value.orElseGet(() -> Base64.getUrlEncoder().withoutPadding().encodeToString(secret)),
          plan.id(), clock.now());
      store.putKey(key);
      List<ApiKey> keys = new ArrayList<>(snapshot.keys());
      keys.add(key);
      snapshot = Snapshot.of(snapshot.plans(), keys);
      return key;
    } finally {
      writeLock.unlock();
    }
  }

  /** Deletes a key by id or name. */
  public ApiKey deleteKey(String idOrName) {
    writeLock.lock();
    try {
      ApiKey key = snapshot.keys().stream()
          .filter(k -> k.id().equals(idOrName) || k.name().equals(idOrName))
          .findFirst()
          .orElseThrow(() -> GustException.notFound("No API key '" + idOrName + "'."));
      store.deleteKey(key.id());
      snapshot = Snapshot.of(snapshot.plans(),
          snapshot.keys().stream().filter(k -> k != key).toList());
      return key;
    } finally {
      writeLock.unlock();
    }
  }

  public UsagePlan plan(String idOrName) {
    return snapshot.plans().stream()
        .filter(p -> p.id().equals(idOrName) || p.name().equals(idOrName))
        .findFirst()
        .orElseThrow(() -> GustException.notFound("No usage plan '" + idOrName + "'."));
  }

  private static void requireName(String what, String name) {
    if (name == null || !name.matches("[A-Za-z0-9._-]{1,128}")) {
      throw GustException.invalidParameter("The " + what + " name must be 1 to 128 letters, digits,"
          + " '.', '_' or '-', not '" + name + "'.");
    }
  }

  private String newId(int length) {
    char[] id = new char[length];
    for (int i = 0; i < length; i++) {
      id[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
    }
    return new String(id);
  }
}
