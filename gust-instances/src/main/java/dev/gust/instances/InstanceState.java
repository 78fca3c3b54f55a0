package dev.gust.instances;

import java.util.EnumMap;
import java.util.Map;

/**
 * The lifecycle of an instance, as a transition table.
 *
 * <pre>
 *   STARTING --assign--> BUSY --release--> IDLE --assign--> BUSY
 *   STARTING|BUSY|IDLE --stop--> STOPPING --exited--> DEAD
 *   STARTING|BUSY|IDLE --exited--> DEAD        (crash, out of memory, runtime exit)
 * </pre>
 */
enum InstanceState {
  STARTING,
  IDLE,
  BUSY,
  STOPPING,
  DEAD;

  /** What happens to an instance. */
  enum Event {
    ASSIGN,
    RELEASE,
    STOP,
    EXITED
  }

  private static final Map<InstanceState, Map<Event, InstanceState>> TABLE =
      new EnumMap<>(InstanceState.class);

  private static void allow(InstanceState from, Event event, InstanceState to) {
    TABLE.computeIfAbsent(from, k -> new EnumMap<>(Event.class)).put(event, to);
  }

  static {
    allow(STARTING, Event.ASSIGN, BUSY);
    allow(STARTING, Event.STOP, STOPPING);
    allow(STARTING, Event.EXITED, DEAD);
    allow(IDLE, Event.ASSIGN, BUSY);
    allow(IDLE, Event.STOP, STOPPING);
    allow(IDLE, Event.EXITED, DEAD);
    allow(BUSY, Event.RELEASE, IDLE);
    allow(BUSY, Event.STOP, STOPPING);
    allow(BUSY, Event.EXITED, DEAD);
    allow(STOPPING, Event.STOP, STOPPING);
    allow(STOPPING, Event.RELEASE, STOPPING);
    allow(STOPPING, Event.EXITED, DEAD);
    allow(DEAD, Event.STOP, DEAD);
    allow(DEAD, Event.EXITED, DEAD);
    allow(DEAD, Event.RELEASE, DEAD);
  }

  /** The next state, or an exception naming the state and the refused event. */
  InstanceState on(Event event) {
    InstanceState next = TABLE.getOrDefault(this, Map.of()).get(event);
    if (next == null) {
      throw new IllegalStateException("instance in state " + this + " cannot take event " + event);
    }
    return next;
  }

  boolean allows(Event event) {
    return TABLE.getOrDefault(this, Map.of()).containsKey(event);
  }
}
