package dev.gust.server;

import dev.gust.cli.GustCli;
import picocli.CommandLine;

/** The {@code gust} executable: the CLI, plus the {@code server} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    CommandLine cli = GustCli.commandLine();
    CommandLine server = new CommandLine(new ServerCommand());
    server.setOut(cli.getOut());
    server.setErr(cli.getErr());
    cli.addSubcommand("server", server);
    int code = cli.execute(args);
    cli.getOut().flush();
    cli.getErr().flush();
    System.exit(code);
  }
}
