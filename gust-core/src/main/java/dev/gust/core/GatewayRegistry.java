package dev.gust.core;

import java.security.SecureRandom;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Function URLs and HTTP API routes: Lambda's and API Gateway's rules for them, over a {@link
 * GatewayStore}.
 *
 * <p>Like {@link FunctionRegistry}, reads come from immutable snapshots without locking (the HTTP
 * front reads on every request), writes take one lock and persist first. A function's URLs and
 * routes go when the function goes: the store cascades, and {@link #functionChanged} drops them
 * from memory.
 */
public final class GatewayRegistry implements FunctionRegistry.Listener {
  private static final char[] ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private final GatewayStore store;
  private final FunctionRegistry functions;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Map<String, FunctionUrlConfig> urlsById = new ConcurrentHashMap<>();
  private volatile List<Route> routes;

  public GatewayRegistry(GatewayStore store, FunctionRegistry functions, Clock clock) {
    this.store = store;
    this.functions = functions;
    this.clock = clock;
    store.loadUrls().forEach(u -> urlsById.put(u.urlId(), u));
    this.routes = List.copyOf(store.loadRoutes());
    functions.addListener(this);
  }

  // ---- function URLs -----------------------------------------------------------------------

  /** The URL with this id, for serving requests. */
  public Optional<FunctionUrlConfig> urlById(String urlId) {
    return Optional.ofNullable(urlsById.get(urlId));
  }

  public FunctionUrlConfig url(Arns.FunctionRef ref) {
    requireUrlQualifier(ref);
    functions.function(ref.name());
    return findUrl(ref)
        .orElseThrow(
            () ->
                GustException.notFound(
                    "The resource you requested does not exist. (Function URL for "
                        + arnOf(ref)
                        + ")"));
  }

  public List<FunctionUrlConfig> urls(String functionName) {
    functions.function(functionName);
    return urlsById.values().stream()
        .filter(u -> u.functionName().equals(functionName))
        .sorted(Comparator.comparing(u -> u.qualifier().orElse("")))
        .toList();
  }

  /** CreateFunctionUrlConfig. */
  public FunctionUrlConfig createUrl(
      Arns.FunctionRef ref, String authType, Optional<Cors> cors, String invokeMode) {
    return write(
        () -> {
          requireUrlTarget(ref);
          if (findUrl(ref).isPresent()) {
            throw GustException.conflict(
                "Failed to create function url config for [functionArn = "
                    + arnOf(ref)
                    + "]. Error message:  FunctionUrlConfig exists for this Lambda function");
          }
          var now = clock.now();
          FunctionUrlConfig url =
              new FunctionUrlConfig(
                  ref.name(), ref.qualifier(), newUrlId(), authType, cors, invokeMode, now, now);
          store.putUrl(url);
          urlsById.put(url.urlId(), url);
          return url;
        });
  }

  /** UpdateFunctionUrlConfig: empty arguments keep the current value. */
  public FunctionUrlConfig updateUrl(
      Arns.FunctionRef ref,
      Optional<String> authType,
      Optional<Optional<Cors>> cors,
      Optional<String> invokeMode) {
    return write(
        () -> {
          FunctionUrlConfig current = url(ref);
          FunctionUrlConfig updated =
              new FunctionUrlConfig(
                  current.functionName(),
                  current.qualifier(),
                  current.urlId(),
                  authType.orElse(current.authType()),
                  cors.orElse(current.cors()),
                  invokeMode.orElse(current.invokeMode()),
                  current.created(),
                  clock.now());
          store.putUrl(updated);
          urlsById.put(updated.urlId(), updated);
          return updated;
        });
  }

  /** DeleteFunctionUrlConfig. */
  public void deleteUrl(Arns.FunctionRef ref) {
    write(
        () -> {
          FunctionUrlConfig current = url(ref);
          store.deleteUrl(current.functionName(), current.qualifier());
          urlsById.remove(current.urlId());
          return null;
        });
  }

  private Optional<FunctionUrlConfig> findUrl(Arns.FunctionRef ref) {
    return urlsById.values().stream()
        .filter(u -> u.functionName().equals(ref.name()) && u.qualifier().equals(ref.qualifier()))
        .findFirst();
  }

  /** Lambda accepts function URLs on the unqualified function, $LATEST or an alias only. */
  private static void requireUrlQualifier(Arns.FunctionRef ref) {
    if (ref.qualifier().isPresent() && ref.qualifier().get().matches("[0-9]+")) {
      throw GustException.invalidParameter(
          "Function URLs point to a function's $LATEST or to an alias, not to version "
              + ref.qualifier().get()
              + ": create an alias for it.");
    }
  }

  private void requireUrlTarget(Arns.FunctionRef ref) {
    requireUrlQualifier(ref);
    FunctionState f = functions.function(ref.name());
    ref.qualifier()
        .filter(q -> !q.equals(FunctionVersion.LATEST))
        .ifPresent(q -> functions.alias(f.name(), q));
  }

  private String arnOf(Arns.FunctionRef ref) {
    return ref.qualifier()
        .map(q -> functions.arns().qualifiedArn(ref.name(), q))
        .orElse(functions.arns().functionArn(ref.name()));
  }

  // ---- routes ------------------------------------------------------------------------------

  /** Every route, in creation order: the snapshot the gateway matches against. */
  public List<Route> routes() {
    return routes;
  }

  /** Creates a route; its key must be new. The target function must exist. */
  public Route createRoute(
      String routeKey,
      Arns.FunctionRef target,
      String payloadFormatVersion,
      Optional<Cors> cors,
      int timeoutMillis) {
    return createRoute(routeKey, target, payloadFormatVersion, cors, timeoutMillis,
        Route.NO_PROTECTION);
  }

  /**
   * Creates a route guarded by {@code protection}, a document the caller has already checked
   * (the gateway's format; {@code {}} for none).
   */
  public Route createRoute(
      String routeKey,
      Arns.FunctionRef target,
      String payloadFormatVersion,
      Optional<Cors> cors,
      int timeoutMillis,
      String protection) {
    return write(
        () -> {
          Route.requireRouteKey(routeKey);
          FunctionState f = functions.function(target.name());
          functions.version(new Arns.FunctionRef(f.name(), target.qualifier()));
          if (routes.stream().anyMatch(r -> r.routeKey().equals(routeKey))) {
            throw GustException.conflict("Route key '" + routeKey + "' already exists.");
          }
          Route route =
              new Route(
                  newId(10),
                  routeKey,
                  target.name(),
                  target.qualifier(),
                  payloadFormatVersion,
                  cors,
                  timeoutMillis,
                  clock.now(),
                  protection);
          store.putRoute(route);
          routes = append(routes, route);
          return route;
        });
  }

  /** Deletes a route by id or by route key. */
  public Route deleteRoute(String idOrKey) {
    return write(
        () -> {
          Route route =
              routes.stream()
                  .filter(r -> r.routeId().equals(idOrKey) || r.routeKey().equals(idOrKey))
                  .findFirst()
                  .orElseThrow(() -> GustException.notFound("No route '" + idOrKey + "'."));
          store.deleteRoute(route.routeId());
          routes = routes.stream().filter(r -> r != route).toList();
          return route;
        });
  }

  private static List<Route> append(List<Route> list, Route route) {
    java.util.ArrayList<Route> copy = new java.util.ArrayList<>(list);
    copy.add(route);
    return List.copyOf(copy);
  }

  // ---- shared ------------------------------------------------------------------------------

  /**
   * Drops the URLs and routes of a function that no longer exists (the store cascaded), and the
   * URL of an alias that was deleted, as Lambda does.
   */
  @Override
  public void functionChanged(String functionName) {
    Optional<FunctionState> function = functions.find(functionName);
    writeLock.lock();
    try {
      if (function.isEmpty()) {
        urlsById.values().removeIf(u -> u.functionName().equals(functionName));
        routes = routes.stream().filter(r -> !r.functionName().equals(functionName)).toList();
        return;
      }
      for (FunctionUrlConfig u : List.copyOf(urlsById.values())) {
        boolean aliasGone =
            u.functionName().equals(functionName)
                && u.qualifier().filter(q -> !q.equals(FunctionVersion.LATEST)).isPresent()
                && !function.get().aliases().containsKey(u.qualifier().get());
        if (aliasGone) {
          store.deleteUrl(u.functionName(), u.qualifier());
          urlsById.remove(u.urlId());
        }
      }
    } finally {
      writeLock.unlock();
    }
  }

  private <T> T write(java.util.function.Supplier<T> change) {
    writeLock.lock();
    try {
      return change.get();
    } finally {
      writeLock.unlock();
    }
  }

  private String newUrlId() {
    return newId(32);
  }

  private String newId(int length) {
    char[] id = new char[length];
    for (int i = 0; i < length; i++) {
      id[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
    }
    return new String(id);
  }
}
