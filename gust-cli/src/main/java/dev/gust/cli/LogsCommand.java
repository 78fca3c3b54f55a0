package dev.gust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gust logs NAME}: the function's recent log text from Gust's {@code /gust/v1} log endpoint,
 * which pages by cursor and, with {@code wait}, long-polls for new text.
 */
@Command(
    name = "logs",
    description = {
      "Print a function's recent logs.",
      "With --follow, keep waiting for new lines until interrupted (Ctrl-C)."
    })
final class LogsCommand extends ApiCommand {
  /** How long one long-poll may wait on the server before it answers with no text. */
  static final int FOLLOW_WAIT_SECONDS = 20;

  @Parameters(index = "0", paramLabel = "NAME", description = "Function name.")
  String name;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing new log lines as they arrive.")
  boolean follow;

  @Option(
      names = "--since-cursor",
      paramLabel = "CURSOR",
      description =
          "Start after this cursor (printed by an earlier run) instead of the recent tail.")
  long cursor = -1;

  @Override
  public Integer call() throws Exception {
    GustClient client = client();
    long position = cursor;
    while (true) {
      JsonNode page = client.logs(name, position, follow ? FOLLOW_WAIT_SECONDS : 0);
      String text = Json.text(page, "text", "");
      long next = page.path("nextCursor").asLong(position);
      out().print(text);
      out().flush();
      boolean advanced = next != position;
      position = next;
      if (!follow && (text.isEmpty() || !advanced)) {
        break;
      }
      if (Thread.currentThread().isInterrupted()) {
        break;
      }
    }
    err().println("cursor: " + position);
    err().flush();
    return 0;
  }
}
