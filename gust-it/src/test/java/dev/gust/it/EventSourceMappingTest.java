package dev.gust.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateEventSourceMappingResponse;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.GetEventSourceMappingResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/**
 * Event source mappings end to end: the AWS SDK's LambdaClient creates and changes mappings, its
 * SqsClient sends, and a real Python function consumes Lambda's SQS event; what it printed (its
 * log, read through {@code /gust/v1/functions/{name}/logs}) says what it received. Every wait is
 * on observable state (the log, the queue's counts), never on time.
 */
class EventSourceMappingTest extends ServerTest {
  static final Pattern BATCH = Pattern.compile("BATCH (\\d+)");
  static SqsClient sqs;

  @BeforeAll
  static void client() {
    sqs = gust.sqs();
  }

  @AfterAll
  static void closeClient() {
    sqs.close();
  }

  @Test
  void messagesSentToAnIdleQueueReachAPythonFunctionInBatchesOfBatchSize() throws Exception {
    function(gust.lambda, "consumer", Map.of());
    String url = queue("jobs", Map.of());
    CreateEventSourceMappingResponse created = gust.lambda.createEventSourceMapping(b -> b
        .eventSourceArn(arn(url)).functionName("consumer").batchSize(3));
    assertEquals("Creating", created.state());
    assertEquals(3, created.batchSize());
    assertEquals(0, created.maximumBatchingWindowInSeconds());
    assertEquals(arn(url), created.eventSourceArn());
    assertTrue(created.functionArn().endsWith(":function:consumer"), created.functionArn());
    assertEquals("USER_INITIATED", created.stateTransitionReason());
    GetEventSourceMappingResponse got =
        gust.lambda.getEventSourceMapping(b -> b.uuid(created.uuid()));
    assertEquals("Enabled", got.state());
    assertTrue(got.lastModified().getEpochSecond() > 0);

    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("job-" + i).build());
    }
    sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));

    String log = DurableAsyncTest.await(() -> logs("consumer"), l -> count(l, "GOT job-") == 10,
        "all ten messages in the function's log");
    List<Integer> batches = batches(log);
    assertEquals(10, batches.stream().mapToInt(Integer::intValue).sum(), log);
    assertTrue(batches.stream().allMatch(n -> n >= 1 && n <= 3), "BatchSize 3: " + batches);
    awaitEmpty(url);
    for (int i = 0; i < 10; i++) {
      assertEquals(1, count(log, "GOT job-" + i + " receive=1"), "job-" + i + " exactly once");
    }
    assertEquals(List.of(created.uuid()), gust.lambda.listEventSourceMappings(b -> b
        .functionName("consumer")).eventSourceMappings().stream()
        .map(EventSourceMappingConfiguration::uuid).toList());
  }

  @Test
  void theFunctionGetsLambdasSqsEvent() throws Exception {
    function(gust.lambda, "shape", Map.of("SHOW_EVENT", "1"));
    String url = queue("shaped", Map.of());
    gust.lambda.createEventSourceMapping(b -> b.eventSourceArn(arn(url)).functionName("shape"));
    SendMessageResponse sent = sqs.sendMessage(b -> b.queueUrl(url).messageBody("{\"n\": 1}")
        .messageAttributes(Map.of(
            "colour", MessageAttributeValue.builder().dataType("String").stringValue("blue").build(),
            "blob", MessageAttributeValue.builder().dataType("Binary")
                .binaryValue(SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 255})).build())));
    String log = DurableAsyncTest.await(() -> logs("shape"), l -> l.contains("EVENT "),
        "the event in the function's log");
    String line = log.lines().filter(l -> l.startsWith("EVENT ")).findFirst().orElseThrow();
    JsonNode event = Functions.JSON.readTree(line.substring("EVENT ".length()));
    assertEquals(1, event.get("Records").size());
    JsonNode r = event.at("/Records/0");
    assertEquals(sent.messageId(), r.get("messageId").asText());
    assertEquals("{\"n\": 1}", r.get("body").asText());
    assertEquals(sent.md5OfMessageBody(), r.get("md5OfBody").asText());
    assertEquals(sent.md5OfMessageAttributes(), r.get("md5OfMessageAttributes").asText());
    assertEquals("aws:sqs", r.get("eventSource").asText());
    assertEquals(arn(url), r.get("eventSourceARN").asText());
    assertEquals("us-east-1", r.get("awsRegion").asText());
    assertFalse(r.get("receiptHandle").asText().isEmpty());
    JsonNode a = r.get("attributes");
    assertEquals("1", a.get("ApproximateReceiveCount").asText());
    assertEquals("000000000000", a.get("SenderId").asText());
    assertTrue(a.get("SentTimestamp").asLong() > 0);
    assertTrue(a.get("ApproximateFirstReceiveTimestamp").asLong() >= a.get("SentTimestamp").asLong());
    assertEquals(Functions.JSON.readTree("""
        {"blob": {"binaryValue": "AAH/", "stringListValues": [], "binaryListValues": [],
                  "dataType": "Binary"},
         "colour": {"stringValue": "blue", "stringListValues": [], "binaryListValues": [],
                    "dataType": "String"}}"""), r.get("messageAttributes"));
  }

  @Test
  void aFailingFunctionsMessagesReachTheDeadLetterQueueAfterMaxReceiveCount() throws Exception {
    function(gust.lambda, "poisoned", Map.of());
    String dlq = queue("poison-dlq", Map.of());
    String url = queue("poison-jobs", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1",
        QueueAttributeName.REDRIVE_POLICY,
        "{\"deadLetterTargetArn\":\"" + arn(dlq) + "\",\"maxReceiveCount\":\"2\"}"));
    gust.lambda.createEventSourceMapping(b -> b.eventSourceArn(arn(url)).functionName("poisoned"));
    sqs.sendMessage(b -> b.queueUrl(url).messageBody("poison-1"));
    List<Message> dead = DurableAsyncTest.await(() -> sqs.receiveMessage(b -> b.queueUrl(dlq)
        .waitTimeSeconds(5)).messages(), m -> !m.isEmpty(), "the message in the dead-letter queue");
    assertEquals("poison-1", dead.get(0).body());
    String log = logs("poisoned");
    assertEquals(1, count(log, "GOT poison-1 receive=1"), log);
    assertEquals(1, count(log, "GOT poison-1 receive=2"), log);
    assertEquals(0, count(log, "receive=3"), "moved after maxReceiveCount receives: " + log);
    assertTrue(log.contains("RuntimeError"), "the function's error is in its log");
  }

  @Test
  void aPartialBatchFailureRedeliversOnlyTheFailedItems() throws Exception {
    function(gust.lambda, "partial", Map.of());
    String url = queue("partial-jobs", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1"));
    gust.lambda.createEventSourceMapping(b -> b.eventSourceArn(arn(url)).functionName("partial")
        .functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES));
    sqs.sendMessageBatch(b -> b.queueUrl(url).entries(
        SendMessageBatchRequestEntry.builder().id("a").messageBody("ok-1").build(),
        SendMessageBatchRequestEntry.builder().id("b").messageBody("bad-2").build(),
        SendMessageBatchRequestEntry.builder().id("c").messageBody("ok-3").build()));
    DurableAsyncTest.await(() -> logs("partial"), l -> l.contains("GOT bad-2 receive=2"),
        "the failed item delivered again");
    awaitEmpty(url);
    String log = logs("partial");
    assertEquals(1, count(log, "GOT ok-1 "), log);
    assertEquals(1, count(log, "GOT ok-3 "), log);
    assertEquals(2, count(log, "GOT bad-2 "), log);
  }

  @Test
  void aFilterKeepsNonMatchingMessagesFromTheFunction() throws Exception {
    function(gust.lambda, "orders", Map.of());
    String url = queue("mixed", Map.of());
    String pattern = "{\"body\": {\"kind\": [\"order\"], \"total\": [{\"numeric\": [\">\", 10]}]}}";
    CreateEventSourceMappingResponse created = gust.lambda.createEventSourceMapping(b -> b
        .eventSourceArn(arn(url)).functionName("orders")
        .filterCriteria(f -> f.filters(p -> p.pattern(pattern))));
    assertEquals(pattern, created.filterCriteria().filters().get(0).pattern());
    sqs.sendMessageBatch(b -> b.queueUrl(url).entries(
        SendMessageBatchRequestEntry.builder().id("a").messageBody("{\"kind\":\"order\",\"total\":5}").build(),
        SendMessageBatchRequestEntry.builder().id("b").messageBody("{\"kind\":\"refund\",\"total\":50}").build(),
        SendMessageBatchRequestEntry.builder().id("c").messageBody("order total 50").build(),
        SendMessageBatchRequestEntry.builder().id("d").messageBody("{\"kind\":\"order\",\"total\":50}").build()));
    awaitEmpty(url);
    String log = DurableAsyncTest.await(() -> logs("orders"), l -> l.contains("GOT "),
        "the matching message delivered");
    assertEquals(List.of("GOT {\"kind\":\"order\",\"total\":50} receive=1"),
        log.lines().filter(l -> l.startsWith("GOT ")).toList(), "only the matching message");
  }

  @Test
  void disablingStopsDeliveryAndEnablingResumesIt() throws Exception {
    function(gust.lambda, "pausable", Map.of());
    String url = queue("pausable-jobs", Map.of());
    String uuid = gust.lambda.createEventSourceMapping(b -> b.eventSourceArn(arn(url))
        .functionName("pausable")).uuid();
    sqs.sendMessage(b -> b.queueUrl(url).messageBody("first"));
    DurableAsyncTest.await(() -> logs("pausable"), l -> l.contains("GOT first"), "the first message");

    assertEquals("Disabling", gust.lambda.updateEventSourceMapping(b -> b.uuid(uuid).enabled(false))
        .state());
    DurableAsyncTest.await(() -> gust.lambda.getEventSourceMapping(b -> b.uuid(uuid)).state(),
        "Disabled"::equals, "the mapping disabled");
    sqs.sendMessage(b -> b.queueUrl(url).messageBody("while-disabled"));
    List<Message> mine = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(5)).messages();
    assertEquals(List.of("while-disabled"), mine.stream().map(Message::body).toList(),
        "a disabled mapping leaves the queue to other readers");
    sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(mine.get(0).receiptHandle())
        .visibilityTimeout(0));

    assertEquals("Enabling", gust.lambda.updateEventSourceMapping(b -> b.uuid(uuid).enabled(true))
        .state());
    DurableAsyncTest.await(() -> logs("pausable"), l -> l.contains("GOT while-disabled"),
        "delivery resumed");
    assertEquals("Enabled", gust.lambda.getEventSourceMapping(b -> b.uuid(uuid)).state());
    assertFalse(logs("pausable").contains("GOT first receive=2"), "nothing delivered twice");
  }

  @Test
  void badInputIsRefusedAsLambdaRefusesIt() {
    function(gust.lambda, "picky", Map.of());
    String url = queue("picky-jobs", Map.of());
    String arn = arn(url);
    InvalidParameterValueException noQueue = assertThrows(InvalidParameterValueException.class,
        () -> gust.lambda.createEventSourceMapping(b -> b.functionName("picky")
            .eventSourceArn(arn + "-missing")));
    assertTrue(noQueue.getMessage().contains("NonExistentQueue"), noQueue.getMessage());
    assertEquals(400, noQueue.statusCode());
    assertThrows(InvalidParameterValueException.class, () -> gust.lambda.createEventSourceMapping(
        b -> b.functionName("picky").eventSourceArn(arn).batchSize(0)));
    InvalidParameterValueException window = assertThrows(InvalidParameterValueException.class,
        () -> gust.lambda.createEventSourceMapping(b -> b.functionName("picky").eventSourceArn(arn)
            .batchSize(100)));
    assertTrue(window.getMessage().contains("MaximumBatchingWindowInSeconds"), window.getMessage());
    assertThrows(InvalidParameterValueException.class, () -> gust.lambda.createEventSourceMapping(
        b -> b.functionName("picky").eventSourceArn(arn).scalingConfig(s -> s.maximumConcurrency(1))));
    InvalidParameterValueException filter = assertThrows(InvalidParameterValueException.class,
        () -> gust.lambda.createEventSourceMapping(b -> b.functionName("picky").eventSourceArn(arn)
            .filterCriteria(f -> f.filters(p -> p.pattern("{\"body\": {\"kind\": \"order\"}}")))));
    assertTrue(filter.getMessage().contains("Invalid filter pattern definition"), filter.getMessage());
    assertThrows(InvalidParameterValueException.class, () -> gust.lambda.createEventSourceMapping(
        b -> b.functionName("picky").eventSourceArn(arn).startingPosition("LATEST")));
    ResourceNotFoundException noFunction = assertThrows(ResourceNotFoundException.class,
        () -> gust.lambda.createEventSourceMapping(b -> b.functionName("nobody").eventSourceArn(arn)));
    assertEquals(404, noFunction.statusCode());
    assertTrue(gust.lambda.listEventSourceMappings(b -> b.eventSourceArn(arn))
        .eventSourceMappings().isEmpty(), "nothing was created");

    String uuid = gust.lambda.createEventSourceMapping(b -> b.functionName("picky")
        .eventSourceArn(arn).enabled(false)).uuid();
    ResourceConflictException twin = assertThrows(ResourceConflictException.class,
        () -> gust.lambda.createEventSourceMapping(b -> b.functionName("picky").eventSourceArn(arn)));
    assertTrue(twin.getMessage().contains(uuid), twin.getMessage());
    assertThrows(ResourceNotFoundException.class,
        () -> gust.lambda.getEventSourceMapping(b -> b.uuid("00000000-0000-0000-0000-000000000000")));
    assertEquals("Deleting", gust.lambda.deleteEventSourceMapping(b -> b.uuid(uuid)).state());
    assertThrows(ResourceNotFoundException.class,
        () -> gust.lambda.getEventSourceMapping(b -> b.uuid(uuid)));
  }

  @Test
  void aMappingSurvivesARestartAndKeepsDelivering() throws Exception {
    TestServer first = TestServer.start();
    TestServer second = null;
    try {
      function(first.lambda, "durable", Map.of());
      String uuid;
      try (SqsClient q = first.sqs()) {
        String url = q.createQueue(b -> b.queueName("durable-jobs")).queueUrl();
        String arn = q.getQueueAttributes(b -> b.queueUrl(url)
            .attributeNames(QueueAttributeName.QUEUE_ARN)).attributesAsStrings().get("QueueArn");
        uuid = first.lambda.createEventSourceMapping(b -> b.eventSourceArn(arn)
            .functionName("durable").batchSize(5)).uuid();
        q.sendMessage(b -> b.queueUrl(url).messageBody("before-restart"));
        DurableAsyncTest.await(() -> DurableAsyncTest.logsOf(first, "durable"),
            l -> l.contains("GOT before-restart"), "delivery before the restart");
      }
      first.stop();
      second = TestServer.start(first.dataDir, c -> c);
      TestServer restarted = second;
      EventSourceMappingConfiguration after = restarted.lambda.listEventSourceMappings()
          .eventSourceMappings().get(0);
      assertEquals(uuid, after.uuid());
      assertEquals("Enabled", after.state());
      assertEquals(5, after.batchSize());
      try (SqsClient q = restarted.sqs()) {
        String url = q.getQueueUrl(b -> b.queueName("durable-jobs")).queueUrl();
        q.sendMessage(b -> b.queueUrl(url).messageBody("after-restart"));
      }
      String log = DurableAsyncTest.await(() -> DurableAsyncTest.logsOf(restarted, "durable"),
          l -> l.contains("GOT after-restart"), "delivery after the restart");
      assertEquals(1, count(log, "GOT before-restart"), log);
    } finally {
      if (second != null) {
        second.close();
      } else {
        first.close();
      }
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  static void function(LambdaClient lambda, String name, Map<String, String> env) {
    lambda.createFunction(b -> b.functionName(name).runtime("python3.11").handler("app.handler")
        .role("arn:aws:iam::000000000000:role/test").timeout(30)
        .environment(e -> e.variables(env)).code(c -> c.zipFile(Functions.zip("sqs-consumer"))));
  }

  static String queue(String name, Map<QueueAttributeName, String> attributes) {
    return sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
  }

  static String arn(String url) {
    return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributesAsStrings().get("QueueArn");
  }

  static void awaitEmpty(String url) throws Exception {
    DurableAsyncTest.await(() -> sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
        .attributesAsStrings().values().stream().mapToLong(Long::parseLong).sum(),
        n -> n == 0, "the queue " + url + " empty");
  }

  static String logs(String function) throws Exception {
    return DurableAsyncTest.logsOf(gust, function);
  }

  static int count(String text, String needle) {
    return text.split(Pattern.quote(needle), -1).length - 1;
  }

  static List<Integer> batches(String log) {
    List<Integer> sizes = new ArrayList<>();
    Matcher m = BATCH.matcher(log);
    while (m.find()) {
      sizes.add(Integer.parseInt(m.group(1)));
    }
    return sizes;
  }
}
