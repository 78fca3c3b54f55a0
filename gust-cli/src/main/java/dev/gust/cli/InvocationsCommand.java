package dev.gust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gust invocations NAME}: a function's asynchronous invocations and where each stands. */
@Command(
    name = "invocations",
    description = {
      "Show a function's asynchronous (Event) invocations, newest first: queued, running,"
          + " retrying, succeeded or failed, with attempts and the last error.",
      "Failed ones can be run again with: gust redrive NAME [REQUEST_ID]"
    })
final class InvocationsCommand extends ApiCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "Function name or ARN.")
  String name;

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      description = "Only these: queued, running, retrying, succeeded or failed.")
  String status;

  @Option(names = "--limit", paramLabel = "N", description = "At most N (default: 50, at most 1000).")
  int limit = 50;

  @Override
  public Integer call() throws Exception {
    JsonNode listing = client().invocations(name, status, limit);
    Table table = new Table("REQUEST ID", "STATUS", "ATTEMPTS", "ACCEPTED", "LAST ERROR");
    table.alignRight(2);
    for (JsonNode i : listing.path("Invocations")) {
      String error = Json.text(i, "LastError", "-").replace('\n', ' ');
      table.add(
          Json.text(i, "RequestId", "?"),
          Json.text(i, "Status", "?"),
          Json.text(i, "Attempts", "0"),
          Formats.timestamp(Json.text(i, "Accepted", "")),
          error.length() > 80 ? error.substring(0, 77) + "..." : error);
    }
    table.print(out());
    out().println(listing.path("Pending").asLong() + " pending in all");
    out().flush();
    return 0;
  }
}
