package dev.gust.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.CreateFunctionRequest;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.InvalidRequestContentException;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.RequestTooLargeException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/** Every bad input gets Lambda's error, with a message that says what to fix, and changes nothing. */
class BadInputTest extends ServerTest {
  static final SdkBytes CODE = Zips.of("app.py", "def handler(e, c):\n    return 1\n");

  @BeforeAll
  static void deployFunctions() {
    gust.lambda.createFunction(
        b -> b.functionName("exists").runtime("python3.11").handler("app.handler").role("r")
            .code(c -> c.zipFile(CODE)));
  }

  private static Set<String> functionNames() {
    return gust.lambda.listFunctions().functions().stream()
        .map(FunctionConfiguration::functionName).collect(Collectors.toSet());
  }

  private static <T extends LambdaException> T refusedCreate(
      Class<T> type, int status, String messagePart, Consumer<CreateFunctionRequest.Builder> change) {
    Set<String> before = functionNames();
    T e = assertThrows(type, () -> gust.lambda.createFunction(b -> {
      b.functionName("fresh").runtime("python3.11").handler("app.handler").role("r")
          .code(c -> c.zipFile(CODE));
      change.accept(b);
    }));
    assertEquals(status, e.statusCode());
    assertTrue(e.awsErrorDetails().errorMessage().contains(messagePart),
        "message should mention '" + messagePart + "': " + e.awsErrorDetails().errorMessage());
    assertEquals(before, functionNames(), "nothing was created");
    return e;
  }

  @Test
  void invalidParametersAre400WithLambdasType() {
    refusedCreate(InvalidParameterValueException.class, 400, "functionName", b -> b.functionName("bad name!"));
    refusedCreate(InvalidParameterValueException.class, 400, "cobol", b -> b.runtime("cobol85"));
    refusedCreate(InvalidParameterValueException.class, 400, "module.function", b -> b.handler("nodot"));
    refusedCreate(InvalidParameterValueException.class, 400, "greater than or equal to 128", b -> b.memorySize(100));
    refusedCreate(InvalidParameterValueException.class, 400, "less than or equal to 10240", b -> b.memorySize(20000));
    refusedCreate(InvalidParameterValueException.class, 400, "greater than or equal to 1", b -> b.timeout(0));
    refusedCreate(InvalidParameterValueException.class, 400, "less than or equal to 900", b -> b.timeout(901));
    refusedCreate(InvalidParameterValueException.class, 400, "Could not unzip",
        b -> b.code(c -> c.zipFile(SdkBytes.fromUtf8String("not a zip"))));
    refusedCreate(InvalidParameterValueException.class, 400, "reserved",
        b -> b.environment(e -> e.variables(Map.of("AWS_LAMBDA_RUNTIME_API", "x"))));
  }

  @Test
  void aRuntimeTheHostLacksIsAClear400() {
    String missing = "python3.9";
    for (String candidate : new String[] {"python3.9", "python3.10", "python3.12", "python3.13", "python3.14"}) {
      if (!health().contains("\"" + candidate + "\"")) {
        missing = candidate;
        break;
      }
    }
    String runtime = missing;
    refusedCreate(InvalidParameterValueException.class, 400, "not available on this host", b -> b.runtime(runtime));
  }

  @Test
  void creatingAnExistingFunctionIsAConflict() {
    refusedCreate(ResourceConflictException.class, 409, "exist", b -> b.functionName("exists"));
  }

  @Test
  void oversizedZipsAre413() {
    byte[] noise = new byte[50 * 1024 * 1024 + 4096]; // over 50 MB zipped, under the request limit
    new Random(1).nextBytes(noise);
    refusedCreate(RequestTooLargeException.class, 413, "52428800",
        b -> b.code(c -> c.zipFile(SdkBytes.fromByteArray(Zips.zip(Map.of("big.bin", noise))))));
    byte[] zeros = new byte[260 * 1024 * 1024];
    refusedCreate(RequestTooLargeException.class, 413, "262144000",
        b -> b.code(c -> c.zipFile(SdkBytes.fromByteArray(Zips.zip(Map.of("bomb.bin", zeros))))));
  }

  @Test
  void invokeErrors() {
    ResourceNotFoundException missing = assertThrows(ResourceNotFoundException.class,
        () -> gust.lambda.invoke(b -> b.functionName("nope")));
    assertEquals(404, missing.statusCode());
    assertTrue(missing.awsErrorDetails().errorMessage().contains("function:nope"));
    assertThrows(ResourceNotFoundException.class,
        () -> gust.lambda.invoke(b -> b.functionName("exists").qualifier("42")));
    InvalidRequestContentException badJson = assertThrows(InvalidRequestContentException.class,
        () -> gust.lambda.invoke(b -> b.functionName("exists").payload(SdkBytes.fromUtf8String("{not json"))));
    assertEquals(400, badJson.statusCode());
    assertTrue(badJson.awsErrorDetails().errorMessage().contains("Could not parse request body into json"));
    byte[] big = new byte[6 * 1024 * 1024 + 10];
    java.util.Arrays.fill(big, (byte) ' ');
    big[0] = '"';
    big[big.length - 1] = '"';
    RequestTooLargeException tooLarge = assertThrows(RequestTooLargeException.class,
        () -> gust.lambda.invoke(b -> b.functionName("exists").payload(SdkBytes.fromByteArray(big))));
    assertEquals(413, tooLarge.statusCode());
  }

  @Test
  void malformedJsonBodyIsInvalidRequestContent() throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create(gust.endpoint() + "/2015-03-31/functions").toURL().openConnection();
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    c.setRequestProperty("Content-Type", "application/json");
    c.getOutputStream().write("{\"FunctionName\": ".getBytes(StandardCharsets.UTF_8));
    assertEquals(400, c.getResponseCode());
    assertEquals("InvalidRequestContentException", c.getHeaderField("x-amzn-ErrorType"));
    try (InputStream err = c.getErrorStream()) {
      String body = new String(err.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(body.contains("\"Type\":\"User\"") && body.contains("Could not parse request body"), body);
    }
  }

  private static String health() {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create(gust.endpoint() + "/gust/v1/health").toURL().openConnection();
      try (InputStream in = c.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
