package dev.gust.queue;

import dev.gust.core.queue.MessageAttributeValue;
import dev.gust.core.queue.NewMessage;
import dev.gust.core.queue.Queue;
import dev.gust.core.queue.QueueError;
import dev.gust.core.queue.QueueException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * SQS's rules for one message sent to one queue, checked before anything is stored: allowed
 * characters, size (body plus attributes) within the queue's {@code MaximumMessageSize}, at most
 * 10 well-named, well-typed attributes, {@code AWSTraceHeader} as the only system attribute, and
 * the FIFO rules (a group id always; a deduplication id unless the queue derives it from the body;
 * no per-message delay). Standard queues refuse a deduplication id.
 */
final class MessageRules {
  static final int MAX_ATTRIBUTES = 10;
  private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,256}");
  private static final Pattern DATA_TYPE = Pattern.compile("(String|Number|Binary)(\\..+)?");
  private static final Pattern FIFO_ID =
      Pattern.compile("[A-Za-z0-9!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~]{1,128}");

  private MessageRules() {}

  static NewMessage accept(Queue queue, SendRequest r, Instant now, String messageId) {
    if (r.body().isEmpty()) {
      throw QueueException.missingParameter("MessageBody");
    }
    requireAllowedCharacters(r.body());
    TreeMap<String, MessageAttributeValue> attributes = attributes(r.attributes());
    TreeMap<String, MessageAttributeValue> system = systemAttributes(r.systemAttributes());
    long size = r.body().getBytes(StandardCharsets.UTF_8).length;
    for (Map.Entry<String, MessageAttributeValue> e : attributes.entrySet()) {
      size += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().size();
    }
    int max = queue.attributes().maximumMessageSize();
    if (size > max) {
      throw QueueException.invalidParameter(
          "One or more parameters are invalid. Reason: Message must be shorter than " + max
              + " bytes.");
    }
    int delay = r.delaySeconds().orElse(queue.attributes().delaySeconds());
    if (delay < 0 || delay > 900) {
      throw QueueException.invalidParameter(
          "Value " + delay + " for parameter DelaySeconds is invalid. Reason: DelaySeconds must be"
              + " >= 0 and <= 900.");
    }
    r.groupId().ifPresent(g -> requireFifoId("MessageGroupId", g));
    r.deduplicationId().ifPresent(d -> requireFifoId("MessageDeduplicationId", d));
    Optional<String> dedupId = Optional.empty();
    Optional<String> dedupKey = Optional.empty();
    if (queue.fifo()) {
      if (r.delaySeconds().isPresent()) {
        throw notForThisQueueType("DelaySeconds", r.delaySeconds().get().toString());
      }
      String group = r.groupId().orElseThrow(() -> QueueException.missingParameter("MessageGroupId"));
      if (r.deduplicationId().isPresent()) {
        dedupId = r.deduplicationId();
      } else if (queue.attributes().contentBasedDeduplication()) {
        dedupId = Optional.of(Digests.sha256OfBody(r.body()));
      } else {
        throw QueueException.invalidParameter(
            "The queue should either have ContentBasedDeduplication enabled or"
                + " MessageDeduplicationId provided explicitly");
      }
      boolean perGroup =
          queue.attributes().other("DeduplicationScope").filter("messageGroup"::equals).isPresent();
      dedupKey = Optional.of(perGroup ? group + "\n" + dedupId.get() : dedupId.get());
    } else if (r.deduplicationId().isPresent()) {
      throw notForThisQueueType("MessageDeduplicationId", r.deduplicationId().get());
    }
    return new NewMessage(
        messageId, r.body(), attributes, system, now, now.plusSeconds(delay), r.groupId(), dedupId,
        dedupKey);
  }

  /** SQS accepts #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF. */
  static void requireAllowedCharacters(String text) {
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      boolean allowed =
          cp == 0x9 || cp == 0xA || cp == 0xD
              || (cp >= 0x20 && cp <= 0xD7FF)
              || (cp >= 0xE000 && cp <= 0xFFFD)
              || (cp >= 0x10000 && cp <= 0x10FFFF);
      if (!allowed) {
        throw new QueueException(
            QueueError.INVALID_MESSAGE_CONTENTS,
            "Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to"
                + " #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF");
      }
      i += Character.charCount(cp);
    }
  }

  private static TreeMap<String, MessageAttributeValue> attributes(
      Map<String, MessageAttributeValue> given) {
    if (given.size() > MAX_ATTRIBUTES) {
      throw QueueException.invalidParameter(
          "Number of message attributes [" + given.size() + "] exceeds the allowed maximum ["
              + MAX_ATTRIBUTES + "].");
    }
    TreeMap<String, MessageAttributeValue> out = new TreeMap<>();
    for (Map.Entry<String, MessageAttributeValue> e : given.entrySet()) {
      String name = e.getKey();
      String lower = name.toLowerCase(Locale.ROOT);
      if (!ATTRIBUTE_NAME.matcher(name).matches()
          || lower.startsWith("aws.") || lower.startsWith("amazon.")
          || name.startsWith(".") || name.endsWith(".") || name.contains("..")) {
        throw QueueException.invalidParameter(
            "Message (user) attribute name '" + name + "' is invalid: names may contain"
                + " alphanumerics, '_', '-' and '.', may not start or end with '.' nor contain"
                + " '..', may not start with 'AWS.' or 'Amazon.', and are at most 256 characters.");
      }
      out.put(name, checkValue("Message (user) attribute", name, e.getValue()));
    }
    return out;
  }

  private static TreeMap<String, MessageAttributeValue> systemAttributes(
      Map<String, MessageAttributeValue> given) {
    TreeMap<String, MessageAttributeValue> out = new TreeMap<>();
    for (Map.Entry<String, MessageAttributeValue> e : given.entrySet()) {
      if (!e.getKey().equals("AWSTraceHeader")) {
        throw QueueException.invalidParameter(
            "Message system attribute name '" + e.getKey() + "' is invalid.");
      }
      MessageAttributeValue v = checkValue("Message system attribute", e.getKey(), e.getValue());
      if (!v.dataType().equals("String")) {
        throw QueueException.invalidParameter(
            "Message system attribute 'AWSTraceHeader' must have the data type String.");
      }
      out.put(e.getKey(), v);
    }
    return out;
  }

  private static MessageAttributeValue checkValue(
      String kind, String name, MessageAttributeValue v) {
    String type = v.dataType();
    if (type.isEmpty()) {
      throw QueueException.invalidParameter(
          kind + " '" + name + "' must contain a non-empty attribute type.");
    }
    if (type.length() > 256 || !DATA_TYPE.matcher(type).matches()) {
      throw QueueException.invalidParameter(
          "The type of message (user) attribute '" + name + "' is invalid. You must use only the"
              + " following supported type prefixes: Binary, Number, String.");
    }
    requireAllowedCharacters(type);
    boolean binaryType = type.startsWith("Binary");
    boolean hasValue =
        binaryType
            ? v.binaryValue().filter(b -> b.length > 0).isPresent()
            : v.stringValue().filter(s -> !s.isEmpty()).isPresent();
    if (!hasValue) {
      throw QueueException.invalidParameter(
          kind + " '" + name + "' must contain a non-empty value of message attribute type '"
              + type + "'.");
    }
    if (!binaryType) {
      String s = v.stringValue().orElseThrow();
      requireAllowedCharacters(s);
      if (type.startsWith("Number")) {
        try {
          BigDecimal n = new BigDecimal(s.trim());
          if (n.precision() > 38 || n.abs().compareTo(BigDecimal.TEN.pow(126)) > 0) {
            throw new NumberFormatException();
          }
        } catch (NumberFormatException e) {
          throw QueueException.invalidParameter(
              "Can't cast the value of message (user) attribute '" + name + "' to a number.");
        }
      }
    }
    return v;
  }

  private static void requireFifoId(String parameter, String value) {
    if (!FIFO_ID.matcher(value).matches()) {
      throw QueueException.invalidParameter(
          "Value " + value + " for parameter " + parameter + " is invalid. Reason: " + parameter
              + " can only include alphanumeric and punctuation characters. 1 to 128 in length.");
    }
  }

  private static QueueException notForThisQueueType(String parameter, String value) {
    return QueueException.invalidParameter(
        "Value " + value + " for parameter " + parameter + " is invalid. Reason: The request"
            + " include parameter that is not valid for this queue type.");
  }
}
