package dev.gust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gust url create|get|rm}: a function's function URL (Lambda's FunctionUrlConfig). */
@Command(
    name = "url",
    description = "Create, show and delete a function's URL.",
    subcommands = {UrlCommand.UrlCreate.class, UrlCommand.UrlGet.class, UrlCommand.UrlRemove.class})
final class UrlCommand extends GroupCommand {

  /** The function and qualifier every subcommand names. */
  abstract static class UrlTarget extends ApiCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Function name or ARN.")
    String name;

    @Option(
        names = {"-q", "--qualifier"},
        paramLabel = "ALIAS",
        description = "The URL of this alias (default: the unqualified function).")
    String qualifier = "";

    String label() {
      return name + (qualifier.isEmpty() ? "" : ":" + qualifier);
    }
  }

  enum Auth {
    NONE,
    AWS_IAM
  }

  @Command(
      name = "create",
      description = {
        "Give a function (or one of its aliases) its own URL and print it.",
        "Every HTTP request to the URL invokes the function with an API Gateway 2.0 event."
      })
  static final class UrlCreate extends UrlTarget {
    @Option(
        names = "--auth",
        paramLabel = "TYPE",
        description = "NONE (default: anyone may call it) or AWS_IAM (signed requests only).")
    Auth auth = Auth.NONE;

    @Option(
        names = "--stream",
        description = "Stream the response (InvokeMode RESPONSE_STREAM) instead of buffering it.")
    boolean stream;

    @Mixin CorsOptions cors;

    @Override
    public Integer call() throws Exception {
      UrlSpec url;
      try {
        Optional<String> q = qualifier.isEmpty() ? Optional.empty() : Optional.of(qualifier);
        url = new UrlSpec(q, auth.name(), stream, cors.spec());
      } catch (IllegalArgumentException e) {
        throw usage(e.getMessage());
      }
      JsonNode created = client().createFunctionUrl(name, qualifier, url.request(false));
      out().println(Json.text(created, "FunctionUrl", "?"));
      out().flush();
      return 0;
    }
  }

  @Command(name = "get", description = "Show a function's URL and its settings.")
  static final class UrlGet extends UrlTarget {
    @Override
    public Integer call() throws Exception {
      JsonNode url = client().getFunctionUrl(name, qualifier);
      out().println("url       " + Json.text(url, "FunctionUrl", "?"));
      out().println("function  " + Json.text(url, "FunctionArn", "?"));
      out().println("auth      " + Json.text(url, "AuthType", "?"));
      out().println("mode      " + Json.text(url, "InvokeMode", "BUFFERED"));
      out().println("cors      " + CorsSpec.describe(url.path("Cors")));
      out().println("created   " + Formats.timestamp(Json.text(url, "CreationTime", "")));
      out().println("modified  " + Formats.timestamp(Json.text(url, "LastModifiedTime", "")));
      out().flush();
      return 0;
    }
  }

  @Command(name = "rm", description = "Delete a function's URL.")
  static final class UrlRemove extends UrlTarget {
    @Override
    public Integer call() throws Exception {
      client().deleteFunctionUrl(name, qualifier);
      out().println("deleted the URL of " + label());
      out().flush();
      return 0;
    }
  }
}
