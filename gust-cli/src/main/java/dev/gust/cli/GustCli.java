package dev.gust.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code gust} command. {@link #commandLine()} builds the picocli tree, to which the server
 * module adds its {@code server} subcommand with {@link CommandLine#addSubcommand}; {@link #main}
 * runs it and exits with its code (0 success, 1 error, 2 usage).
 */
@Command(
    name = "gust",
    mixinStandardHelpOptions = true,
    versionProvider = GustCli.Version.class,
    description = "Deploy, invoke and inspect functions on a Gust server.",
    footer = {
      "",
      "Every command takes --endpoint URL.",
      "Default: $GUST_ENDPOINT, else " + CliContext.DEFAULT_ENDPOINT + "."
    },
    subcommands = {
      DeployCommand.class,
      InvokeCommand.class,
      ListCommand.class,
      RemoveCommand.class,
      VersionsCommand.class,
      AliasCommand.class,
      RoutesCommand.class,
      KeysCommand.class,
      SchedulesCommand.class,
      UrlCommand.class,
      LogsCommand.class,
      InvocationsCommand.class,
      RedriveCommand.class,
      UsageCommand.class,
      CommandLine.HelpCommand.class
    })
public final class GustCli implements Callable<Integer> {
  private final CliContext context;

  @Spec CommandSpec spec;

  GustCli(CliContext context) {
    this.context = context;
  }

  /** The command tree on the process's standard streams and environment. */
  public static CommandLine commandLine() {
    PrintWriter out = writer(System.out);
    PrintWriter err = writer(System.err);
    return commandLine(System.in, out, err, System.getenv());
  }

  /**
   * The command tree on the given streams and environment (for tests and embedding). Commands read
   * standard input from {@code in}, print results to {@code out} and diagnostics to {@code err},
   * and read {@code GUST_ENDPOINT} from {@code env}.
   */
  public static CommandLine commandLine(
      InputStream in, PrintWriter out, PrintWriter err, Map<String, String> env) {
    return commandLine(new CliContext(in, out, err, env, Clock.systemUTC()));
  }

  static CommandLine commandLine(CliContext context) {
    CommandLine commandLine = new CommandLine(new GustCli(context));
    commandLine.setOut(context.out());
    commandLine.setErr(context.err());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler(
        (exception, command, parseResult) -> report(exception, context.err()));
    return commandLine;
  }

  public static void main(String[] args) {
    CommandLine commandLine = commandLine();
    int code = commandLine.execute(args);
    commandLine.getOut().flush();
    commandLine.getErr().flush();
    System.exit(code);
  }

  CliContext context() {
    return context;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing command; see gust --help");
  }

  /** Prints {@code error: <ErrorType>: <message>} (or {@code error: <message>}); exit code 1. */
  static int report(Exception exception, PrintWriter err) {
    switch (exception) {
      case ApiException api -> err.println("error: " + api.describe());
      case CliException cli -> err.println("error: " + cli.getMessage());
      case IOException io ->
          err.println("error: " + io.getClass().getSimpleName() + ": " + io.getMessage());
      default -> {
        err.println("error: unexpected failure, please report it: " + exception);
        exception.printStackTrace(err);
      }
    }
    err.flush();
    return 1;
  }

  private static PrintWriter writer(OutputStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
  }

  /** Reports the jar's Implementation-Version, when it has one. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = GustCli.class.getPackage().getImplementationVersion();
      return new String[] {"gust " + (version == null ? "(development build)" : version)};
    }
  }
}
