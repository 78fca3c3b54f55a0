package dev.gust.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code gust routes ls|add|rm}): {@code --help}, and a
 * usage error naming the subcommands when none is given.
 */
abstract class GroupCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Override
  public Integer call() {
    List<String> names = List.copyOf(spec.subcommands().keySet());
    String choices = names.size() < 2
        ? String.join("", names)
        : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast();
    throw new ParameterException(spec.commandLine(), "Missing subcommand: " + choices);
  }
}
