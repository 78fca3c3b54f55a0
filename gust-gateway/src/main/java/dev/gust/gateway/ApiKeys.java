package dev.gust.gateway;

import dev.gust.core.ApiKey;
import dev.gust.core.UsagePlan;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the gateway looks up the API key a client sent. The server implements it over its store;
 * {@link #of} holds keys in memory (for tests and small setups).
 */
@FunctionalInterface
public interface ApiKeys {

  /** The key whose value is {@code value} and the plan it belongs to; empty when unknown. */
  Optional<Subscription> find(String value);

  /** A key and the usage plan it is in (API Gateway's "usage plan key"). */
  record Subscription(ApiKey key, UsagePlan plan) {
    public Subscription {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(plan, "plan");
    }
  }

  /**
   * Keys held in memory, each in one plan. Throws IllegalArgumentException when two keys share a
   * value.
   */
  static ApiKeys of(Map<ApiKey, UsagePlan> plansByKey) {
    Map<String, Subscription> byValue = new HashMap<>();
    plansByKey.forEach((key, plan) -> {
      if (byValue.put(key.value(), new Subscription(key, plan)) != null) {
        throw new IllegalArgumentException(
            "Two API keys share one value; key '" + key.id() + "' needs a value of its own.");
      }
    });
    Map<String, Subscription> frozen = Map.copyOf(byValue);
    return value -> Optional.ofNullable(frozen.get(value));
  }
}
