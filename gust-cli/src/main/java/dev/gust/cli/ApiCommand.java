package dev.gust.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that talks to the server: the shared {@code --endpoint} option and the streams. */
abstract class ApiCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description = {
        "Gust server URL.",
        "Default: $GUST_ENDPOINT, else " + CliContext.DEFAULT_ENDPOINT + "."
      })
  String endpoint = "";

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  CliContext context() {
    return ((GustCli) spec.root().userObject()).context();
  }

  PrintWriter out() {
    return context().out();
  }

  PrintWriter err() {
    return context().err();
  }

  GustClient client() throws CliException {
    String url = endpoint.isBlank() ? context().defaultEndpoint() : endpoint;
    return new GustClient(new RestClient(url));
  }

  /** A usage error: picocli prints it with the command's usage and exits with 2. */
  ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
