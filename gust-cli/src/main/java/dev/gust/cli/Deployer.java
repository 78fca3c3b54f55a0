package dev.gust.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The steps of {@code gust deploy}, in an order that fails before changing anything where it can:
 * look the function up (a new one needs a runtime), plan its routes and function URLs when
 * gust.yaml lists {@code events} (a route key held by another function fails here), build, package,
 * then either CreateFunction or UpdateFunctionCode followed by UpdateFunctionConfiguration, and
 * last the routes, URLs and queue mappings (see {@link EventPlan}). Publishing an existing
 * function is a separate PublishVersion after both updates, guarded by the new CodeSha256, so that
 * the version holds the new code and the new settings together.
 */
final class Deployer {
  /** Packages above this size get progress lines on stderr. */
  static final long LARGE = 1024 * 1024;

  /**
   * Lambda requires a Role on CreateFunction; Gust does not use it, so a placeholder of the right
   * shape is sent when gust.yaml names none.
   */
  static final String PLACEHOLDER_ROLE = "arn:aws:iam::000000000000:role/gust-function";

  private final GustClient client;
  private final PrintWriter out;
  private final PrintWriter err;

  Deployer(GustClient client, PrintWriter out, PrintWriter err) {
    this.client = client;
    this.out = out;
    this.err = err;
  }

  /** What was deployed, for the summary. */
  record Summary(String action, JsonNode function, long zipSize) {
    void print(PrintWriter out) {
      String name = Json.text(function, "FunctionName", "?");
      long size = function.path("CodeSize").asLong(zipSize);
      out.println(action + " " + name);
      out.println("  runtime   " + Json.text(function, "Runtime", "-"));
      out.println("  version   " + Json.text(function, "Version", "$LATEST"));
      out.println("  sha256    " + Json.text(function, "CodeSha256", "-"));
      out.println("  size      " + Progress.bytes(size) + " (" + size + " bytes)");
      out.flush();
    }
  }

  /** Deploys and prints the summary, then the routes and URLs; progress goes to stderr. */
  void deploy(Path folder, DeploySpec spec, String name, boolean publish) throws Exception {
    boolean exists = exists(name);
    if (!exists && spec.runtime().isEmpty()) {
      throw new CliException(
          "function '"
              + name
              + "' does not exist yet and "
              + DeploySpec.FILE_NAME
              + " gives no runtime; add 'runtime:' and 'handler:' to "
              + folder.resolve(DeploySpec.FILE_NAME));
    }
    Optional<EventPlan> events = Optional.empty();
    Optional<SchedulePlan> schedules = Optional.empty();
    if (spec.events().isPresent()) {
      events = Optional.of(EventPlan.plan(client, name, exists, spec.events().get()));
      schedules = Optional.of(SchedulePlan.plan(client, name, spec.events().get().schedules()));
    }
    if (spec.build().isPresent()) {
      BuildStep.run(spec.build().get(), folder, err);
    }
    Summary summary = upload(folder, spec, name, publish, exists);
    summary.print(out);
    if (events.isPresent()) {
      events.get().apply(out, Json.text(summary.function(), "FunctionArn", ""));
      schedules.get().apply(out); // after the upload: a schedule's function must exist
    }
    if (spec.async().isPresent()) {
      client.putEventInvokeConfig(name, spec.async().get().request(client));
      out.println("  async     " + spec.async().get().describe());
      out.flush();
    }
  }

  private Summary upload(Path folder, DeploySpec spec, String name, boolean publish, boolean exists)
      throws Exception {
    Path source = spec.packagePath().map(folder::resolve).orElse(folder).normalize();
    boolean zipped = Files.isDirectory(source);
    Path zip = zipped ? zipFolder(source) : existingArchive(source, spec);
    try {
      long size = Files.size(zip);
      ZipUploadBody.Listener listener = uploadListener(size);
      if (!exists) {
        ObjectNode fields = spec.settings();
        fields.put("FunctionName", name).put("PackageType", "Zip").put("Publish", publish);
        if (!fields.has("Role")) {
          fields.put("Role", PLACEHOLDER_ROLE);
        }
        return new Summary("created", client.createFunction(fields, zip, listener), size);
      }
      JsonNode function = client.updateFunctionCode(name, zip, false, listener);
      if (spec.hasSettings()) {
        function = client.updateFunctionConfiguration(name, spec.settings());
      }
      if (publish) {
        function = client.publishVersion(name, "", Json.text(function, "CodeSha256", ""));
      }
      return new Summary("updated", function, size);
    } finally {
      if (zipped) {
        Files.deleteIfExists(zip);
      }
    }
  }

  private boolean exists(String name) throws Exception {
    try {
      client.getFunction(name);
      return true;
    } catch (ApiException e) {
      if (e.isNotFound()) {
        return false;
      }
      throw e;
    }
  }

  private Path zipFolder(Path source) throws IOException {
    Path zip = Files.createTempFile("gust-deploy-", ".zip");
    try {
      Progress progress = new Progress(err, "zipping");
      PackageZipper.zip(
          source,
          zip,
          (done, total, bytes) -> {
            if (bytes > LARGE) {
              progress.update(done, total, "(" + done + " of " + total + " files)");
            }
          });
      return zip;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(zip);
      throw e;
    }
  }

  private static Path existingArchive(Path source, DeploySpec spec) throws CliException {
    String file = source.getFileName() == null ? "" : source.getFileName().toString();
    String lower = file.toLowerCase(Locale.ROOT);
    if (Files.isRegularFile(source) && (lower.endsWith(".zip") || lower.endsWith(".jar"))) {
      return source;
    }
    String after = spec.build().isPresent() ? " after the build" : "";
    if (!Files.exists(source)) {
      throw new CliException("package " + source + " does not exist" + after);
    }
    throw new CliException("package " + source + " must be a .zip or .jar file or a folder to zip");
  }

  private ZipUploadBody.Listener uploadListener(long zipSize) {
    if (zipSize <= LARGE) {
      return (sent, total) -> {};
    }
    Progress progress = new Progress(err, "uploading");
    return (sent, total) ->
        progress.update(
            sent, total, "(" + Progress.bytes(sent) + " of " + Progress.bytes(total) + ")");
  }
}
