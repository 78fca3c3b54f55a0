package dev.gust.invoke;

import dev.gust.core.Arns;
import dev.gust.core.Clock;
import dev.gust.core.ErrorType;
import dev.gust.core.FunctionRegistry;
import dev.gust.core.FunctionState;
import dev.gust.core.FunctionVersion;
import dev.gust.core.GustException;
import dev.gust.core.InvocationLedger;
import dev.gust.core.InvocationRecord;
import dev.gust.core.Limits;
import dev.gust.core.LogStore;
import dev.gust.instances.Execution;
import dev.gust.instances.InstanceManager;
import dev.gust.runtimeapi.ResponseStream;
import dev.gust.runtimeapi.RuntimeInvocation;
import dev.gust.runtimeapi.RuntimeResult;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Runs invocations: Lambda's Invoke semantics over the instance manager, with logs and metering.
 *
 * <p>{@code random} supplies the generator for alias weights and trace ids on the calling thread
 * (the server passes {@code ThreadLocalRandom::current}; tests can pass a seeded one).
 */
public final class InvocationService {
  private final FunctionRegistry registry;
  private final InstanceManager instances;
  private final LogStore logs;
  private final InvocationLedger ledger;
  private final Clock clock;
  private final Supplier<RandomGenerator> random;
  private EventQueue async;

  public InvocationService(
      FunctionRegistry registry,
      InstanceManager instances,
      LogStore logs,
      InvocationLedger ledger,
      Clock clock,
      Supplier<RandomGenerator> random) {
    this.registry = registry;
    this.instances = instances;
    this.logs = logs;
    this.ledger = ledger;
    this.clock = clock;
    this.random = random;
  }

  /** Where Event invocations go; set once at wiring time. */
  public void useAsync(EventQueue async) {
    this.async = async;
  }

  /** Invoke, as the API sees it: validates, then runs, queues or dry-runs. */
  public InvokeResponse invoke(InvokeRequest request) {
    byte[] event = PayloadRules.event(request.payload(), request.type());
    Optional<String> clientContext = PayloadRules.clientContext(request.clientContext());
    if (request.type() == InvocationType.EVENT && clientContext.isPresent()) {
      clientContext = Optional.empty(); // Lambda ignores client context for async invocations
    }
    // Resolving here makes unknown functions and qualifiers a 404 for every invocation type.
    FunctionVersion version = registry.resolveForInvoke(request.function(), random.get().nextDouble());
    String requestId = UUID.randomUUID().toString();
    switch (request.type()) {
      case DRY_RUN -> {
        return new InvokeResponse(
            204, new byte[0], Optional.empty(), Optional.empty(), Optional.empty(), requestId, false);
      }
      case EVENT -> {
        if (async == null) {
          throw new GustException(ErrorType.SERVICE, "asynchronous invocation is not wired");
        }
        async.enqueue(requestId, request.function(), event);
        return new InvokeResponse(
            202, new byte[0], Optional.empty(), Optional.empty(), Optional.empty(), requestId, false);
      }
      default -> {
        return run(
            requestId,
            request.function(),
            version,
            event,
            clientContext,
            request.tailLogs(),
            request.stream());
      }
    }
  }

  /** Runs one invocation of an already resolved version, synchronously. */
  InvokeResponse run(
      String requestId,
      Arns.FunctionRef ref,
      FunctionVersion version,
      byte[] event,
      Optional<String> clientContext,
      boolean tail,
      Optional<ResponseStream> stream) {
    FunctionState function = registry.function(version.functionName());
    String invokedArn =
        ref.qualifier()
            .map(q -> registry.arns().qualifiedArn(version.functionName(), q))
            .orElse(registry.arns().functionArn(version.functionName()));
    RuntimeInvocation invocation =
        new RuntimeInvocation(
            requestId,
            event,
            version.config().timeout() * 1000L,
            invokedArn,
            traceId(),
            clientContext,
            Optional.empty(),
            stream);
    Instant start = clock.now();
    Execution exec;
    try {
      exec = instances.execute(version, function.reserved(), invocation);
    } catch (GustException e) {
      if (e.type() == ErrorType.TOO_MANY_REQUESTS) {
        ledger.record(
            new InvocationRecord(
                requestId, version.functionName(), version.version(), start, 0, 0,
                version.config().memorySize(), 0, false, 0,
                InvocationRecord.Outcome.THROTTLED, "TooManyRequestsException"));
      }
      throw e;
    }
    RuntimeResult result = exec.result();
    long billed = InvocationRecord.billed(exec.durationMs() + exec.initDurationMs());
    String log =
        LambdaLog.format(requestId, version.version(), version.config().memorySize(), billed, exec);
    logs.append(version.functionName(), log);
    ledger.record(
        new InvocationRecord(
            requestId,
            version.functionName(),
            version.version(),
            start,
            exec.durationMs(),
            billed,
            version.config().memorySize(),
            exec.maxMemoryUsedMb(),
            exec.coldStart(),
            exec.initDurationMs(),
            outcome(result),
            result.errorType()));
    return new InvokeResponse(
        200,
        result.body(),
        result.failed() ? Optional.of("Unhandled") : Optional.empty(),
        Optional.of(version.version()),
        tail ? Optional.of(LambdaLog.tail(log, Limits.LOG_TAIL_BYTES)) : Optional.empty(),
        requestId,
        exec.coldStart());
  }

  private static InvocationRecord.Outcome outcome(RuntimeResult r) {
    if (!r.failed()) {
      return InvocationRecord.Outcome.SUCCESS;
    }
    return r.errorType().equals("Sandbox.Timedout")
        ? InvocationRecord.Outcome.TIMEOUT
        : InvocationRecord.Outcome.ERROR;
  }

  /** An X-Ray style trace header: {@code Root=1-<epoch hex>-<96 bits>;Parent=<64 bits>;Sampled=0}. */
  private String traceId() {
    HexFormat hex = HexFormat.of();
    byte[] root = new byte[12];
    byte[] parent = new byte[8];
    RandomGenerator r = random.get();
    r.nextBytes(root);
    r.nextBytes(parent);
    return "Root=1-"
        + Long.toHexString(clock.now().getEpochSecond())
        + "-"
        + hex.formatHex(root)
        + ";Parent="
        + hex.formatHex(parent)
        + ";Sampled=0";
  }

  FunctionRegistry registry() {
    return registry;
  }

  RandomGenerator random() {
    return random.get();
  }
}
