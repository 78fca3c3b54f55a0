package dev.gust.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gust.core.GustException;
import java.util.ArrayList;
import java.util.List;

/**
 * A mapping's {@code FilterCriteria}: its patterns, any one of which admits a message (OR). With
 * no patterns every message is admitted. A message no pattern admits is deleted from the queue
 * without invoking the function, as Lambda does for Amazon SQS.
 */
public final class FilterCriteria {
  static final FilterCriteria NONE = new FilterCriteria(List.of());

  private final List<FilterPattern> patterns;

  private FilterCriteria(List<FilterPattern> patterns) {
    this.patterns = List.copyOf(patterns);
  }

  /**
   * Compiles a mapping's patterns; a bad one is an {@code InvalidParameterValueException} saying
   * which and why.
   */
  public static FilterCriteria of(List<String> patterns) {
    List<FilterPattern> compiled = new ArrayList<>();
    for (int i = 0; i < patterns.size(); i++) {
      try {
        compiled.add(FilterPattern.parse(patterns.get(i)));
      } catch (IllegalArgumentException e) {
        throw GustException.invalidParameter("Invalid filter pattern definition: filter "
            + (i + 1) + " (" + patterns.get(i) + "): " + e.getMessage() + ".");
      }
    }
    return new FilterCriteria(compiled);
  }

  public boolean isEmpty() {
    return patterns.isEmpty();
  }

  /** Whether the message of {@code record} (an SQS event record) goes to the function. */
  boolean admits(ObjectNode record) {
    if (patterns.isEmpty()) {
      return true;
    }
    JsonNode view = SqsEvent.filterView(record);
    for (FilterPattern p : patterns) {
      if (p.matches(view)) {
        return true;
      }
    }
    return false;
  }
}
