package dev.gust.instances;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class InstanceStateTest {
  @Test
  void aWarmInstanceCyclesBetweenBusyAndIdle() {
    InstanceState s = InstanceState.STARTING.on(InstanceState.Event.ASSIGN);
    assertEquals(InstanceState.BUSY, s);
    s = s.on(InstanceState.Event.RELEASE);
    assertEquals(InstanceState.IDLE, s);
    assertEquals(InstanceState.BUSY, s.on(InstanceState.Event.ASSIGN));
  }

  @Test
  void transitionsTheTableDoesNotAllowThrowNamingStateAndEvent() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> InstanceState.IDLE.on(InstanceState.Event.RELEASE));
    assertEquals("instance in state IDLE cannot take event RELEASE", e.getMessage());
    assertFalse(InstanceState.DEAD.allows(InstanceState.Event.ASSIGN));
    assertFalse(InstanceState.STOPPING.allows(InstanceState.Event.ASSIGN));
  }

  @Test
  void everyLiveStateCanDie() {
    for (InstanceState s : new InstanceState[] {InstanceState.STARTING, InstanceState.IDLE, InstanceState.BUSY, InstanceState.STOPPING}) {
      assertEquals(InstanceState.DEAD, s.on(InstanceState.Event.EXITED));
    }
  }
}
