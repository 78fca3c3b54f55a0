package dev.gust.core.queue;

import java.time.Instant;
import java.util.Objects;

/**
 * A queue: its name (unique; FIFO names end in {@code .fifo}), attributes and timestamps.
 *
 * @param name 1-80 characters of {@code [A-Za-z0-9_-]}, plus {@code .fifo} for FIFO queues
 * @param attributes what it does
 * @param created when it was created
 * @param lastModified when its attributes last changed
 */
public record Queue(String name, QueueAttributes attributes, Instant created, Instant lastModified) {
  public Queue {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(attributes, "attributes");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(lastModified, "lastModified");
  }

  public boolean fifo() {
    return attributes.fifo();
  }

  public Queue withAttributes(QueueAttributes changed, Instant now) {
    return new Queue(name, changed, created, now);
  }
}
