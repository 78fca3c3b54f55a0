package dev.gust.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RouterTest {
  private final Router.Handler a = r -> Response.empty(200);
  private final Router.Handler b = r -> Response.empty(201);
  private final Router router =
      new Router()
          .add("GET", "/2015-03-31/functions/{FunctionName}", a)
          .add("PUT", "/2015-03-31/functions/{FunctionName}/aliases/{Name}", b);

  @Test
  void templatesCaptureDecodedSegments() {
    Router.Match m = router.match("GET",
        Request.segments("/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Af/"));
    assertEquals(a, m.handler());
    assertEquals("arn:aws:lambda:us-east-1:000000000000:function:f", m.params().get("FunctionName"));
    Router.Match alias = router.match("PUT", Request.segments("/2015-03-31/functions/f/aliases/live"));
    assertEquals("live", alias.params().get("Name"));
  }

  @Test
  void aKnownPathWithAnotherMethodIsNotAnUnknownOperation() {
    Router.Match m = router.match("DELETE", Request.segments("/2015-03-31/functions/f"));
    assertNull(m.handler());
    assertTrue(m.pathKnown());
    assertFalse(router.match("GET", Request.segments("/nope")).pathKnown());
  }
}
