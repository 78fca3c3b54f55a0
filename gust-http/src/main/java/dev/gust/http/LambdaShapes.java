package dev.gust.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gust.core.Alias;
import dev.gust.core.Arns;
import dev.gust.core.FunctionConfig;
import dev.gust.core.FunctionVersion;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Lambda's JSON shapes for functions, versions and aliases. */
final class LambdaShapes {
  /** Lambda's LastModified format: {@code 2019-08-14T22:26:11.234+0000}. */
  static final DateTimeFormatter LAST_MODIFIED =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneOffset.UTC);

  private final ObjectMapper mapper;
  private final Arns arns;

  LambdaShapes(ObjectMapper mapper, Arns arns) {
    this.mapper = mapper;
    this.arns = arns;
  }

  /** FunctionConfiguration. */
  ObjectNode configuration(FunctionVersion v) {
    FunctionConfig c = v.config();
    ObjectNode n = mapper.createObjectNode();
    n.put("FunctionName", v.functionName());
    n.put(
        "FunctionArn",
        v.isLatest()
            ? arns.functionArn(v.functionName())
            : arns.qualifiedArn(v.functionName(), v.version()));
    n.put("Runtime", c.runtime());
    n.put("Role", c.role());
    n.put("Handler", c.handler());
    n.put("CodeSize", v.code().size());
    n.put("Description", c.description());
    n.put("Timeout", c.timeout());
    n.put("MemorySize", c.memorySize());
    n.put("LastModified", LAST_MODIFIED.format(v.lastModified()));
    n.put("CodeSha256", v.code().sha256());
    n.put("Version", v.version());
    if (!c.environment().isEmpty()) {
      ObjectNode vars = n.putObject("Environment").putObject("Variables");
      c.environment().forEach(vars::put);
    }
    n.putObject("TracingConfig").put("Mode", "PassThrough");
    n.put("RevisionId", v.revisionId());
    n.put("State", "Active");
    n.put("LastUpdateStatus", "Successful");
    n.put("PackageType", "Zip");
    n.putArray("Architectures").add(c.architecture());
    n.putObject("EphemeralStorage").put("Size", c.ephemeralStorage());
    c.deadLetterTargetArn().ifPresent(arn -> n.putObject("DeadLetterConfig").put("TargetArn", arn));
    ObjectNode snap = n.putObject("SnapStart");
    snap.put("ApplyOn", "None");
    snap.put("OptimizationStatus", "Off");
    ObjectNode logging = n.putObject("LoggingConfig");
    logging.put("LogFormat", "Text");
    logging.put("LogGroup", "/aws/lambda/" + v.functionName());
    return n;
  }

  ObjectNode alias(Alias a) {
    ObjectNode n = mapper.createObjectNode();
    n.put("AliasArn", arns.qualifiedArn(a.functionName(), a.name()));
    n.put("Name", a.name());
    n.put("FunctionVersion", a.functionVersion());
    n.put("Description", a.description());
    if (!a.additionalVersionWeights().isEmpty()) {
      ObjectNode weights = n.putObject("RoutingConfig").putObject("AdditionalVersionWeights");
      for (Map.Entry<String, Double> e : a.additionalVersionWeights().entrySet()) {
        weights.put(e.getKey(), e.getValue());
      }
    }
    n.put("RevisionId", a.revisionId());
    return n;
  }

  /** Lambda's {@code Cors} structure. */
  ObjectNode cors(dev.gust.core.Cors c) {
    ObjectNode n = mapper.createObjectNode();
    n.put("AllowCredentials", c.allowCredentials());
    c.allowHeaders().forEach(n.putArray("AllowHeaders")::add);
    c.allowMethods().forEach(n.putArray("AllowMethods")::add);
    c.allowOrigins().forEach(n.putArray("AllowOrigins")::add);
    c.exposeHeaders().forEach(n.putArray("ExposeHeaders")::add);
    n.put("MaxAge", c.maxAge());
    return n;
  }

  ObjectNode object() {
    return mapper.createObjectNode();
  }

  ArrayNode array() {
    return mapper.createArrayNode();
  }

  Response ok(int status, Object node) throws java.io.IOException {
    Response r = Response.json(status, mapper.writeValueAsString(node));
    return r;
  }
}
