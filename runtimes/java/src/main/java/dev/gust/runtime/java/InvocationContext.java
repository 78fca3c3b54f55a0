package dev.gust.runtime.java;

import com.amazonaws.services.lambda.runtime.Client;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.util.Map;

/** The {@link Context} a handler receives for one invocation. */
final class InvocationContext implements Context {
  private final Invocation invocation;
  private final FunctionEnvironment function;
  private final LambdaLogger logger;
  private final CognitoIdentity identity;
  private final ClientContext clientContext;

  InvocationContext(Invocation invocation, FunctionEnvironment function, LambdaLogger logger) {
    this.invocation = invocation;
    this.function = function;
    this.logger = logger;
    this.identity = parseIdentity(invocation.cognitoIdentity());
    this.clientContext = parseClientContext(invocation.clientContext());
  }

  /** What the platform tells every invocation of the function through the environment. */
  record FunctionEnvironment(
      String functionName,
      String functionVersion,
      int memoryLimitInMb,
      String logGroupName,
      String logStreamName) {

    static FunctionEnvironment fromEnvironment() {
      int memory;
      try {
        memory = Integer.parseInt(getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"));
      } catch (NumberFormatException e) {
        memory = 128;
      }
      return new FunctionEnvironment(
          System.getenv("AWS_LAMBDA_FUNCTION_NAME"),
          System.getenv("AWS_LAMBDA_FUNCTION_VERSION"),
          memory,
          System.getenv("AWS_LAMBDA_LOG_GROUP_NAME"),
          System.getenv("AWS_LAMBDA_LOG_STREAM_NAME"));
    }

    private static String getenv(String name, String fallback) {
      String value = System.getenv(name);
      return value == null ? fallback : value;
    }
  }

  @Override
  public String getAwsRequestId() {
    return invocation.requestId();
  }

  @Override
  public String getLogGroupName() {
    return function.logGroupName();
  }

  @Override
  public String getLogStreamName() {
    return function.logStreamName();
  }

  @Override
  public String getFunctionName() {
    return function.functionName();
  }

  @Override
  public String getFunctionVersion() {
    return function.functionVersion();
  }

  @Override
  public String getInvokedFunctionArn() {
    return invocation.invokedFunctionArn();
  }

  @Override
  public CognitoIdentity getIdentity() {
    return identity;
  }

  @Override
  public ClientContext getClientContext() {
    return clientContext;
  }

  @Override
  public int getRemainingTimeInMillis() {
    long remaining = invocation.deadlineMs() - System.currentTimeMillis();
    return remaining <= 0 ? 0 : (int) Math.min(remaining, Integer.MAX_VALUE);
  }

  @Override
  public int getMemoryLimitInMB() {
    return function.memoryLimitInMb();
  }

  @Override
  public LambdaLogger getLogger() {
    return logger;
  }

  @Override
  public String getTenantId() {
    return invocation.tenantId();
  }

  @Override
  public String getXrayTraceId() {
    return invocation.traceId();
  }

  private static CognitoIdentity parseIdentity(String json) {
    if (json == null || json.isEmpty()) {
      return null;
    }
    Map<String, Object> fields = JsonCodec.instance().readObject(json);
    return new Identity(text(fields, "cognitoIdentityId"), text(fields, "cognitoIdentityPoolId"));
  }

  @SuppressWarnings("unchecked")
  private static ClientContext parseClientContext(String json) {
    if (json == null || json.isEmpty()) {
      return null;
    }
    Map<String, Object> fields = JsonCodec.instance().readObject(json);
    Client client = null;
    if (fields.get("client") instanceof Map<?, ?> c) {
      Map<String, Object> m = (Map<String, Object>) c;
      client =
          new MobileClient(
              text(m, "installation_id"),
              text(m, "app_title"),
              text(m, "app_version_name"),
              text(m, "app_version_code"),
              text(m, "app_package_name"));
    }
    return new MobileClientContext(
        client, strings(fields.get("custom")), strings(fields.get("env")));
  }

  private static String text(Map<String, Object> fields, String name) {
    Object value = fields.get(name);
    return value == null ? null : value.toString();
  }

  private static Map<String, String> strings(Object value) {
    if (!(value instanceof Map<?, ?> map)) {
      return null;
    }
    Map<String, String> copy = new java.util.LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      copy.put(String.valueOf(e.getKey()), e.getValue() == null ? null : e.getValue().toString());
    }
    return copy;
  }

  record Identity(String getIdentityId, String getIdentityPoolId) implements CognitoIdentity {}

  record MobileClient(
      String getInstallationId,
      String getAppTitle,
      String getAppVersionName,
      String getAppVersionCode,
      String getAppPackageName)
      implements Client {}

  record MobileClientContext(
      Client getClient, Map<String, String> getCustom, Map<String, String> getEnvironment)
      implements ClientContext {}
}
