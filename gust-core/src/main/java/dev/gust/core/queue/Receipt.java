package dev.gust.core.queue;

import java.util.Objects;

/**
 * What a receipt handle names: one message, and one receive of it. A later receive of the same
 * message gets a new token, so an older handle no longer matches.
 *
 * @param sequence the message's store number
 * @param token the receive's token
 */
public record Receipt(long sequence, String token) {
  public Receipt {
    Objects.requireNonNull(token, "token");
  }
}
