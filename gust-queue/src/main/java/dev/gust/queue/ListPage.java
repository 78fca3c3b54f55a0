package dev.gust.queue;

import java.util.List;
import java.util.Optional;

/**
 * One page of ListQueues.
 *
 * @param names the queues' names, sorted
 * @param nextToken where the next page starts, when there is one
 */
public record ListPage(List<String> names, Optional<String> nextToken) {
  public ListPage {
    names = List.copyOf(names);
  }
}
