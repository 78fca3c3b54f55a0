package dev.gust.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gust invoke NAME [PAYLOAD | -f FILE | -]}: Lambda's Invoke. */
@Command(
    name = "invoke",
    description = {
      "Invoke a function and print its response payload.",
      "Exits 1 when the function fails (X-Amz-Function-Error); the error payload is printed."
    })
final class InvokeCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "NAME", description = "Function name or ARN.")
  String name;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "PAYLOAD",
      description = "The event as JSON, or - to read it from stdin (default: {}).")
  String payload = "";

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description = "Read the event from FILE.")
  Path file;

  @Option(
      names = {"-q", "--qualifier"},
      paramLabel = "VERSION|ALIAS",
      description = "Version or alias to invoke (default: $LATEST).")
  String qualifier = "";

  @Option(names = "--async", description = "Queue the event (invocation type Event) and return.")
  boolean async;

  @Option(names = "--dry-run", description = "Only check that the invocation would be allowed.")
  boolean dryRun;

  @Option(names = "--logs", description = "Print the tail of the invocation's log to stderr.")
  boolean logs;

  @Override
  public Integer call() throws Exception {
    if (async && dryRun) {
      throw usage("--async and --dry-run cannot be combined");
    }
    if (logs && (async || dryRun)) {
      throw usage("--logs needs a synchronous invocation; drop --async or --dry-run");
    }
    byte[] event = event();
    String type = async ? "Event" : dryRun ? "DryRun" : "RequestResponse";
    RestClient.Response response = client().invoke(name, qualifier, type, logs, event);
    if (response.status() == 202) {
      out().println("accepted (202)");
      return 0;
    }
    if (response.status() == 204) {
      out().println("dry run ok (204)");
      return 0;
    }
    if (logs) {
      printLogTail(response.header("X-Amz-Log-Result"));
    }
    String result = response.text();
    out().print(result);
    if (!result.endsWith("\n")) {
      out().println();
    }
    out().flush();
    String functionError = response.header("X-Amz-Function-Error");
    if (!functionError.isEmpty()) {
      err().println("error: function error (" + functionError + ")");
      err().flush();
      return 1;
    }
    return 0;
  }

  private byte[] event() throws IOException {
    if (file != null && !payload.isEmpty()) {
      throw usage("give the event either as PAYLOAD or with --file, not both");
    }
    if (file != null) {
      return Files.readAllBytes(file);
    }
    if (payload.equals("-")) {
      return context().in().readAllBytes();
    }
    return (payload.isEmpty() ? "{}" : payload).getBytes(StandardCharsets.UTF_8);
  }

  private void printLogTail(String encoded) {
    if (encoded.isEmpty()) {
      err().println("(no log tail returned)");
    } else {
      String tail = new String(Base64.getMimeDecoder().decode(encoded), StandardCharsets.UTF_8);
      err().print(tail.endsWith("\n") ? tail : tail + "\n");
    }
    err().flush();
  }
}
