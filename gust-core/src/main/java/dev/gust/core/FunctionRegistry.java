package dev.gust.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * The function registry: Lambda's control-plane rules for functions, versions, aliases and
 * reserved concurrency.
 *
 * <p>Design: every function is an immutable {@link FunctionState} snapshot in a concurrent map,
 * so the invocation path reads without locking. Writes are rare; they take one lock, validate
 * everything, persist through the {@link RegistryStore} (one transaction each), and only then
 * publish the new snapshot and notify listeners (the instance pools, which drain instances of
 * versions that changed). A failed write changes nothing.
 */
public final class FunctionRegistry {

  /** Told after a function changed, so that caches of it can be dropped. */
  public interface Listener {
    void functionChanged(String functionName);
  }

  /** The minimum unreserved concurrency Lambda keeps for functions without a reservation. */
  public static final int MIN_UNRESERVED = 100;

  private static final System.Logger LOG = System.getLogger("gust.registry");

  private final RegistryStore store;
  private final CodeStore code;
  private final RuntimeCatalog runtimes;
  private final Arns arns;
  private final Clock clock;
  private final int concurrencyLimit;
  private final ConcurrentHashMap<String, FunctionState> functions = new ConcurrentHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final ReentrantLock writeLock = new ReentrantLock();
  private volatile int totalReserved;

  public FunctionRegistry(
      RegistryStore store,
      CodeStore code,
      RuntimeCatalog runtimes,
      Arns arns,
      Clock clock,
      int concurrencyLimit) {
    this.store = store;
    this.code = code;
    this.runtimes = runtimes;
    this.arns = arns;
    this.clock = clock;
    this.concurrencyLimit = concurrencyLimit;
    for (FunctionState f : store.loadAll()) {
      functions.put(f.name(), f);
    }
    recomputeReserved();
  }

  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  public Arns arns() {
    return arns;
  }

  public int concurrencyLimit() {
    return concurrencyLimit;
  }

  /** Keys of every code package some version still uses. */
  public java.util.Set<String> liveCodeKeys() {
    java.util.Set<String> keys = new java.util.HashSet<>();
    for (FunctionState f : functions.values()) {
      keys.add(f.latest().code().key());
      f.versions().values().forEach(v -> keys.add(v.code().key()));
    }
    return keys;
  }

  // ---- reads -------------------------------------------------------------------------------

  public FunctionState function(String name) {
    FunctionState f = functions.get(name);
    if (f == null) {
      throw GustException.notFound("Function not found: " + arns.functionArn(name));
    }
    return f;
  }

  public Optional<FunctionState> find(String name) {
    return Optional.ofNullable(functions.get(name));
  }

  /** The version a qualifier names: {@code $LATEST}, a number, or an alias's primary version. */
  public FunctionVersion version(Arns.FunctionRef ref) {
    FunctionState f = function(ref.name());
    String qualifier = ref.qualifier().orElse(FunctionVersion.LATEST);
    Optional<FunctionVersion> v = f.version(qualifier);
    if (v.isPresent()) {
      return v.get();
    }
    Alias alias = f.aliases().get(qualifier);
    if (alias != null) {
      return f.version(alias.functionVersion()).orElseThrow();
    }
    throw GustException.notFound(
        "Function not found: " + arns.qualifiedArn(ref.name(), qualifier));
  }

  /**
   * Resolves what one invocation runs. An alias with a routing config picks its version by
   * weight, using {@code random} in [0, 1).
   */
  public FunctionVersion resolveForInvoke(Arns.FunctionRef ref, double random) {
    FunctionState f = function(ref.name());
    String qualifier = ref.qualifier().orElse(FunctionVersion.LATEST);
    Alias alias = f.aliases().get(qualifier);
    if (alias != null) {
      return f.version(alias.pickVersion(random)).orElseThrow();
    }
    return version(ref);
  }

  /** Functions in name order, starting after {@code marker}. */
  public List<FunctionState> list(String marker, int maxItems) {
    return functions.values().stream()
        .sorted(Comparator.comparing(FunctionState::name))
        .filter(f -> marker == null || f.name().compareTo(marker) > 0)
        .limit(maxItems)
        .toList();
  }

  public int size() {
    return functions.size();
  }

  public Alias alias(String functionName, String aliasName) {
    Alias a = function(functionName).aliases().get(aliasName);
    if (a == null) {
      throw GustException.notFound(
          "Cannot find alias arn: " + arns.qualifiedArn(functionName, aliasName));
    }
    return a;
  }

  // ---- writes ------------------------------------------------------------------------------

  /**
   * CreateFunction. Returns {@code $LATEST}, or the new version 1 when {@code publish} is set.
   */
  public FunctionVersion create(String name, FunctionConfig config, byte[] zip, boolean publish) {
    Arns.requireName(name, name);
    requireRuntimeAvailable(config);
    if (functions.containsKey(name)) { // checked again under the lock; this spares the upload
      throw GustException.conflict("Function already exist: " + name);
    }
    CodePackage pkg = code.store(zip);
    return write(
        () -> {
          if (functions.containsKey(name)) {
            throw GustException.conflict(
                "Function already exist: " + name);
          }
          FunctionVersion latest =
              new FunctionVersion(name, FunctionVersion.LATEST, config, pkg, newRevision(), now());
          FunctionState state = FunctionState.created(latest);
          FunctionVersion result = latest;
          if (publish) {
            result = newPublished(state, config.description());
            state = state.withPublished(result);
          }
          store.createFunction(state);
          functions.put(name, state);
          return result;
        },
        name);
  }

  /** UpdateFunctionCode. */
  public FunctionVersion updateCode(
      String name, byte[] zip, boolean publish, Optional<String> revisionId) {
    function(name); // 404 before storing anything; checked again under the lock
    CodePackage pkg = code.store(zip);
    return write(
        () -> {
          FunctionState f = function(name);
          requireRevision(f.latest().revisionId(), revisionId);
          FunctionVersion latest =
              new FunctionVersion(
                  name, FunctionVersion.LATEST, f.latest().config(), pkg, newRevision(), now());
          return saveLatest(f.withLatest(latest), publish);
        },
        name);
  }

  /** UpdateFunctionConfiguration: applies a patch to {@code $LATEST}'s configuration. */
  public FunctionVersion updateConfiguration(
      String name, UnaryOperator<FunctionConfig> patch, Optional<String> revisionId) {
    return write(
        () -> {
          FunctionState f = function(name);
          requireRevision(f.latest().revisionId(), revisionId);
          FunctionConfig config = patch.apply(f.latest().config());
          requireRuntimeAvailable(config);
          FunctionVersion latest =
              new FunctionVersion(
                  name, FunctionVersion.LATEST, config, f.latest().code(), newRevision(), now());
          return saveLatest(f.withLatest(latest), false);
        },
        name);
  }

  private FunctionVersion saveLatest(FunctionState f, boolean publish) {
    store.updateLatest(f.latest());
    functions.put(f.name(), f);
    if (!publish) {
      return f.latest();
    }
    return publishLocked(f, f.latest().config().description());
  }

  /** PublishVersion. Returns the existing latest version when nothing changed since it. */
  public FunctionVersion publish(
      String name,
      Optional<String> codeSha256,
      Optional<String> description,
      Optional<String> revisionId) {
    return write(
        () -> {
          FunctionState f = function(name);
          requireRevision(f.latest().revisionId(), revisionId);
          if (codeSha256.isPresent() && !codeSha256.get().equals(f.latest().code().sha256())) {
            throw GustException.preconditionFailed(
                "CodeSHA256 ("
                    + codeSha256.get()
                    + ") is different from current CodeSHA256 in $LATEST ("
                    + f.latest().code().sha256()
                    + "). Please try again with the CodeSHA256 in $LATEST.");
          }
          return publishLocked(f, description.orElse(f.latest().config().description()));
        },
        name);
  }

  private FunctionVersion publishLocked(FunctionState f, String description) {
    if (!f.versions().isEmpty()) {
      FunctionVersion last = f.versions().lastEntry().getValue();
      if (last.sameContentAs(f.latest())) {
        return last;
      }
    }
    FunctionVersion published = newPublished(f, description);
    store.insertVersion(published);
    functions.put(f.name(), f.withPublished(published));
    return published;
  }

  private FunctionVersion newPublished(FunctionState f, String description) {
    long number = f.lastVersionNumber() + 1;
    FunctionConfig config = f.latest().config().withDescription(description);
    return new FunctionVersion(
        f.name(), Long.toString(number), config, f.latest().code(), newRevision(), now());
  }

  /** DeleteFunction: the whole function, or one published version when qualified. */
  public void delete(Arns.FunctionRef ref) {
    write(
        () -> {
          FunctionState f = function(ref.name());
          if (ref.qualifier().isEmpty()) {
            store.deleteFunction(f.name());
            functions.remove(f.name());
            return null;
          }
          String q = ref.qualifier().get();
          if (FunctionVersion.LATEST.equals(q)) {
            throw GustException.invalidParameter(
                "$LATEST version cannot be deleted without deleting the function.");
          }
          if (!q.matches("[0-9]{1,18}")) {
            throw GustException.invalidParameter(
                "Deletion of aliases is not supported by DeleteFunction; use DeleteAlias.");
          }
          long number = Long.parseLong(q);
          if (!f.versions().containsKey(number)) {
            throw GustException.notFound(
                "Function not found: " + arns.qualifiedArn(f.name(), q));
          }
          for (Alias a : f.aliases().values()) {
            if (a.functionVersion().equals(q) || a.additionalVersionWeights().containsKey(q)) {
              throw GustException.conflict(
                  "Unable to delete version because the following aliases reference it: ["
                      + a.name()
                      + "]");
            }
          }
          store.deleteVersion(f.name(), number);
          functions.put(f.name(), f.withoutVersion(number));
          return null;
        },
        ref.name());
  }

  /** CreateAlias. */
  public Alias createAlias(
      String functionName,
      String aliasName,
      String version,
      String description,
      Map<String, Double> weights) {
    return write(
        () -> {
          FunctionState f = function(functionName);
          requireAliasName(aliasName);
          if (f.aliases().containsKey(aliasName)) {
            throw GustException.conflict(
                "Alias already exists: " + arns.qualifiedArn(functionName, aliasName));
          }
          Alias alias =
              new Alias(functionName, aliasName, version, weights, description, newRevision());
          requireAliasTargets(f, alias);
          store.putAlias(alias);
          functions.put(functionName, f.withAlias(alias));
          return alias;
        },
        functionName);
  }

  /** UpdateAlias: null arguments keep the current value. */
  public Alias updateAlias(
      String functionName,
      String aliasName,
      String version,
      String description,
      Map<String, Double> weights,
      Optional<String> revisionId) {
    return write(
        () -> {
          FunctionState f = function(functionName);
          Alias current = alias(functionName, aliasName);
          requireRevision(current.revisionId(), revisionId);
          Alias alias =
              new Alias(
                  functionName,
                  aliasName,
                  version == null ? current.functionVersion() : version,
                  weights == null ? current.additionalVersionWeights() : weights,
                  description == null ? current.description() : description,
                  newRevision());
          requireAliasTargets(f, alias);
          store.putAlias(alias);
          functions.put(functionName, f.withAlias(alias));
          return alias;
        },
        functionName);
  }

  /** DeleteAlias. */
  public void deleteAlias(String functionName, String aliasName) {
    write(
        () -> {
          FunctionState f = function(functionName);
          alias(functionName, aliasName);
          store.deleteAlias(functionName, aliasName);
          functions.put(functionName, f.withoutAlias(aliasName));
          return null;
        },
        functionName);
  }

  /** PutFunctionConcurrency. 0 throttles every invocation. */
  public int putReservedConcurrency(String functionName, int reserved) {
    return write(
        () -> {
          FunctionState f = function(functionName);
          if (reserved < 0) {
            throw GustException.invalidParameter(
                "1 validation error detected: Value '"
                    + reserved
                    + "' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member"
                    + " must have value greater than or equal to 0");
          }
          long othersReserved =
              functions.values().stream()
                  .filter(o -> !o.name().equals(functionName))
                  .mapToLong(o -> o.reserved().orElse(0))
                  .sum();
          int minUnreserved = minUnreserved();
          if (othersReserved + reserved > concurrencyLimit - minUnreserved) {
            throw GustException.invalidParameter(
                "Specified ReservedConcurrentExecutions for function decreases account's"
                    + " UnreservedConcurrentExecution below its minimum value of ["
                    + minUnreserved
                    + "].");
          }
          store.setReservedConcurrency(functionName, reserved);
          functions.put(functionName, f.withReservedConcurrency(reserved));
          return reserved;
        },
        functionName);
  }

  /** DeleteFunctionConcurrency. */
  public void deleteReservedConcurrency(String functionName) {
    write(
        () -> {
          FunctionState f = function(functionName);
          store.setReservedConcurrency(functionName, null);
          functions.put(functionName, f.withReservedConcurrency(null));
          return null;
        },
        functionName);
  }

  /** Each function with reserved concurrency, and its reservation. */
  public java.util.Map<String, Integer> reservedConcurrency() {
    java.util.Map<String, Integer> reserved = new java.util.HashMap<>();
    functions.values().forEach(f -> f.reserved().ifPresent(r -> reserved.put(f.name(), r)));
    return reserved;
  }

  /** The sum of every function's reserved concurrency; read on every unreserved admission. */
  public int totalReserved() {
    return totalReserved;
  }

  /**
   * Unreserved concurrency that reservations may not take: Lambda's 100 out of its default 1,000,
   * scaled down for servers configured with a smaller limit.
   */
  private int minUnreserved() {
    return Math.min(MIN_UNRESERVED, Math.max(1, concurrencyLimit / 10));
  }

  private void recomputeReserved() {
    totalReserved = functions.values().stream().mapToInt(f -> f.reserved().orElse(0)).sum();
  }

  // ---- rules -------------------------------------------------------------------------------

  private void requireRuntimeAvailable(FunctionConfig config) {
    RuntimeId runtime = config.runtimeId();
    if (runtimes.recipe(runtime).isEmpty()) {
      throw GustException.invalidParameter(
          "The runtime parameter of "
              + runtime.id()
              + " is not available on this host: "
              + runtimes.whyUnavailable(runtime));
    }
  }

  private static void requireRevision(String current, Optional<String> expected) {
    if (expected.isPresent() && !expected.get().isEmpty() && !expected.get().equals(current)) {
      throw GustException.preconditionFailed(
          "The Revision Id provided does not match the latest Revision Id. Call the GetFunction"
              + "/GetAlias API to retrieve the latest Revision Id");
    }
  }

  private static void requireAliasName(String name) {
    if (name == null
        || !name.matches("[a-zA-Z0-9_-]{1,128}")
        || name.matches("[0-9]+")
        || name.equals(FunctionVersion.LATEST)) {
      throw GustException.invalidParameter(
          "1 validation error detected: Value '"
              + name
              + "' at 'name' failed to satisfy constraint: Member must satisfy regular expression"
              + " pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)");
    }
  }

  private void requireAliasTargets(FunctionState f, Alias alias) {
    String v = alias.functionVersion();
    if (!FunctionVersion.LATEST.equals(v) && f.version(v).isEmpty()) {
      throw GustException.notFound(
          "Function not found: " + arns.qualifiedArn(f.name(), v));
    }
    Map<String, Double> weights = alias.additionalVersionWeights();
    if (weights.size() > 1) {
      throw GustException.invalidParameter(
          "Number of items in AdditionalVersionWeights cannot be greater than 1");
    }
    for (Map.Entry<String, Double> e : weights.entrySet()) {
      String other = e.getKey();
      double weight = e.getValue() == null ? -1 : e.getValue();
      if (weight < 0 || weight > 1) {
        throw GustException.invalidParameter(
            "Value '" + weight + "' for the weight of version " + other
                + " must be between 0.0 and 1.0.");
      }
      if (other.equals(v)) {
        throw GustException.invalidParameter(
            "Cannot set additional version weight on the primary version ("
                + v
                + ") of the alias.");
      }
      if (FunctionVersion.LATEST.equals(v) || FunctionVersion.LATEST.equals(other)) {
        throw GustException.invalidParameter(
            "$LATEST is not supported for an alias pointing to more than 1 version");
      }
      if (f.version(other).isEmpty()) {
        throw GustException.invalidParameter(
            "Version " + other + " of function " + f.name() + " does not exist.");
      }
    }
  }

  private <T> T write(java.util.function.Supplier<T> change, String functionName) {
    writeLock.lock();
    T result;
    try {
      result = change.get();
      recomputeReserved();
    } finally {
      writeLock.unlock();
    }
    for (Listener l : listeners) {
      try {
        l.functionChanged(functionName);
      } catch (RuntimeException e) {
        // the change is committed; a failing listener must not turn it into an error
        LOG.log(System.Logger.Level.ERROR, "listener failed after a change to " + functionName, e);
      }
    }
    return result;
  }

  private Instant now() {
    return clock.now();
  }

  private static String newRevision() {
    return UUID.randomUUID().toString();
  }

  /** Published versions of a function in order, starting after {@code marker}. */
  public List<FunctionVersion> versions(String functionName, String marker, int maxItems) {
    FunctionState f = function(functionName);
    List<FunctionVersion> all = new ArrayList<>();
    all.add(f.latest());
    all.addAll(f.versions().values());
    int start = 0;
    if (marker != null) {
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).version().equals(marker)) {
          start = i + 1;
        }
      }
    }
    return all.subList(Math.min(start, all.size()), Math.min(all.size(), start + maxItems));
  }
}
