package dev.gust.runtime.java;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The class-data-sharing training run must keep working as the runtime changes. */
class TrainingTest {
  @Test
  void trainingRunServesOneInvocationAndReturns() {
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Training.main(new String[0]));
  }
}
