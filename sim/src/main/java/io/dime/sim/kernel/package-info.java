/**
 * The discrete-event kernel: a future-event list ordered by (time, priority, insertion
 * sequence), the {@link io.dime.sim.kernel.Simulation} that owns the clock and every piece of
 * engine state, named random streams derived from (root seed, stream name), and parallel
 * replications keyed by index. Nothing here knows about GPUs, tokens or money.
 */
package io.dime.sim.kernel;
