package dev.gust.core;

import java.time.Instant;
import java.util.List;

/** Where invocation records are kept, and where usage is computed from them. */
public interface InvocationLedger extends AutoCloseable {

  /** Records one invocation. May buffer; must not block the invocation path on disk I/O. */
  void record(InvocationRecord record);

  /** Usage per function for invocations that started at or after {@code since}. */
  List<FunctionUsage> usage(Instant since);

  /** Writes out anything buffered. */
  void flush();

  @Override
  void close();
}
