package dev.gust.invoke;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gust.core.ErrorType;
import dev.gust.core.GustException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PayloadRulesTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anEmptyPayloadIsAnEmptyObject() {
    assertArrayEquals(b("{}"), PayloadRules.event(new byte[0], InvocationType.REQUEST_RESPONSE));
    assertArrayEquals(b("{}"), PayloadRules.event(b(" \n"), InvocationType.EVENT));
  }

  @Test
  void anyJsonValueIsAnEventAndItsBytesAreKept() {
    for (String ok : new String[] {"{\"a\":[1,2]}", "\"text\"", "42", "null", "[]"}) {
      assertArrayEquals(b(ok), PayloadRules.event(b(ok), InvocationType.REQUEST_RESPONSE), ok);
    }
  }

  @Test
  void malformedJsonIsInvalidRequestContent() {
    for (String bad : new String[] {"{", "{\"a\":}", "{} {}", "nope"}) {
      GustException e = assertThrows(GustException.class,
          () -> PayloadRules.event(b(bad), InvocationType.REQUEST_RESPONSE), bad);
      assertEquals(ErrorType.INVALID_REQUEST_CONTENT, e.type());
    }
  }

  @Test
  void asyncPayloadsAreLimitedTo1MbAndSyncTo6Mb() {
    byte[] twoMb = new byte[2 * 1024 * 1024];
    java.util.Arrays.fill(twoMb, (byte) ' ');
    twoMb[0] = '1';
    assertEquals(twoMb.length, PayloadRules.event(twoMb, InvocationType.REQUEST_RESPONSE).length);
    GustException e = assertThrows(GustException.class, () -> PayloadRules.event(twoMb, InvocationType.EVENT));
    assertEquals(ErrorType.REQUEST_TOO_LARGE, e.type());
    assertEquals("Request must be smaller than 1048576 bytes for the InvokeAsync operation", e.getMessage());
  }

  @Test
  void clientContextIsBase64JsonWithinLambdasLimit() {
    String encoded = Base64.getEncoder().encodeToString(b("{\"custom\":{\"k\":\"v\"}}"));
    assertEquals(Optional.of("{\"custom\":{\"k\":\"v\"}}"), PayloadRules.clientContext(Optional.of(encoded)));
    assertEquals(ErrorType.INVALID_REQUEST_CONTENT,
        assertThrows(GustException.class, () -> PayloadRules.clientContext(Optional.of("%%%"))).type());
    String tooLong = Base64.getEncoder().encodeToString(b("{\"k\":\"" + "x".repeat(3000) + "\"}"));
    assertEquals(ErrorType.INVALID_PARAMETER_VALUE,
        assertThrows(GustException.class, () -> PayloadRules.clientContext(Optional.of(tooLong))).type());
  }
}
