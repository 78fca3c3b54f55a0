package dev.gust.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.InvalidAttributeNameException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeNameForSends;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;

/**
 * The AWS SDK for Java v2's SqsClient, unmodified, against Gust's SQS: the SDK checks every MD5 it
 * is sent, so a wrong digest fails these tests.
 */
class SqsTest extends ServerTest {
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
  void createsStandardAndFifoQueuesWithUrlsOnTheSameEndpoint() {
    String url = sqs.createQueue(b -> b.queueName("orders")).queueUrl();
    assertEquals(gust.endpoint() + "/000000000000/orders", url);
    String fifo = sqs.createQueue(b -> b.queueName("orders.fifo")
        .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
    assertEquals(gust.endpoint() + "/000000000000/orders.fifo", fifo);
    assertEquals(url, sqs.getQueueUrl(b -> b.queueName("orders")).queueUrl());
    assertTrue(sqs.listQueues(b -> b.queueNamePrefix("orders")).queueUrls().containsAll(List.of(url, fifo)));
    assertEquals("true", sqs.getQueueAttributes(b -> b.queueUrl(fifo)
        .attributeNames(QueueAttributeName.FIFO_QUEUE)).attributesAsStrings().get("FifoQueue"));

    // The Lambda API on the same port is undisturbed.
    assertTrue(gust.lambda.listFunctions().functions() != null);
  }

  @Test
  void sendsReceivesAndDeletesWithAttributesWhoseDigestsTheSdkVerifies() {
    String url = sqs.createQueue(b -> b.queueName("digests")).queueUrl();
    Map<String, MessageAttributeValue> attributes = Map.of(
        "colour", MessageAttributeValue.builder().dataType("String").stringValue("blue").build(),
        "size", MessageAttributeValue.builder().dataType("Number.int").stringValue("42").build(),
        "blob", MessageAttributeValue.builder().dataType("Binary")
            .binaryValue(SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 255})).build());
    SendMessageResponse sent = sqs.sendMessage(b -> b.queueUrl(url).messageBody("héllo ☃ 😀")
        .messageAttributes(attributes)
        .messageSystemAttributes(Map.of(MessageSystemAttributeNameForSends.AWS_TRACE_HEADER,
            MessageSystemAttributeValue.builder().dataType("String")
                .stringValue("Root=1-5759e988-bd862e3fe1be46a994272793").build())));
    assertTrue(sent.md5OfMessageSystemAttributes() != null);

    ReceiveMessageResponse got = sqs.receiveMessage(b -> b.queueUrl(url)
        .messageAttributeNames("All")
        .messageSystemAttributeNames(MessageSystemAttributeName.ALL));
    Message m = got.messages().get(0);
    assertEquals(sent.messageId(), m.messageId());
    assertEquals("héllo ☃ 😀", m.body());
    assertEquals(attributes, m.messageAttributes());
    assertEquals("1", m.attributesAsStrings().get("ApproximateReceiveCount"));
    assertEquals("Root=1-5759e988-bd862e3fe1be46a994272793", m.attributesAsStrings().get("AWSTraceHeader"));

    sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
    assertEquals("0", counts(url).get("ApproximateNumberOfMessagesNotVisible"));
    assertEquals("0", counts(url).get("ApproximateNumberOfMessages"));
  }

  @Test
  void anUnacknowledgedMessageComesBackWhenItsVisibilityTimeoutEnds() {
    String url = sqs.createQueue(b -> b.queueName("visibility")
        .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1"))).queueUrl();
    sqs.sendMessage(b -> b.queueUrl(url).messageBody("retry me"));
    Message first = sqs.receiveMessage(b -> b.queueUrl(url)).messages().get(0);
    assertEquals("1", counts(url).get("ApproximateNumberOfMessagesNotVisible"));

    // A long poll parks until the message becomes visible again (no fixed sleep).
    Message second = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(20)
        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
        .messages().get(0);
    assertEquals(first.messageId(), second.messageId());
    assertNotEquals(first.receiptHandle(), second.receiptHandle());
    assertEquals("2", second.attributesAsStrings().get("ApproximateReceiveCount"));
    sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(second.receiptHandle()));
  }

  @Test
  void aLongPollReturnsAMessageSentWhileItWaits() throws Exception {
    String url = sqs.createQueue(b -> b.queueName("long-poll")).queueUrl();
    int parkedBefore = gust.server.queues().parkedReceives();
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      CompletableFuture<ReceiveMessageResponse> poll = CompletableFuture.supplyAsync(
          () -> sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(20)), threads);
      while (gust.server.queues().parkedReceives() == parkedBefore) {
        Thread.sleep(5); // Observable state: the receive found nothing and parked.
      }
      sqs.sendMessage(b -> b.queueUrl(url).messageBody("arrived"));
      assertEquals("arrived", poll.get().messages().get(0).body());
    }
  }

  @Test
  void aMessageReceivedMaxReceiveCountTimesIsRedrivenToTheDeadLetterQueue() {
    String dlq = sqs.createQueue(b -> b.queueName("dead-letters")).queueUrl();
    String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    assertEquals("arn:aws:sqs:us-east-1:000000000000:dead-letters", dlqArn);
    String redrive = "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":2}";
    String url = sqs.createQueue(b -> b.queueName("work")
        .attributes(Map.of(QueueAttributeName.REDRIVE_POLICY, redrive))).queueUrl();
    sqs.sendMessage(b -> b.queueUrl(url).messageBody("poison"));

    for (int i = 0; i < 2; i++) {
      Message m = sqs.receiveMessage(b -> b.queueUrl(url)).messages().get(0);
      // Give up on it at once instead of waiting out the visibility timeout.
      sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
    }
    assertTrue(sqs.receiveMessage(b -> b.queueUrl(url)).messages().isEmpty());
    Message dead = sqs.receiveMessage(b -> b.queueUrl(dlq)
        .messageSystemAttributeNames(MessageSystemAttributeName.DEAD_LETTER_QUEUE_SOURCE_ARN))
        .messages().get(0);
    assertEquals("poison", dead.body());
    assertEquals("arn:aws:sqs:us-east-1:000000000000:work",
        dead.attributesAsStrings().get("DeadLetterQueueSourceArn"));
    assertEquals(redrive, sqs.getQueueAttributes(b -> b.queueUrl(url)
        .attributeNames(QueueAttributeName.REDRIVE_POLICY)).attributesAsStrings().get("RedrivePolicy"));
  }

  @Test
  void fifoKeepsGroupOrderHoldsBusyGroupsAndDeduplicates() {
    String url = sqs.createQueue(b -> b.queueName("jobs.fifo")
        .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
    for (String body : List.of("a1", "b1", "a2", "b2")) {
      sqs.sendMessage(b -> b.queueUrl(url).messageBody(body)
          .messageGroupId(body.substring(0, 1)).messageDeduplicationId(body));
    }
    SendMessageResponse again = sqs.sendMessage(b -> b.queueUrl(url).messageBody("a1 again")
        .messageGroupId("a").messageDeduplicationId("a1"));
    assertTrue(again.sequenceNumber() != null);

    List<Message> first = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
        .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)).messages();
    assertEquals(List.of("a1", "b1", "a2", "b2"), first.stream().map(Message::body).toList());
    assertEquals("b", first.get(1).attributesAsStrings().get("MessageGroupId"));
    assertTrue(sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages().isEmpty());

    // Group a is done; group b gives up its batch: b comes back in order, a3 is next for a.
    sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(first.get(0).receiptHandle()));
    sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(first.get(2).receiptHandle()));
    sqs.sendMessage(b -> b.queueUrl(url).messageBody("a3").messageGroupId("a").messageDeduplicationId("a3"));
    for (int i : new int[] {1, 3}) {
      sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(first.get(i).receiptHandle()).visibilityTimeout(0));
    }
    List<Message> next = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages();
    assertEquals(List.of("b1", "b2", "a3"), next.stream().map(Message::body).toList());
  }

  @Test
  void batchesReportPartialFailuresEntryByEntry() {
    String url = sqs.createQueue(b -> b.queueName("batches")).queueUrl();
    SendMessageBatchResponse sent = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(
        SendMessageBatchRequestEntry.builder().id("one").messageBody("1").build(),
        SendMessageBatchRequestEntry.builder().id("bad").messageBody("control \u0001 char").build(),
        SendMessageBatchRequestEntry.builder().id("two").messageBody("2")
            .messageAttributes(Map.of("k", MessageAttributeValue.builder().dataType("String").stringValue("v").build()))
            .build()));
    assertEquals(List.of("one", "two"), sent.successful().stream().map(e -> e.id()).toList());
    assertEquals("bad", sent.failed().get(0).id());
    assertEquals("InvalidMessageContents", sent.failed().get(0).code());
    assertTrue(sent.failed().get(0).senderFault());

    List<Message> got = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)).messages();
    assertEquals(2, got.size());
    ChangeMessageVisibilityBatchResponse changed = sqs.changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(
        e -> e.id("x").receiptHandle(got.get(0).receiptHandle()).visibilityTimeout(60),
        e -> e.id("y").receiptHandle("bogus").visibilityTimeout(60)));
    assertEquals(1, changed.successful().size());
    assertEquals("ReceiptHandleIsInvalid", changed.failed().get(0).code());
    DeleteMessageBatchResponse deleted = sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(
        e -> e.id("a").receiptHandle(got.get(0).receiptHandle()),
        e -> e.id("b").receiptHandle(got.get(1).receiptHandle()),
        e -> e.id("c").receiptHandle("bogus")));
    assertEquals(2, deleted.successful().size());
    assertEquals("c", deleted.failed().get(0).id());
    assertEquals("0", counts(url).get("ApproximateNumberOfMessagesNotVisible"));
  }

  @Test
  void queueAttributesRoundTripAndAreValidated() {
    String url = sqs.createQueue(b -> b.queueName("tuned").attributes(Map.of(
        QueueAttributeName.VISIBILITY_TIMEOUT, "45",
        QueueAttributeName.MESSAGE_RETENTION_PERIOD, "3600",
        QueueAttributeName.DELAY_SECONDS, "2",
        QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, "1",
        QueueAttributeName.MAXIMUM_MESSAGE_SIZE, "2048"))).queueUrl();
    sqs.setQueueAttributes(b -> b.queueUrl(url).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "90")));
    Map<String, String> all = sqs.getQueueAttributes(b -> b.queueUrl(url)
        .attributeNames(QueueAttributeName.ALL)).attributesAsStrings();
    assertEquals("90", all.get("VisibilityTimeout"));
    assertEquals("3600", all.get("MessageRetentionPeriod"));
    assertEquals("2", all.get("DelaySeconds"));
    assertEquals("1", all.get("ReceiveMessageWaitTimeSeconds"));
    assertEquals("2048", all.get("MaximumMessageSize"));
    assertEquals("arn:aws:sqs:us-east-1:000000000000:tuned", all.get("QueueArn"));
    assertTrue(all.containsKey("CreatedTimestamp") && all.containsKey("ApproximateNumberOfMessagesDelayed"));

    assertThrows(InvalidAttributeNameException.class, () -> sqs.setQueueAttributes(b -> b.queueUrl(url)
        .attributesWithStrings(Map.of("NoSuchAttribute", "1"))));
    assertThrows(QueueNameExistsException.class, () -> sqs.createQueue(b -> b.queueName("tuned")
        .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "10"))));
  }

  @Test
  void aMissingQueueIsQueueDoesNotExistWithSqsErrorCode() {
    QueueDoesNotExistException e =
        assertThrows(QueueDoesNotExistException.class, () -> sqs.getQueueUrl(b -> b.queueName("nowhere")));
    assertEquals(400, e.statusCode());
    assertEquals("AWS.SimpleQueueService.NonExistentQueue", e.awsErrorDetails().errorCode());
    assertTrue(e.getMessage().contains("The specified queue does not exist"), e.getMessage());
    String url = gust.endpoint() + "/000000000000/nowhere";
    assertThrows(QueueDoesNotExistException.class, () -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("x")));
    assertThrows(QueueDoesNotExistException.class, () -> sqs.receiveMessage(b -> b.queueUrl(url)));
    assertThrows(QueueDoesNotExistException.class, () -> sqs.deleteQueue(b -> b.queueUrl(url)));
  }

  @Test
  void purgeAndDeleteQueue() {
    String url = sqs.createQueue(b -> b.queueName("to-purge")).queueUrl();
    sqs.sendMessage(b -> b.queueUrl(url).messageBody("x"));
    sqs.purgeQueue(b -> b.queueUrl(url));
    assertEquals("0", counts(url).get("ApproximateNumberOfMessages"));
    sqs.deleteQueue(b -> b.queueUrl(url));
    assertThrows(QueueDoesNotExistException.class, () -> sqs.getQueueUrl(b -> b.queueName("to-purge")));
  }

  @Test
  void aRequestWithoutAnSqsTargetGetsSqsShapedInvalidAction() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(gust.endpoint() + "/"))
            .header("Content-Type", "application/x-amz-json-1.0")
            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(400, r.statusCode());
    assertEquals("InvalidAction;Sender", r.headers().firstValue("x-amzn-query-error").orElse(""));
    assertTrue(r.body().contains("\"__type\":\"com.amazonaws.sqs#InvalidAction\""), r.body());
  }

  private static Map<String, String> counts(String url) {
    return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributesAsStrings();
  }
}
