package dev.gust.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ArnsTest {
  private final Arns arns = Arns.DEFAULT;

  @Test
  void everyFormOfFunctionNameIsUnderstood() {
    assertEquals(new Arns.FunctionRef("f", Optional.empty()), arns.parseFunctionName("f"));
    assertEquals(new Arns.FunctionRef("f", Optional.of("live")), arns.parseFunctionName("f:live"));
    assertEquals(new Arns.FunctionRef("f", Optional.of("3")), arns.parseFunctionName("123456789012:function:f:3"));
    assertEquals(
        new Arns.FunctionRef("f", Optional.of("$LATEST")),
        arns.parseFunctionName("arn:aws:lambda:eu-west-1:123456789012:function:f:$LATEST"));
    assertEquals(
        new Arns.FunctionRef("f", Optional.empty()),
        arns.parseFunctionName("arn:aws:lambda:us-east-1:000000000000:function:f"));
  }

  @Test
  void aQualifierGivenTwiceMustAgree() {
    assertEquals(Optional.of("2"), arns.parseFunctionName("f").withQualifier("2").qualifier());
    assertEquals(Optional.of("2"), arns.parseFunctionName("f:2").withQualifier("2").qualifier());
    GustException e =
        assertThrows(GustException.class, () -> arns.parseFunctionName("f:2").withQualifier("3"));
    assertEquals(ErrorType.INVALID_PARAMETER_VALUE, e.type());
  }

  @Test
  void badNamesAreInvalidParameters() {
    for (String bad : new String[] {"", "has space", "x".repeat(65), "f:bad qualifier"}) {
      GustException e = assertThrows(GustException.class, () -> arns.parseFunctionName(bad), bad);
      assertEquals(ErrorType.INVALID_PARAMETER_VALUE, e.type());
    }
  }

  @Test
  void arnsHaveLambdasFormat() {
    assertEquals("arn:aws:lambda:us-east-1:000000000000:function:f", arns.functionArn("f"));
    assertEquals("arn:aws:lambda:us-east-1:000000000000:function:f:live", arns.qualifiedArn("f", "live"));
  }
}
