package dev.gust.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;

/** What SendMessage accepted is still there after the server restarts on the same data. */
class SqsRestartTest {

  @Test
  void acceptedMessagesSurviveARestart() throws Exception {
    Path data = Files.createTempDirectory("gust-it-sqs-");
    TestServer first = TestServer.start(data, UnaryOperator.identity());
    try (SqsClient sqs = first.sqs()) {
      String url = sqs.createQueue(b -> b.queueName("durable")).queueUrl();
      sqs.sendMessage(b -> b.queueUrl(url).messageBody("survives"));
    } finally {
      first.stop();
    }
    try (TestServer second = TestServer.start(data, UnaryOperator.identity());
        SqsClient sqs = second.sqs()) {
      String url = sqs.getQueueUrl(b -> b.queueName("durable")).queueUrl();
      assertEquals("survives", sqs.receiveMessage(b -> b.queueUrl(url)).messages().get(0).body());
    }
  }
}
