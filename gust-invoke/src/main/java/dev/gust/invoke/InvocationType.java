package dev.gust.invoke;

import dev.gust.core.GustException;

/** {@code X-Amz-Invocation-Type}. */
public enum InvocationType {
  REQUEST_RESPONSE("RequestResponse"),
  EVENT("Event"),
  DRY_RUN("DryRun");

  private final String wireName;

  InvocationType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Parses the header; absent means RequestResponse. */
  public static InvocationType parse(String header) {
    if (header == null || header.isEmpty()) {
      return REQUEST_RESPONSE;
    }
    for (InvocationType t : values()) {
      if (t.wireName.equals(header)) {
        return t;
      }
    }
    throw GustException.invalidParameter(
        "1 validation error detected: Value '"
            + header
            + "' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value"
            + " set: [Event, RequestResponse, DryRun]");
  }
}
