package dev.gust.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lambda's EventInvokeConfig operations over an {@link EventInvokeConfigStore}: put (replace),
 * update (merge), get, list, delete, and the effective config of an invocation (its qualifier's,
 * else the function's, else Lambda's defaults). Reads come from memory; writes persist first.
 */
public final class EventInvokeConfigs implements FunctionRegistry.Listener {
  private final EventInvokeConfigStore store;
  private final FunctionRegistry functions;
  private final Clock clock;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Map<String, EventInvokeConfig> byKey = new ConcurrentHashMap<>();

  public EventInvokeConfigs(EventInvokeConfigStore store, FunctionRegistry functions, Clock clock) {
    this.store = store;
    this.functions = functions;
    this.clock = clock;
    store.load().forEach(c -> byKey.put(key(c.functionName(), c.qualifier()), c));
    functions.addListener(this);
  }

  /** The config that governs an invocation of {@code ref}. */
  public EventInvokeConfig effective(Arns.FunctionRef ref) {
    return Optional.ofNullable(byKey.get(key(ref.name(), qualifier(ref))))
        .or(() -> Optional.ofNullable(byKey.get(key(ref.name(), Optional.empty()))))
        .orElseGet(() -> EventInvokeConfig.defaults(ref.name()));
  }

  public EventInvokeConfig get(Arns.FunctionRef ref) {
    requireTarget(ref);
    return Optional.ofNullable(byKey.get(key(ref.name(), qualifier(ref))))
        .orElseThrow(() -> GustException.notFound("The function " + describe(ref)
            + " doesn't have an EventInvokeConfig"));
  }

  public List<EventInvokeConfig> list(String functionName) {
    functions.function(functionName);
    return byKey.values().stream()
        .filter(c -> c.functionName().equals(functionName))
        .sorted(java.util.Comparator.comparing(c -> c.qualifier().orElse("")))
        .toList();
  }

  /** PutFunctionEventInvokeConfig: replaces the whole config (unset fields become defaults). */
  public EventInvokeConfig put(Arns.FunctionRef ref, Optional<Integer> retries,
      Optional<Integer> maxAge, Optional<String> onSuccess, Optional<String> onFailure) {
    return write(() -> {
      requireTarget(ref);
      EventInvokeConfig c = new EventInvokeConfig(ref.name(), qualifier(ref), retries, maxAge,
          onSuccess, onFailure, clock.now());
      store.put(c);
      byKey.put(key(c.functionName(), c.qualifier()), c);
      return c;
    });
  }

  /**
   * UpdateFunctionEventInvokeConfig: changes only the given fields (a destination given as empty
   * text is removed), creating the config if there is none.
   */
  public EventInvokeConfig update(Arns.FunctionRef ref, Optional<Integer> retries,
      Optional<Integer> maxAge, Optional<String> onSuccess, Optional<String> onFailure) {
    return write(() -> {
      requireTarget(ref);
      EventInvokeConfig old = Optional.ofNullable(byKey.get(key(ref.name(), qualifier(ref))))
          .orElse(new EventInvokeConfig(ref.name(), qualifier(ref), Optional.empty(),
              Optional.empty(), Optional.empty(), Optional.empty(), clock.now()));
      EventInvokeConfig c = new EventInvokeConfig(ref.name(), qualifier(ref),
          retries.or(old::maximumRetryAttempts),
          maxAge.or(old::maximumEventAgeSeconds),
          onSuccess.isPresent() ? onSuccess.filter(s -> !s.isEmpty()) : old.onSuccess(),
          onFailure.isPresent() ? onFailure.filter(s -> !s.isEmpty()) : old.onFailure(),
          clock.now());
      store.put(c);
      byKey.put(key(c.functionName(), c.qualifier()), c);
      return c;
    });
  }

  public void delete(Arns.FunctionRef ref) {
    write(() -> {
      get(ref);
      store.delete(ref.name(), qualifier(ref));
      byKey.remove(key(ref.name(), qualifier(ref)));
      return null;
    });
  }

  @Override
  public void functionChanged(String functionName) {
    if (functions.find(functionName).isEmpty()) {
      byKey.values().removeIf(c -> c.functionName().equals(functionName)); // the store cascaded
    }
  }

  private void requireTarget(Arns.FunctionRef ref) {
    FunctionState f = functions.function(ref.name());
    if (ref.qualifier().isPresent()) {
      functions.version(new Arns.FunctionRef(f.name(), ref.qualifier()));
    }
  }

  /** $LATEST is the unqualified function. */
  private static Optional<String> qualifier(Arns.FunctionRef ref) {
    return ref.qualifier().filter(q -> !q.equals(FunctionVersion.LATEST));
  }

  private static String key(String function, Optional<String> qualifier) {
    return function + ":" + qualifier.orElse("");
  }

  private String describe(Arns.FunctionRef ref) {
    return qualifier(ref).map(q -> functions.arns().qualifiedArn(ref.name(), q))
        .orElse(functions.arns().functionArn(ref.name()));
  }

  private <T> T write(java.util.function.Supplier<T> change) {
    writeLock.lock();
    try {
      return change.get();
    } finally {
      writeLock.unlock();
    }
  }
}
