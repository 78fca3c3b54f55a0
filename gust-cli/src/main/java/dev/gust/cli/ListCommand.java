package dev.gust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/** {@code gust ls}: every function, following ListFunctions' NextMarker. */
@Command(name = "ls", description = "List functions.")
final class ListCommand extends ApiCommand {

  @Override
  public Integer call() throws Exception {
    GustClient client = client();
    Table table = new Table("NAME", "RUNTIME", "MEMORY", "TIMEOUT", "LAST MODIFIED");
    table.alignRight(2, 3);
    String marker = "";
    do {
      JsonNode page = client.listFunctions(marker);
      for (JsonNode f : page.path("Functions")) {
        table.add(
            Json.text(f, "FunctionName", "?"),
            Json.text(f, "Runtime", "-"),
            Json.text(f, "MemorySize", "?") + " MB",
            Json.text(f, "Timeout", "?") + " s",
            Formats.timestamp(Json.text(f, "LastModified", "")));
      }
      marker = Json.text(page, "NextMarker", "");
    } while (!marker.isEmpty());
    table.print(out());
    return 0;
  }
}
