/**
 * The discrete-event kernel: a future-event list ordered by (time, priority, insertion
 * sequence), the {@link io.dime.sim.kernel.Simulation} that owns the clock and every piece of
 * engine state, named random streams derived from (root seed, stream name), and parallel
 * replications keyed by index. A simulation may opt in to keeping step with the wall clock,
 * taking events posted from other threads, so that real servers can share a run with
 * simulated ones. Nothing here knows about GPUs, tokens or money.
 */
package io.dime.sim.kernel;
