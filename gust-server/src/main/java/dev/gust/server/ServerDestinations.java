package dev.gust.server;

import dev.gust.core.Arns;
import dev.gust.core.queue.MessageAttributeValue;
import dev.gust.invoke.Destinations;
import dev.gust.invoke.EventQueue;
import dev.gust.queue.QueueService;
import dev.gust.queue.SendRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Where asynchronous invocations' outcomes go on this server: a function of this server (as an
 * asynchronous invocation of it) or one of its queues (as a message). A FIFO queue gets a fixed
 * message group and a deduplication id derived from the record.
 */
final class ServerDestinations implements Destinations {
  private final Arns arns;
  private final QueueService queues;
  private final Supplier<EventQueue> async;

  /** {@code async} is asked at each delivery: the invoker that delivers is also the target. */
  ServerDestinations(Arns arns, QueueService queues, Supplier<EventQueue> async) {
    this.arns = arns;
    this.queues = queues;
    this.async = async;
  }

  @Override
  public void deliver(String arn, byte[] record) {
    Optional<String> queue = queues.queueNameOfArn(arn);
    if (queue.isPresent()) {
      send(queue.get(), new String(record, StandardCharsets.UTF_8), Map.of(), "gust-destination",
          UUID.nameUUIDFromBytes(record).toString());
      return;
    }
    if (arns.isLocalFunctionArn(arn)) {
      async.get().enqueue(UUID.randomUUID().toString(), arns.parseFunctionName(arn), record);
      return;
    }
    throw new IllegalArgumentException("destination " + arn + " is neither a function nor a queue"
        + " of this Gust server (" + arns.functionArn("NAME") + " or " + queues.queueArn("NAME")
        + ")");
  }

  @Override
  public void deadLetter(String arn, byte[] payload, String requestId, int errorCode,
      String errorMessage) {
    String queue = queues.queueNameOfArn(arn).orElseThrow(() -> new IllegalArgumentException(
        arn + " is not a queue of this Gust server (" + queues.queueArn("NAME") + ")"));
    send(queue, new String(payload, StandardCharsets.UTF_8),
        Map.of("RequestID", MessageAttributeValue.ofString("String", requestId),
            "ErrorCode", MessageAttributeValue.ofString("Number", Integer.toString(errorCode)),
            "ErrorMessage", MessageAttributeValue.ofString("String", errorMessage)),
        "gust-dead-letters", requestId);
  }

  private void send(String queue, String body, Map<String, MessageAttributeValue> attributes,
      String fifoGroup, String fifoDeduplicationId) {
    boolean fifo = queue.endsWith(".fifo");
    queues.send(queue, new SendRequest(body, Optional.empty(), attributes, Map.of(),
        fifo ? Optional.of(fifoGroup) : Optional.empty(),
        fifo ? Optional.of(fifoDeduplicationId) : Optional.empty()));
  }
}
