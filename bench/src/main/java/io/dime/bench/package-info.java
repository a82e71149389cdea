/**
 * JMH micro-benchmarks for the Dime kernel, built into {@code bench/target/benchmarks.jar}:
 * the classic hold model over the future-event list ({@link io.dime.sim.kernel.EventList})
 * against a {@link java.util.PriorityQueue} baseline with the same (time, priority, insertion
 * sequence) ordering, plus a schedule-and-cancel churn case. Nothing here is used by the
 * simulator itself; it only measures it.
 */
package io.dime.bench;
