package dev.gust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gust versions NAME}: ListVersionsByFunction, or PublishVersion with {@code --publish}. */
@Command(
    name = "versions",
    description = "List a function's versions, or publish $LATEST as a new version.")
final class VersionsCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "NAME", description = "Function name or ARN.")
  String name;

  @Option(names = "--publish", description = "Publish the current code and settings as a version.")
  boolean publish;

  @Option(
      names = {"-d", "--description"},
      paramLabel = "TEXT",
      description = "Description of the published version (with --publish).")
  String description = "";

  @Override
  public Integer call() throws Exception {
    if (!description.isEmpty() && !publish) {
      throw usage("--description is only used with --publish");
    }
    if (publish) {
      JsonNode version = client().publishVersion(name, description, "");
      out().println("published " + name + " version " + Json.text(version, "Version", "?"));
      out().flush();
      return 0;
    }
    Table table = new Table("VERSION", "LAST MODIFIED", "CODE SHA256", "DESCRIPTION");
    for (JsonNode v : client().listVersions(name)) {
      table.add(
          Json.text(v, "Version", "?"),
          Formats.timestamp(Json.text(v, "LastModified", "")),
          Json.text(v, "CodeSha256", "-"),
          Json.text(v, "Description", ""));
    }
    table.print(out());
    return 0;
  }
}
