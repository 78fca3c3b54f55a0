package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A hello function for Gust's java21 runtime.
 *
 * <p>The counter lives in the handler instance, which the runtime creates once per instance: it
 * survives between invocations served by the same instance, and starts again at 1 on a cold start.
 */
public class Hello implements RequestHandler<Map<String, Object>, Map<String, Object>> {
  private int invocations;

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    invocations++;
    Object name = event == null ? null : event.get("name");
    String who = name == null ? "world" : name.toString();
    context
        .getLogger()
        .log("greeting " + who + " (invocation " + invocations + " of this instance)\n");
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("message", "Hello, " + who + "!");
    result.put("invocations", invocations);
    result.put("requestId", context.getAwsRequestId());
    return result;
  }
}
