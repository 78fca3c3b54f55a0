package dev.gust.schedule;

/**
 * What to do, at start-up, with the runs a schedule missed while the server was stopped.
 * EventBridge never stops, so AWS has no such setting; a self-hosted server does stop.
 */
public enum MissedRunPolicy {
  /**
   * Fire one run for all the missed ones, carrying the latest missed scheduled time. The default: a
   * job that was due still happens, but a server down for a day does not flood a {@code rate(1
   * minute)} function with 1,440 invocations.
   */
  FIRE_ONCE,
  /** Fire nothing; the schedule resumes at its next time after start-up. */
  SKIP;

  /** {@link #FIRE_ONCE}. */
  public static final MissedRunPolicy DEFAULT = FIRE_ONCE;
}
