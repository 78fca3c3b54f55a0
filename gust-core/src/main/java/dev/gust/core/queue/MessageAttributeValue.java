package dev.gust.core.queue;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One message attribute: a data type ({@code String}, {@code Number} or {@code Binary}, each with
 * an optional {@code .custom} suffix) and a string or a binary value.
 */
public final class MessageAttributeValue {
  private final String dataType;
  private final String stringValue;
  private final byte[] binaryValue;

  private MessageAttributeValue(String dataType, String stringValue, byte[] binaryValue) {
    this.dataType = Objects.requireNonNull(dataType, "dataType");
    this.stringValue = stringValue;
    this.binaryValue = binaryValue;
  }

  public static MessageAttributeValue ofString(String dataType, String value) {
    return new MessageAttributeValue(dataType, Objects.requireNonNull(value, "value"), null);
  }

  public static MessageAttributeValue ofBinary(String dataType, byte[] value) {
    return new MessageAttributeValue(dataType, null, value.clone());
  }

  public String dataType() {
    return dataType;
  }

  /** True for {@code Binary} types: the value is bytes, not text. */
  public boolean binary() {
    return binaryValue != null;
  }

  public Optional<String> stringValue() {
    return Optional.ofNullable(stringValue);
  }

  public Optional<byte[]> binaryValue() {
    return Optional.ofNullable(binaryValue).map(byte[]::clone);
  }

  /** Bytes this attribute counts toward the message size: name excluded, type and value. */
  public int size() {
    int valueSize =
        binaryValue != null
            ? binaryValue.length
            : stringValue.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    return dataType.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + valueSize;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MessageAttributeValue v
        && dataType.equals(v.dataType)
        && Objects.equals(stringValue, v.stringValue)
        && Arrays.equals(binaryValue, v.binaryValue);
  }

  @Override
  public int hashCode() {
    return Objects.hash(dataType, stringValue, Arrays.hashCode(binaryValue));
  }

  @Override
  public String toString() {
    return dataType + "=" + (binaryValue != null ? binaryValue.length + " bytes" : stringValue);
  }
}
