package dev.gust.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Runs the CLI in-process with captured streams, a fixed clock and a given endpoint. */
record CliRun(int exitCode, String out, String err) {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  static CliRun run(String endpoint, String... args) {
    return runWithStdin(endpoint, "", args);
  }

  static CliRun runWithStdin(String endpoint, String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext context =
        new CliContext(
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            Map.of(CliContext.ENDPOINT_VARIABLE, endpoint),
            Clock.fixed(NOW, ZoneOffset.UTC));
    int code = GustCli.commandLine(context).execute(args);
    context.out().flush();
    context.err().flush();
    return new CliRun(code, out.toString(), err.toString());
  }
}
