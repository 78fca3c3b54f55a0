package dev.gust.queue;

import dev.gust.core.Arns;
import dev.gust.core.queue.MessageAttributeValue;
import dev.gust.core.queue.QueueMessage;
import dev.gust.core.queue.Receipt;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A claimed message as ReceiveMessage shows it: the requested system attributes as text, the
 * requested message attributes, and the digest of the attributes returned (the SDKs recompute it
 * from what they received, so it must cover exactly those).
 */
final class ReceivedMessages {
  private final Arns arns;
  private final QueueNames names;

  ReceivedMessages(Arns arns, QueueNames names) {
    this.arns = arns;
    this.names = names;
  }

  ReceivedMessage of(QueueMessage m, ReceiveRequest request) {
    Set<String> wanted = new HashSet<>(request.systemAttributeNames());
    boolean all = wanted.contains("All");
    Map<String, String> system = new LinkedHashMap<>();
    Map<String, Function<QueueMessage, Optional<String>>> sources = new LinkedHashMap<>();
    sources.put("SenderId", x -> Optional.of(arns.account()));
    sources.put("SentTimestamp", x -> Optional.of(Long.toString(x.sentAt().toEpochMilli())));
    sources.put("ApproximateReceiveCount", x -> Optional.of(Integer.toString(x.receiveCount())));
    sources.put("ApproximateFirstReceiveTimestamp",
        x -> x.firstReceivedAt().map(t -> Long.toString(t.toEpochMilli())));
    sources.put("SequenceNumber",
        x -> x.deduplicationId().map(d -> QueueService.sequenceNumber(x.sequence())));
    sources.put("MessageDeduplicationId", QueueMessage::deduplicationId);
    sources.put("MessageGroupId", QueueMessage::groupId);
    sources.put("AWSTraceHeader",
        x -> Optional.ofNullable(x.systemAttributes().get("AWSTraceHeader"))
            .flatMap(MessageAttributeValue::stringValue));
    sources.put("DeadLetterQueueSourceArn", x -> x.deadLetterSource().map(names::arn));
    for (Map.Entry<String, Function<QueueMessage, Optional<String>>> e : sources.entrySet()) {
      if (all || wanted.contains(e.getKey())) {
        e.getValue().apply(m).ifPresent(v -> system.put(e.getKey(), v));
      }
    }
    TreeMap<String, MessageAttributeValue> attributes = new TreeMap<>();
    for (Map.Entry<String, MessageAttributeValue> e : m.attributes().entrySet()) {
      if (selected(e.getKey(), request.messageAttributeNames())) {
        attributes.put(e.getKey(), e.getValue());
      }
    }
    return new ReceivedMessage(
        m.messageId(),
        ReceiptHandles.encode(new Receipt(m.sequence(), m.receiptToken())),
        m.body(),
        Digests.md5OfBody(m.body()),
        system,
        attributes,
        attributes.isEmpty() ? Optional.empty() : Optional.of(Digests.md5OfAttributes(attributes)));
  }

  private static boolean selected(String name, List<String> patterns) {
    for (String p : patterns) {
      if (p.equals("All") || p.equals(".*") || p.equals(name)
          || (p.endsWith(".*") && name.startsWith(p.substring(0, p.length() - 1)))) {
        return true;
      }
    }
    return false;
  }
}
