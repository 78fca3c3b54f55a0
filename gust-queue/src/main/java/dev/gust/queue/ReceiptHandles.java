package dev.gust.queue;

import dev.gust.core.queue.QueueError;
import dev.gust.core.queue.QueueException;
import dev.gust.core.queue.Receipt;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Receipt handles: an opaque string naming a message and one receive of it ({@link Receipt}). The
 * receive's token is 128 random bits, so a handle cannot be guessed and each receive's differs.
 */
final class ReceiptHandles {
  private static final String PREFIX = "gust1:";
  private final SecureRandom random = new SecureRandom();

  String newToken() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  static String encode(Receipt receipt) {
    String raw = PREFIX + receipt.sequence() + ":" + receipt.token();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  static Receipt decode(String handle) {
    if (handle == null || handle.isEmpty()) {
      throw QueueException.missingParameter("ReceiptHandle");
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(handle), StandardCharsets.UTF_8);
      if (raw.startsWith(PREFIX)) {
        String[] parts = raw.substring(PREFIX.length()).split(":", 2);
        if (parts.length == 2 && parts[1].matches("[0-9a-f]{32}")) {
          return new Receipt(Long.parseLong(parts[0]), parts[1]);
        }
      }
    } catch (IllegalArgumentException e) {
      // Falls through to the error below: not base64, or not a number.
    }
    throw new QueueException(
        QueueError.RECEIPT_HANDLE_IS_INVALID,
        "The input receipt handle \"" + handle + "\" is not a valid receipt handle.");
  }
}
