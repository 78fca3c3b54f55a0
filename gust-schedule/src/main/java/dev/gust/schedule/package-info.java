/**
 * Schedules as EventBridge Scheduler runs them: parse an expression ({@link
 * dev.gust.schedule.ScheduleExpression#parse}: {@code rate(5 minutes)}, {@code cron(0 12 ? *
 * MON-FRI *)}, {@code at(2030-01-01T09:00:00)}), pair it with a time zone and dates ({@link
 * dev.gust.schedule.Schedule}), ask for the next fire time, decide at start-up what the downtime
 * missed ({@link dev.gust.schedule.Catchup} with a {@link dev.gust.schedule.MissedRunPolicy}), and
 * build the event a function receives ({@link dev.gust.schedule.ScheduledEvent}).
 *
 * <p>Pure logic: no I/O, no threads, no clock. The caller reads "now" from its injected {@code
 * Clock}, stores the last fired scheduled time, sleeps until {@code nextAfter}, and invokes. A
 * typical loop:
 *
 * <pre>{@code
 * Schedule s = Schedule.of(ScheduleExpression.parse(text), Schedule.parseZone(tz), createdAt);
 * Catchup c = Catchup.plan(s, store.lastFired(name), clock.now(), MissedRunPolicy.DEFAULT);
 * c.due().forEach(t -> invoke(ScheduledEvent.forRule(arns, name, t).toJson()));
 * c.checkpoint().ifPresent(t -> store.recordFired(name, t));
 * Optional<Instant> next = c.next();   // then: wait, invoke, record, next = s.nextAfter(next)
 * }</pre>
 *
 * <p>Semantics follow AWS's documentation; each class cites its pages and says where the
 * documentation is silent and what Gust chose.
 */
package dev.gust.schedule;
