package dev.gust.queue;

import dev.gust.core.queue.MessageAttributeValue;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;

/**
 * The digests SQS returns and the SDKs verify: MD5 of the body, MD5 of the message (system)
 * attributes, and the SHA-256 of the body that content-based deduplication uses.
 *
 * <p>The attribute digest follows SQS's documented encoding: attributes sorted by name; for each,
 * the name, the data type, one transport byte (1 for a string value, 2 for a binary one) and the
 * value, where each of name, type and value is a 4-byte big-endian length followed by its bytes
 * (UTF-8 for text).
 */
final class Digests {
  private static final byte STRING_TRANSPORT = 1;
  private static final byte BINARY_TRANSPORT = 2;

  private Digests() {}

  static String md5OfBody(String body) {
    return hex("MD5", body.getBytes(StandardCharsets.UTF_8));
  }

  static String md5OfAttributes(SortedMap<String, MessageAttributeValue> attributes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, MessageAttributeValue> e : attributes.entrySet()) {
      MessageAttributeValue v = e.getValue();
      writeWithLength(out, e.getKey().getBytes(StandardCharsets.UTF_8));
      writeWithLength(out, v.dataType().getBytes(StandardCharsets.UTF_8));
      if (v.binary()) {
        out.write(BINARY_TRANSPORT);
        writeWithLength(out, v.binaryValue().orElseThrow());
      } else {
        out.write(STRING_TRANSPORT);
        writeWithLength(out, v.stringValue().orElseThrow().getBytes(StandardCharsets.UTF_8));
      }
    }
    return hex("MD5", out.toByteArray());
  }

  static String sha256OfBody(String body) {
    return hex("SHA-256", body.getBytes(StandardCharsets.UTF_8));
  }

  private static void writeWithLength(ByteArrayOutputStream out, byte[] bytes) {
    out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
    out.writeBytes(bytes);
  }

  private static String hex(String algorithm, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from this JDK", e);
    }
  }
}
