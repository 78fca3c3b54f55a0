package dev.gust.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LogType;

/** Test functions (under src/test/resources/functions) and helpers to deploy and call them. */
final class Functions {
  static final ObjectMapper JSON = new ObjectMapper();

  private Functions() {}

  /** Zips a test function's folder. */
  static SdkBytes zip(String folder) {
    try {
      Path dir = Path.of(Functions.class.getResource("/functions/" + folder).toURI());
      Map<String, byte[]> files = new TreeMap<>();
      try (var walk = Files.walk(dir)) {
        for (Path p : walk.filter(Files::isRegularFile).toList()) {
          files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
        }
      }
      return SdkBytes.fromByteArray(Zips.zip(files));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static CreateFunctionResponse create(
      LambdaClient lambda, String name, String runtime, String handler, SdkBytes code) {
    return lambda.createFunction(
        b -> b.functionName(name).runtime(runtime).handler(handler).role("arn:aws:iam::000000000000:role/test")
            .code(c -> c.zipFile(code)));
  }

  static InvokeResponse invoke(LambdaClient lambda, String name, String payload) {
    return lambda.invoke(
        b -> b.functionName(name).payload(SdkBytes.fromUtf8String(payload)).logType(LogType.TAIL));
  }

  static JsonNode json(InvokeResponse r) {
    try {
      return JSON.readTree(r.payload().asUtf8String());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String log(InvokeResponse r) {
    return r.logResult() == null
        ? ""
        : new String(java.util.Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8);
  }
}
