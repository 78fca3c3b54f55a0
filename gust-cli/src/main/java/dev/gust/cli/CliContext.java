package dev.gust.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What a command may touch outside its arguments: standard streams, the environment and the clock.
 * Injected so that tests capture output and fix the time.
 */
record CliContext(
    InputStream in, PrintWriter out, PrintWriter err, Map<String, String> env, Clock clock) {

  /** The environment variable that overrides the default endpoint. */
  static final String ENDPOINT_VARIABLE = "GUST_ENDPOINT";

  static final String DEFAULT_ENDPOINT = "http://127.0.0.1:9000";

  CliContext {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    env = Map.copyOf(env);
    Objects.requireNonNull(clock, "clock");
  }

  /** The endpoint to use when the command line names none. */
  String defaultEndpoint() {
    String fromEnv = env.get(ENDPOINT_VARIABLE);
    return fromEnv == null || fromEnv.isBlank() ? DEFAULT_ENDPOINT : fromEnv.strip();
  }
}
