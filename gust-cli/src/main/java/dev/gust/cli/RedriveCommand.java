package dev.gust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code gust redrive NAME [REQUEST_ID]}: runs failed asynchronous invocations again. */
@Command(
    name = "redrive",
    description = {
      "Queue failed asynchronous invocations of a function again, with their attempts reset:"
          + " the one named by REQUEST_ID, or every failed one.",
      "See them with: gust invocations NAME --status failed"
    })
final class RedriveCommand extends ApiCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "Function name or ARN.")
  String name;

  @Parameters(index = "1", arity = "0..1", paramLabel = "REQUEST_ID",
      description = "One invocation (default: every failed one).")
  String requestId;

  @Override
  public Integer call() throws Exception {
    JsonNode result = client().redrive(name, requestId);
    int count = result.path("Redriven").size();
    out().println("redriven " + count + " invocation" + (count == 1 ? "" : "s") + " of " + name);
    result.path("Redriven").forEach(id -> out().println("  " + id.asText()));
    out().flush();
    return 0;
  }
}
