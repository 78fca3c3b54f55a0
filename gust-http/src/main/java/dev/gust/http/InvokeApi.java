package dev.gust.http;

import dev.gust.core.Arns;
import dev.gust.core.FunctionRegistry;
import dev.gust.core.Limits;
import dev.gust.invoke.InvocationService;
import dev.gust.invoke.InvocationType;
import dev.gust.invoke.InvokeRequest;
import dev.gust.invoke.InvokeResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** Invoke, and the deprecated InvokeAsync. */
final class InvokeApi {
  private final FunctionRegistry registry;
  private final InvocationService invocations;

  InvokeApi(FunctionRegistry registry, InvocationService invocations) {
    this.registry = registry;
    this.invocations = invocations;
  }

  void register(Router router) {
    router
        .add("POST", "/2015-03-31/functions/{FunctionName}/invocations", this::invoke)
        .add("POST", "/2014-11-13/functions/{FunctionName}/invoke-async", this::invokeAsync);
  }

  Response invoke(Request r) throws Exception {
    InvocationType type = InvocationType.parse(r.header("X-Amz-Invocation-Type").orElse(null));
    Arns.FunctionRef ref =
        registry.arns().parseFunctionName(r.path("FunctionName")).withQualifier(r.query("Qualifier").orElse(null));
    byte[] payload = r.body(Limits.MAX_SYNC_PAYLOAD_BYTES, "InvokeFunction");
    String logType = r.header("X-Amz-Log-Type").orElse("None");
    if (!logType.equals("None") && !logType.equals("Tail")) {
      throw dev.gust.core.GustException.invalidParameter(
          "1 validation error detected: Value '" + logType
              + "' at 'logType' failed to satisfy constraint: Member must satisfy enum value set:"
              + " [Tail, None]");
    }
    boolean tail = logType.equals("Tail");
    InvokeResponse out =
        invocations.invoke(
            new InvokeRequest(ref, payload, type, tail, r.header("X-Amz-Client-Context")));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-amzn-RequestId", out.requestId());
    if (out.status() == 200) {
      headers.put("Content-Type", "application/json");
    }
    out.executedVersion().ifPresent(v -> headers.put("X-Amz-Executed-Version", v));
    out.functionError().ifPresent(e -> headers.put("X-Amz-Function-Error", e));
    out.logResult().ifPresent(l -> headers.put("X-Amz-Log-Result", l));
    return new Response(out.status(), headers, out.payload());
  }

  Response invokeAsync(Request r) throws Exception {
    Arns.FunctionRef ref = registry.arns().parseFunctionName(r.path("FunctionName"));
    byte[] payload = r.body(Limits.MAX_SYNC_PAYLOAD_BYTES, "InvokeAsync");
    InvokeResponse out =
        invocations.invoke(
            new InvokeRequest(ref, payload, InvocationType.EVENT, false, java.util.Optional.empty()));
    return Response.json(202, "{\"Status\":202}").withHeader("x-amzn-RequestId", out.requestId());
  }
}
