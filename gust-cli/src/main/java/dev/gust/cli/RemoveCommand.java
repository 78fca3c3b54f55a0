package dev.gust.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gust rm NAME}: DeleteFunction, or one version of it. */
@Command(
    name = "rm",
    description = "Delete a function with all its versions and aliases, or one version.")
final class RemoveCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "NAME", description = "Function name or ARN.")
  String name;

  @Option(
      names = {"-q", "--qualifier"},
      paramLabel = "VERSION",
      description = "Delete only this version.")
  String qualifier = "";

  @Override
  public Integer call() throws Exception {
    client().deleteFunction(name, qualifier);
    out().println("deleted " + name + (qualifier.isEmpty() ? "" : ":" + qualifier));
    out().flush();
    return 0;
  }
}
