package dev.gust.core;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The configuration of one function version: what runs it, with which limits and environment.
 * Validated on construction, so an invalid configuration never exists.
 */
public record FunctionConfig(
    String runtime,
    String handler,
    String role,
    String description,
    int memorySize,
    int timeout,
    int ephemeralStorage,
    Map<String, String> environment,
    String architecture,
    java.util.Optional<String> deadLetterTargetArn) {

  /** A configuration without a dead-letter queue. */
  public FunctionConfig(String runtime, String handler, String role, String description,
      int memorySize, int timeout, int ephemeralStorage, Map<String, String> environment,
      String architecture) {
    this(runtime, handler, role, description, memorySize, timeout, ephemeralStorage, environment,
        architecture, java.util.Optional.empty());
  }

  private static final Pattern ENV_KEY = Pattern.compile("[a-zA-Z]([a-zA-Z0-9_])*");
  private static final Pattern HANDLER = Pattern.compile("[^\\s]+");

  /** Lambda's reserved variables, which a function may not set. */
  private static final java.util.Set<String> RESERVED_ENV =
      java.util.Set.of(
          "_HANDLER",
          "_X_AMZN_TRACE_ID",
          "AWS_EXECUTION_ENV",
          "AWS_LAMBDA_FUNCTION_NAME",
          "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
          "AWS_LAMBDA_FUNCTION_VERSION",
          "AWS_LAMBDA_INITIALIZATION_TYPE",
          "AWS_LAMBDA_LOG_GROUP_NAME",
          "AWS_LAMBDA_LOG_STREAM_NAME",
          "AWS_LAMBDA_RUNTIME_API",
          "AWS_REGION",
          "AWS_DEFAULT_REGION",
          "LAMBDA_RUNTIME_DIR",
          "LAMBDA_TASK_ROOT");

  public FunctionConfig {
    RuntimeId parsed =
        RuntimeId.parse(runtime)
            .orElseThrow(
                () ->
                    GustException.invalidParameter(
                        "The runtime parameter of "
                            + runtime
                            + " is not supported. Use one of: "
                            + RuntimeId.KNOWN
                            + "."));
    handler = handler == null ? "" : handler;
    validateHandler(parsed, handler);
    role = role == null ? "" : role;
    description = description == null ? "" : description;
    if (description.length() > Limits.MAX_DESCRIPTION_CHARS) {
      throw GustException.invalidParameter(
          "Description must be at most " + Limits.MAX_DESCRIPTION_CHARS + " characters.");
    }
    requireRange("memorySize", memorySize, Limits.MIN_MEMORY_MB, Limits.MAX_MEMORY_MB);
    requireRange("timeout", timeout, Limits.MIN_TIMEOUT_S, Limits.MAX_TIMEOUT_S);
    requireRange(
        "ephemeralStorage.size",
        ephemeralStorage,
        Limits.MIN_EPHEMERAL_MB,
        Limits.MAX_EPHEMERAL_MB);
    environment = environment == null ? Map.of() : validateEnvironment(environment);
    architecture = architecture == null ? "x86_64" : architecture;
    if (!architecture.equals("x86_64") && !architecture.equals("arm64")) {
      throw GustException.invalidParameter(
          "Architectures must be [x86_64] or [arm64], not [" + architecture + "].");
    }
    deadLetterTargetArn = deadLetterTargetArn == null
        ? java.util.Optional.empty()
        : deadLetterTargetArn.filter(a -> !a.isEmpty());
    deadLetterTargetArn.ifPresent(arn -> {
      if (!arn.matches("arn:aws[a-z-]*:sqs:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_.-]{1,80}")) {
        throw GustException.invalidParameter("DeadLetterConfig.TargetArn must be the ARN of a"
            + " queue, such as arn:aws:sqs:us-east-1:000000000000:failed-events, not '" + arn + "'.");
      }
    });
  }

  /** A configuration with Lambda's defaults for everything but runtime and handler. */
  public static FunctionConfig of(String runtime, String handler) {
    return new FunctionConfig(
        runtime,
        handler,
        "",
        "",
        Limits.DEFAULT_MEMORY_MB,
        Limits.DEFAULT_TIMEOUT_S,
        Limits.DEFAULT_EPHEMERAL_MB,
        Map.of(),
        "x86_64");
  }

  public RuntimeId runtimeId() {
    return RuntimeId.parse(runtime).orElseThrow();
  }

  public FunctionConfig withDescription(String value) {
    return new FunctionConfig(
        runtime, handler, role, value, memorySize, timeout, ephemeralStorage, environment,
        architecture, deadLetterTargetArn);
  }

  private static void validateHandler(RuntimeId runtime, String handler) {
    if (handler.isEmpty()) {
      if (runtime.family() == RuntimeId.Family.PROVIDED) {
        return;
      }
      throw GustException.invalidParameter(
          "Handler is required for runtime " + runtime.id() + ".");
    }
    if (handler.length() > Limits.MAX_HANDLER_CHARS || !HANDLER.matcher(handler).matches()) {
      throw GustException.invalidParameter(
          "1 validation error detected: Value '"
              + handler
              + "' at 'handler' failed to satisfy constraint: Member must have length less than"
              + " or equal to 128 and match pattern [^\\s]+");
    }
    switch (runtime.family()) {
      case PYTHON, NODEJS -> {
        int dot = handler.lastIndexOf('.');
        if (dot <= 0 || dot == handler.length() - 1) {
          throw GustException.invalidParameter(
              "Handler '"
                  + handler
                  + "' is not of the form 'module.function' (for example"
                  + " 'app.handler').");
        }
      }
      case JAVA -> {
        String className = handler.contains("::") ? handler.split("::", 2)[0] : handler;
        if (!className.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")
            || handler.endsWith("::")) {
          throw GustException.invalidParameter(
              "Handler '"
                  + handler
                  + "' is not of the form 'package.Class' or 'package.Class::method'.");
        }
      }
      case PROVIDED -> {}
    }
  }

  private static void requireRange(String field, int value, int min, int max) {
    if (value < min) {
      throw GustException.invalidParameter(
          "1 validation error detected: Value '"
              + value
              + "' at '"
              + field
              + "' failed to satisfy constraint: Member must have value greater than or equal to "
              + min);
    }
    if (value > max) {
      throw GustException.invalidParameter(
          "1 validation error detected: Value '"
              + value
              + "' at '"
              + field
              + "' failed to satisfy constraint: Member must have value less than or equal to "
              + max);
    }
  }

  private static Map<String, String> validateEnvironment(Map<String, String> environment) {
    int bytes = 0;
    for (Map.Entry<String, String> e : environment.entrySet()) {
      String key = e.getKey();
      if (key == null || !ENV_KEY.matcher(key).matches()) {
        throw GustException.invalidParameter(
            "Environment variable name '"
                + key
                + "' is invalid: it must start with a letter and contain only letters, digits"
                + " and underscores.");
      }
      if (RESERVED_ENV.contains(key)) {
        throw GustException.invalidParameter(
            "Lambda was unable to configure your environment variables because the environment"
                + " variables you have provided contains reserved keys that are currently not"
                + " supported for modification. Reserved keys used in this request: "
                + key);
      }
      String value = e.getValue() == null ? "" : e.getValue();
      bytes +=
          key.getBytes(StandardCharsets.UTF_8).length
              + value.getBytes(StandardCharsets.UTF_8).length;
    }
    if (bytes > Limits.MAX_ENVIRONMENT_BYTES) {
      throw GustException.invalidParameter(
          "Lambda was unable to configure your environment variables because the environment"
              + " variables you have provided exceeded the 4KB limit. String measured: "
              + bytes
              + " bytes.");
    }
    TreeMap<String, String> copy = new TreeMap<>();
    environment.forEach((k, v) -> copy.put(k, v == null ? "" : v));
    return java.util.Collections.unmodifiableMap(copy);
  }
}
