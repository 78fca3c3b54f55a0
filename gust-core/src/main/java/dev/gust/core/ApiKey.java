package dev.gust.core;

import java.util.Objects;

/**
 * An API key, as API Gateway's usage plans know them: clients send its value in the {@code
 * x-api-key} header.
 *
 * @param id a stable id, safe to log and to put in metering records
 * @param name a human name
 * @param value the secret the client sends: 20 to 128 printable ASCII characters without spaces
 *     (API Gateway's minimum length); {@link #toString()} never shows it
 * @param planId the usage plan the key is in
 * @param created when the key was created
 */
public record ApiKey(String id, String name, String value, String planId, java.time.Instant created) {

  public ApiKey {
    if (id == null || id.isBlank()) {
      throw GustException.invalidParameter("ApiKey.Id is required.");
    }
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(planId, "planId");
    Objects.requireNonNull(created, "created");
    if (value == null || value.length() < 20 || value.length() > 128
        || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw GustException.invalidParameter("ApiKey.Value of key '" + id
          + "' must be 20 to 128 printable ASCII characters without spaces.");
    }
  }

  @Override
  public String toString() {
    return "ApiKey[id=" + id + ", name=" + name + ", planId=" + planId + ", value=<redacted>]";
  }
}
