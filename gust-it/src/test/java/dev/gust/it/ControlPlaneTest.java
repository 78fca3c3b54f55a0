package dev.gust.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ListFunctionsResponse;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;
import software.amazon.awssdk.services.lambda.model.PublishVersionResponse;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationResponse;

/** The Lambda control-plane API through the AWS SDK: functions, versions, aliases, paging. */
class ControlPlaneTest extends ServerTest {

  @Test
  void createGetUpdateAndDeleteAFunction() {
    CreateFunctionResponse created =
        gust.lambda.createFunction(
            b -> b.functionName("crud").runtime("python3.11").handler("app.handler").role("arn:aws:iam::1:role/x")
                .memorySize(256).timeout(7).description("first")
                .environment(e -> e.variables(Map.of("GREETING", "hi")))
                .ephemeralStorage(s -> s.size(1024))
                .code(c -> c.zipFile(Functions.zip("python-probe"))));
    assertEquals("arn:aws:lambda:us-east-1:000000000000:function:crud", created.functionArn());
    assertEquals("$LATEST", created.version());
    assertEquals(256, created.memorySize());
    assertEquals(7, created.timeout());
    assertEquals(1024, created.ephemeralStorage().size());
    assertEquals("arn:aws:iam::1:role/x", created.role());
    assertEquals("Active", created.stateAsString());
    assertNotNull(created.codeSha256());
    assertTrue(created.codeSize() > 0);
    assertTrue(created.lastModified().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000"));

    GetFunctionResponse got = gust.lambda.getFunction(b -> b.functionName("crud"));
    assertEquals(created.revisionId(), got.configuration().revisionId());
    assertTrue(got.code().location().contains("/gust/v1/code/"));

    UpdateFunctionConfigurationResponse updated =
        gust.lambda.updateFunctionConfiguration(
            b -> b.functionName("crud").memorySize(512).revisionId(created.revisionId()));
    assertEquals(512, updated.memorySize());
    assertEquals(7, updated.timeout(), "unchanged fields kept");
    assertNotEquals(created.revisionId(), updated.revisionId());
    JsonAssert.contains(Functions.invoke(gust.lambda, "crud", "{}"), "\"greeting\": \"hi\"");

    assertThrows(
        PreconditionFailedException.class,
        () -> gust.lambda.updateFunctionConfiguration(
            b -> b.functionName("crud").memorySize(1024).revisionId(created.revisionId())));
    assertEquals(512, gust.lambda.getFunctionConfiguration(b -> b.functionName("crud")).memorySize(),
        "a stale revision changes nothing");

    gust.lambda.deleteFunction(b -> b.functionName("crud"));
    assertThrows(ResourceNotFoundException.class, () -> gust.lambda.getFunction(b -> b.functionName("crud")));
  }

  @Test
  void updateCodeChangesWhatRunsAndPublishFreezesIt() {
    gust.lambda.createFunction(
        b -> b.functionName("code").runtime("python3.11").handler("app.handler").role("r")
            .code(c -> c.zipFile(Zips.of("app.py", "def handler(e, c):\n    return 'one'\n"))));
    PublishVersionResponse v1 = gust.lambda.publishVersion(b -> b.functionName("code").description("v1"));
    assertEquals("1", v1.version());
    assertEquals("v1", v1.description());
    assertEquals("1", gust.lambda.publishVersion(b -> b.functionName("code")).version(),
        "publishing unchanged code returns the existing version");
    gust.lambda.updateFunctionCode(
        b -> b.functionName("code").zipFile(Zips.of("app.py", "def handler(e, c):\n    return 'two'\n")));
    assertEquals("\"two\"", Functions.invoke(gust.lambda, "code", "{}").payload().asUtf8String());
    assertEquals("\"one\"", gust.lambda.invoke(b -> b.functionName("code").qualifier("1")).payload().asUtf8String());
    InvokeResponse byArn = gust.lambda.invoke(b -> b.functionName("arn:aws:lambda:us-east-1:000000000000:function:code:1"));
    assertEquals("\"one\"", byArn.payload().asUtf8String());
    assertEquals("1", byArn.executedVersion());
    assertThrows(PreconditionFailedException.class,
        () -> gust.lambda.publishVersion(b -> b.functionName("code").codeSha256("bm90LXRoZS1oYXNo")));
    PublishVersionResponse v2 = gust.lambda.publishVersion(b -> b.functionName("code"));
    assertEquals("2", v2.version());
    assertEquals(3, gust.lambda.listVersionsByFunction(b -> b.functionName("code")).versions().size());
    gust.lambda.deleteFunction(b -> b.functionName("code").qualifier("1"));
    assertThrows(ResourceNotFoundException.class,
        () -> gust.lambda.invoke(b -> b.functionName("code").qualifier("1")));
    gust.lambda.updateFunctionCode(
        b -> b.functionName("code").zipFile(Zips.of("app.py", "def handler(e, c):\n    return 'three'\n")));
    assertEquals("3", gust.lambda.publishVersion(b -> b.functionName("code")).version(),
        "version numbers are never reused");
  }

  @Test
  void aliasesRouteByWeightAndRefuseBadTargets() {
    gust.lambda.createFunction(
        b -> b.functionName("aliased").runtime("python3.11").handler("app.handler").role("r")
            .code(c -> c.zipFile(Zips.of("app.py", "def handler(e, c):\n    return 'blue'\n"))));
    gust.lambda.publishVersion(b -> b.functionName("aliased"));
    gust.lambda.updateFunctionCode(
        b -> b.functionName("aliased").publish(true)
            .zipFile(Zips.of("app.py", "def handler(e, c):\n    return 'green'\n")));
    var alias =
        gust.lambda.createAlias(
            b -> b.functionName("aliased").name("live").functionVersion("1")
                .routingConfig(r -> r.additionalVersionWeights(Map.of("2", 0.5))));
    assertEquals("arn:aws:lambda:us-east-1:000000000000:function:aliased:live", alias.aliasArn());
    Set<String> executed = new HashSet<>();
    Set<String> answers = new HashSet<>();
    for (int i = 0; i < 40 && executed.size() < 2; i++) {
      InvokeResponse r = gust.lambda.invoke(b -> b.functionName("aliased:live"));
      executed.add(r.executedVersion());
      answers.add(r.payload().asUtf8String());
    }
    assertEquals(Set.of("1", "2"), executed, "both versions receive traffic");
    assertEquals(Set.of("\"blue\"", "\"green\""), answers);
    gust.lambda.updateAlias(b -> b.functionName("aliased").name("live").functionVersion("2")
        .routingConfig(r -> r.additionalVersionWeights(Map.of())));
    assertEquals("2", gust.lambda.invoke(b -> b.functionName("aliased").qualifier("live")).executedVersion());
    assertThrows(ResourceConflictException.class,
        () -> gust.lambda.createAlias(b -> b.functionName("aliased").name("live").functionVersion("1")));
    assertThrows(ResourceNotFoundException.class,
        () -> gust.lambda.createAlias(b -> b.functionName("aliased").name("nope").functionVersion("9")));
    assertThrows(ResourceConflictException.class,
        () -> gust.lambda.deleteFunction(b -> b.functionName("aliased").qualifier("2")),
        "a version an alias points to cannot be deleted");
    assertEquals(1, gust.lambda.listAliases(b -> b.functionName("aliased")).aliases().size());
    gust.lambda.deleteAlias(b -> b.functionName("aliased").name("live"));
    assertThrows(ResourceNotFoundException.class,
        () -> gust.lambda.getAlias(b -> b.functionName("aliased").name("live")));
  }

  @Test
  void listFunctionsPagesWithMarkers() {
    for (int i = 0; i < 5; i++) {
      String name = "page-" + i;
      gust.lambda.createFunction(
          b -> b.functionName(name).runtime("python3.11").handler("app.handler").role("r")
              .code(c -> c.zipFile(Zips.of("app.py", "def handler(e, c):\n    return 1\n"))));
    }
    Set<String> seen = new HashSet<>();
    String marker = null;
    int pages = 0;
    do {
      String m = marker;
      ListFunctionsResponse page = gust.lambda.listFunctions(b -> b.maxItems(2).marker(m));
      page.functions().stream().map(FunctionConfiguration::functionName).forEach(seen::add);
      marker = page.nextMarker();
      pages++;
    } while (marker != null && pages < 50);
    for (int i = 0; i < 5; i++) {
      assertTrue(seen.contains("page-" + i), "page-" + i + " listed: " + seen);
    }
    assertTrue(pages >= 3, "paged in twos");
  }
}
