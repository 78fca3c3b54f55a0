package dev.gust.runtime.java;

import java.io.ByteArrayOutputStream;
import java.io.IOError;
import java.io.IOException;

/**
 * The process the platform starts for a Java function:
 *
 * <pre>
 * java ... -cp $LAMBDA_RUNTIME_DIR/gust-java-runtime.jar:$LAMBDA_TASK_ROOT:$LAMBDA_TASK_ROOT/lib/*
 *     dev.gust.runtime.java.Bootstrap
 * </pre>
 *
 * It loads the handler named by {@code _HANDLER}; if that fails it posts {@code
 * /runtime/init/error} and exits with status 1. Otherwise it serves events one at a time until the
 * platform stops it: each response or error is posted after stdout and stderr are flushed, since
 * the platform collects an invocation's log output when the result arrives.
 */
public final class Bootstrap {
  private static final String TRACE_PROPERTY = "com.amazonaws.xray.traceHeader";

  private Bootstrap() {}

  public static void main(String[] args) {
    RuntimeApiClient api;
    try {
      api = new RuntimeApiClient(System.getenv("AWS_LAMBDA_RUNTIME_API"));
    } catch (IllegalArgumentException e) {
      exit(e.getMessage());
      return;
    }
    // LambdaRuntime.getLogger() keeps aws-lambda-java-core's own logger, which prints to stdout
    // too; installing ours there by reflection cost 6-9 ms of every cold start.
    StdoutLogger logger = new StdoutLogger(System.getenv("AWS_LAMBDA_LOG_LEVEL"));

    EventHandler handler;
    try {
      handler = HandlerLoader.load(System.getenv("_HANDLER"), ClassLoader.getSystemClassLoader());
    } catch (HandlerLoader.InitFailure failure) {
      ErrorReport report = failure.report();
      System.out.print(report.logText());
      flushOutput();
      try {
        api.postError("init/error", report.errorType(), report.toJson());
      } catch (IOException e) {
        exit("could not report the init error: " + e.getMessage());
      }
      System.exit(1);
      return;
    }
    try {
      serve(api, handler, logger, InvocationContext.FunctionEnvironment.fromEnvironment());
    } catch (IOException e) {
      exit(e.getMessage());
    }
  }

  private static void serve(
      RuntimeApiClient api,
      EventHandler handler,
      StdoutLogger logger,
      InvocationContext.FunctionEnvironment function)
      throws IOException {
    ResponseBuffer out = new ResponseBuffer();
    while (true) {
      Invocation invocation = api.next();
      if (invocation.traceId() != null) {
        System.setProperty(TRACE_PROPERTY, invocation.traceId());
      } else {
        System.clearProperty(TRACE_PROPERTY);
      }
      out.reset();
      ErrorReport failure = null;
      boolean fatal = false;
      try {
        handler.handle(invocation.body(), out, new InvocationContext(invocation, function, logger));
      } catch (Throwable t) {
        failure = ErrorReport.of(t);
        // The JVM cannot be trusted after these: report, then let the platform start afresh.
        fatal = t instanceof VirtualMachineError || t instanceof IOError;
      }
      RuntimeApiClient.Response answer;
      if (failure == null) {
        flushOutput();
        answer = api.postResponse(invocation.requestId(), out.buffer(), out.size());
      } else {
        System.out.print(failure.logText());
        flushOutput();
        answer =
            api.postError(
                "invocation/" + invocation.requestId() + "/error",
                failure.errorType(),
                failure.toJson());
      }
      Thread.interrupted(); // a handler may leave the flag set; it must not leak into the next one
      if (answer.status() >= 500) {
        exit("the Runtime API answered " + answer.status() + ", exiting: " + answer.bodyText());
      } else if (answer.status() != 202) {
        System.err.println(
            "gust-java: the Runtime API refused the result of "
                + invocation.requestId()
                + " ("
                + answer.status()
                + "): "
                + answer.bodyText());
      }
      if (fatal) {
        exit("exiting after " + failure.errorType());
      }
    }
  }

  /** Gives the response bytes to the client without a copy. */
  private static final class ResponseBuffer extends ByteArrayOutputStream {
    ResponseBuffer() {
      super(4096);
    }

    byte[] buffer() {
      return buf;
    }
  }

  private static void flushOutput() {
    System.out.flush();
    System.err.flush();
  }

  private static void exit(String message) {
    flushOutput();
    System.err.println("gust-java: " + message);
    System.err.flush();
    System.exit(1);
  }
}
