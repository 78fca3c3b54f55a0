package dev.gust.store;

import java.util.Arrays;

/** Byte-level rules for log chunks: cut at line ends, never inside a UTF-8 character. */
final class LogBytes {
  private LogBytes() {}

  /** Up to and including the last newline; without one, up to the last whole character. */
  static byte[] wholeLines(byte[] bytes) {
    for (int i = bytes.length - 1; i >= 0; i--) {
      if (bytes[i] == '\n') {
        return i == bytes.length - 1 ? bytes : Arrays.copyOf(bytes, i + 1);
      }
    }
    int end = lastCharacterBoundary(bytes);
    // A character longer than the whole chunk: return it broken rather than make no progress.
    return end == 0 ? bytes : Arrays.copyOf(bytes, end);
  }

  /** How many leading bytes to skip to start at a line, or at least at a character. */
  static int lineStart(byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        return i + 1;
      }
    }
    int skip = 0;
    while (skip < bytes.length && isContinuation(bytes[skip])) {
      skip++;
    }
    return skip;
  }

  /** The length of the longest prefix that ends with a complete UTF-8 character. */
  private static int lastCharacterBoundary(byte[] bytes) {
    int lead = bytes.length - 1;
    while (lead >= 0 && bytes.length - lead <= 4 && isContinuation(bytes[lead])) {
      lead--;
    }
    if (lead < 0 || bytes.length - lead > 4) {
      return bytes.length; // Not UTF-8 we can judge; leave it whole.
    }
    int needed = sequenceLength(bytes[lead]);
    return bytes.length - lead >= needed ? bytes.length : lead;
  }

  private static boolean isContinuation(byte b) {
    return (b & 0xC0) == 0x80;
  }

  private static int sequenceLength(byte lead) {
    if ((lead & 0x80) == 0) {
      return 1;
    }
    if ((lead & 0xE0) == 0xC0) {
      return 2;
    }
    if ((lead & 0xF0) == 0xE0) {
      return 3;
    }
    return 4;
  }
}
