package dev.gust.runtime.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorReportTest {
  @Test
  void jsonEscapesMessagesAndFrames() {
    ErrorReport report =
        new ErrorReport("x.Y", "quote \" slash \\ line\nend\u0001", List.of("a.B.c(B.java:1)"), "");
    assertEquals(
        "{\"errorMessage\":\"quote \\\" slash \\\\ line\\nend\\u0001\",\"errorType\":\"x.Y\","
            + "\"stackTrace\":[\"a.B.c(B.java:1)\"]}",
        new String(report.toJson(), StandardCharsets.UTF_8));
  }

  @Test
  void framesStopWhereTheRuntimeCalledUserCode() {
    RuntimeException e = new RuntimeException("boom");
    e.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement("example.Hello", "handle", "Hello.java", 7),
          new StackTraceElement(
              "jdk.internal.reflect.DirectMethodHandleAccessor", "invoke", null, 103),
          new StackTraceElement("java.lang.reflect.Method", "invoke", "Method.java", 580),
          new StackTraceElement("dev.gust.runtime.java.EventHandler$MethodCall", "handle", null, 1),
          new StackTraceElement("dev.gust.runtime.java.Bootstrap", "main", null, 2),
        });
    ErrorReport report = ErrorReport.of(e);
    assertEquals("java.lang.RuntimeException", report.errorType());
    assertEquals("boom", report.errorMessage());
    assertEquals(List.of("example.Hello.handle(Hello.java:7)"), report.stackTrace());
    assertTrue(
        report
            .logText()
            .startsWith("boom: java.lang.RuntimeException\njava.lang.RuntimeException: boom\n"));
  }

  @Test
  void anExceptionWithoutMessageIsNamedByItsClass() {
    assertEquals(
        "java.lang.NullPointerException",
        ErrorReport.of(new NullPointerException()).errorMessage());
  }
}
