package dev.gust.instances;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gust.core.ErrorType;
import dev.gust.core.GustException;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConcurrencyGovernorTest {
  @Test
  void reservedFunctionRunsAtMostItsReservation() {
    ConcurrencyGovernor g = new ConcurrencyGovernor(10, () -> 2);
    g.acquire("f", OptionalInt.of(2));
    g.acquire("f", OptionalInt.of(2));
    GustException e = assertThrows(GustException.class, () -> g.acquire("f", OptionalInt.of(2)));
    assertEquals(ErrorType.TOO_MANY_REQUESTS, e.type());
    assertEquals("ReservedFunctionConcurrentInvocationLimitExceeded", e.reason().orElseThrow());
    assertEquals(1, e.retryAfterSeconds().orElseThrow());
    g.release("f", OptionalInt.of(2));
    g.acquire("f", OptionalInt.of(2));
    assertEquals(2, g.inFlight("f"));
  }

  @Test
  void zeroReservationThrottlesEverything() {
    ConcurrencyGovernor g = new ConcurrencyGovernor(10, () -> 0);
    assertThrows(GustException.class, () -> g.acquire("f", OptionalInt.of(0)));
    assertEquals(0, g.inFlight("f"));
  }

  @Test
  void unreservedFunctionsShareWhatReservationsLeave() {
    AtomicInteger reserved = new AtomicInteger(7);
    ConcurrencyGovernor g = new ConcurrencyGovernor(10, reserved::get);
    g.acquire("a", OptionalInt.empty());
    g.acquire("b", OptionalInt.empty());
    g.acquire("a", OptionalInt.empty());
    GustException e = assertThrows(GustException.class, () -> g.acquire("c", OptionalInt.empty()));
    assertEquals("ConcurrentInvocationLimitExceeded", e.reason().orElseThrow());
    // reservations never eat into each other: a reserved function still runs
    g.acquire("r", OptionalInt.of(7));
    reserved.set(6);
    g.acquire("c", OptionalInt.empty());
  }
}
