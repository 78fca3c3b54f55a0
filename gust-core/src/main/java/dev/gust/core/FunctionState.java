package dev.gust.core;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Everything the registry knows about one function, as an immutable snapshot: {@code $LATEST},
 * the published versions, the aliases and the reserved concurrency.
 *
 * @param name the function name
 * @param latest the mutable {@code $LATEST} version
 * @param versions published versions by number
 * @param aliases aliases by name
 * @param reservedConcurrency reserved concurrent executions, or null when none is reserved
 * @param lastVersionNumber the highest version number ever published (numbers are never reused)
 */
public record FunctionState(
    String name,
    FunctionVersion latest,
    NavigableMap<Long, FunctionVersion> versions,
    Map<String, Alias> aliases,
    Integer reservedConcurrency,
    long lastVersionNumber) {

  public FunctionState {
    Objects.requireNonNull(name);
    Objects.requireNonNull(latest);
    versions = Collections.unmodifiableNavigableMap(new TreeMap<>(versions));
    aliases = Map.copyOf(aliases);
  }

  public static FunctionState created(FunctionVersion latest) {
    return new FunctionState(latest.functionName(), latest, new TreeMap<>(), Map.of(), null, 0);
  }

  public Instant lastModified() {
    return latest.lastModified();
  }

  public OptionalInt reserved() {
    return reservedConcurrency == null
        ? OptionalInt.empty()
        : OptionalInt.of(reservedConcurrency);
  }

  /** The version with this name: {@code $LATEST} or a published number. */
  public Optional<FunctionVersion> version(String version) {
    if (FunctionVersion.LATEST.equals(version)) {
      return Optional.of(latest);
    }
    if (!version.matches("[0-9]{1,18}")) {
      return Optional.empty();
    }
    return Optional.ofNullable(versions.get(Long.parseLong(version)));
  }

  public FunctionState withLatest(FunctionVersion value) {
    return new FunctionState(name, value, versions, aliases, reservedConcurrency, lastVersionNumber);
  }

  public FunctionState withPublished(FunctionVersion published) {
    TreeMap<Long, FunctionVersion> copy = new TreeMap<>(versions);
    long number = Long.parseLong(published.version());
    copy.put(number, published);
    return new FunctionState(
        name, latest, copy, aliases, reservedConcurrency, Math.max(lastVersionNumber, number));
  }

  public FunctionState withoutVersion(long number) {
    TreeMap<Long, FunctionVersion> copy = new TreeMap<>(versions);
    copy.remove(number);
    return new FunctionState(name, latest, copy, aliases, reservedConcurrency, lastVersionNumber);
  }

  public FunctionState withAlias(Alias alias) {
    Map<String, Alias> copy = new java.util.HashMap<>(aliases);
    copy.put(alias.name(), alias);
    return new FunctionState(name, latest, versions, copy, reservedConcurrency, lastVersionNumber);
  }

  public FunctionState withoutAlias(String alias) {
    Map<String, Alias> copy = new java.util.HashMap<>(aliases);
    copy.remove(alias);
    return new FunctionState(name, latest, versions, copy, reservedConcurrency, lastVersionNumber);
  }

  public FunctionState withReservedConcurrency(Integer value) {
    return new FunctionState(name, latest, versions, aliases, value, lastVersionNumber);
  }
}
