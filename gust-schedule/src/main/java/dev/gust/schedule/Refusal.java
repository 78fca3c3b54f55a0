package dev.gust.schedule;

import dev.gust.core.GustException;

/** The one shape of a refused schedule: what was given, what is wrong, what would be right. */
final class Refusal {
  private Refusal() {}

  static GustException of(String given, String problem, String example) {
    return GustException.invalidParameter(
        "Invalid schedule expression '" + given + "': " + problem + ". Example: " + example);
  }
}
