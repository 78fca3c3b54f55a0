package dev.gust.runtime.java;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A failure as the Runtime API receives it, shaped like the AWS Java runtime's: {@code
 * {"errorMessage", "errorType", "stackTrace": ["pkg.Class.method(File.java:12)", ...]}}.
 *
 * <p>Stack traces stop where the user's code was entered: frames of this runtime, and the
 * reflection frames that lead from it into the handler, are cut, in causes and suppressed
 * exceptions too.
 *
 * @param errorType the exception class name, or a {@code Runtime.*} name for faults the runtime
 *     detected itself
 * @param errorMessage what went wrong
 * @param stackTrace the frames, outermost last
 * @param logText what is written to the function's log
 */
record ErrorReport(String errorType, String errorMessage, List<String> stackTrace, String logText) {
  private static final String RUNTIME_PACKAGE = "dev.gust.runtime.java.";

  /** A failure of the user's code: an exception thrown by the handler, its constructor, ... */
  static ErrorReport of(Throwable t) {
    filterStackTrace(t);
    String message =
        t.getLocalizedMessage() == null ? t.getClass().getName() : t.getLocalizedMessage();
    String type = t.getClass().getName();
    return new ErrorReport(
        type, message, frames(t), message + ": " + type + "\n" + printed(t) + "\n");
  }

  /** A fault the runtime detected while loading the handler, caused by {@code cause} (or null). */
  static ErrorReport fault(String errorType, String message, Throwable cause) {
    if (cause == null) {
      return new ErrorReport(errorType, message, List.of(), message + "\n");
    }
    filterStackTrace(cause);
    return new ErrorReport(
        errorType,
        message,
        frames(cause),
        message + ": " + errorType + "\n" + printed(cause) + "\n");
  }

  /** The JSON body for the Runtime API. */
  byte[] toJson() {
    StringBuilder json = new StringBuilder(256);
    json.append("{\"errorMessage\":");
    quote(json, errorMessage);
    json.append(",\"errorType\":");
    quote(json, errorType);
    json.append(",\"stackTrace\":[");
    for (int i = 0; i < stackTrace.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      quote(json, stackTrace.get(i));
    }
    json.append("]}");
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> frames(Throwable t) {
    StackTraceElement[] trace = t.getStackTrace();
    List<String> frames = new ArrayList<>(trace.length);
    for (StackTraceElement e : trace) {
      frames.add(e.toString());
    }
    return frames;
  }

  private static String printed(Throwable t) {
    StringWriter text = new StringWriter();
    t.printStackTrace(new PrintWriter(text));
    return text.toString();
  }

  /** Cuts every trace in the throwable's graph at the first frame of this runtime. */
  static void filterStackTrace(Throwable t) {
    filter(t, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  private static void filter(Throwable t, Set<Throwable> seen) {
    if (t == null || !seen.add(t)) {
      return;
    }
    StackTraceElement[] trace = t.getStackTrace();
    for (int i = 0; i < trace.length; i++) {
      if (isRuntime(trace[i].getClassName())) {
        int end = i;
        while (end > 0 && isReflection(trace[end - 1].getClassName())) {
          end--;
        }
        StackTraceElement[] kept = new StackTraceElement[end];
        System.arraycopy(trace, 0, kept, 0, end);
        t.setStackTrace(kept);
        break;
      }
    }
    filter(t.getCause(), seen);
    for (Throwable suppressed : t.getSuppressed()) {
      filter(suppressed, seen);
    }
  }

  /** A class of this package itself; sub-packages (such as tests' fixtures) are user code. */
  private static boolean isRuntime(String className) {
    return className.startsWith(RUNTIME_PACKAGE)
        && className.indexOf('.', RUNTIME_PACKAGE.length()) < 0;
  }

  private static boolean isReflection(String className) {
    return className.startsWith("java.lang.reflect.")
        || className.startsWith("jdk.internal.reflect.")
        || className.startsWith("java.lang.invoke.");
  }

  /** Appends {@code text} as a JSON string literal. */
  static void quote(StringBuilder json, String text) {
    if (text == null) {
      json.append("null");
      return;
    }
    json.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20) {
            json.append("\\u00");
            json.append(Character.forDigit(c >> 4, 16));
            json.append(Character.forDigit(c & 0xF, 16));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
