package dev.gust.runtime.java;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.io.PrintStream;

/**
 * The {@link LambdaLogger} of {@code context.getLogger()}: it
 * writes to stdout, which the platform collects, exactly what it is given, as AWS's Java runtime
 * does in its text format. A message logged with a level gets a {@code [LEVEL] } prefix, and levels
 * below AWS_LAMBDA_LOG_LEVEL are dropped.
 */
final class StdoutLogger implements LambdaLogger {
  private final int minimumLevel;

  /**
   * @param minimumLevel the AWS_LAMBDA_LOG_LEVEL value, or null to keep every level
   */
  StdoutLogger(String minimumLevel) {
    int minimum = 0;
    if (minimumLevel != null) {
      for (LogLevel level : LogLevel.values()) {
        if (level.name().equalsIgnoreCase(minimumLevel)) {
          minimum = level.ordinal();
        }
      }
    }
    this.minimumLevel = minimum;
  }

  private static PrintStream out() {
    return System.out;
  }

  @Override
  public void log(String message) {
    out().print(message);
  }

  @Override
  public void log(byte[] message) {
    out().write(message, 0, message.length);
  }

  @Override
  public void log(String message, LogLevel level) {
    if (level == null || level == LogLevel.UNDEFINED) {
      log(message);
    } else if (level.ordinal() >= minimumLevel) {
      log("[" + level.name() + "] " + message);
    }
  }

  @Override
  public void log(byte[] message, LogLevel level) {
    if (level == null || level == LogLevel.UNDEFINED || level.ordinal() >= minimumLevel) {
      log(message);
    }
  }
}
