package dev.gust.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gust deploy DIR}: build, package and upload a function folder. */
@Command(
    name = "deploy",
    description = {
      "Create or update a function from a folder.",
      "Reads DIR/gust.yaml (name, runtime, handler, memory, timeout, description, environment,"
          + " build, package, events), runs its build command, zips the package keeping file"
          + " modes, and uploads it.",
      "When gust.yaml lists events (http: routes and url: function URLs), the function's routes"
          + " and URLs are then made to match the list: missing ones are created, changed ones"
          + " updated, unlisted ones deleted. Without events they are left alone."
    })
final class DeployCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "DIR", description = "The function's folder.")
  Path dir;

  @Option(
      names = {"-n", "--name"},
      paramLabel = "NAME",
      description = "Function name (default: gust.yaml's name, else the folder's name).")
  String name = "";

  @Option(names = "--publish", description = "Publish a new version after the update.")
  boolean publish;

  @Override
  public Integer call() throws Exception {
    Path folder = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(folder)) {
      throw new CliException(
          dir + " is not a folder; give the folder that holds the function's code");
    }
    DeploySpec spec = DeploySpec.load(folder);
    String functionName = name.isBlank() ? spec.name().orElse(folderName(folder)) : name;
    new Deployer(client(), out(), err()).deploy(folder, spec, functionName, publish);
    return 0;
  }

  private static String folderName(Path folder) {
    Path fileName = folder.getFileName();
    return fileName == null ? "function" : fileName.toString();
  }
}
