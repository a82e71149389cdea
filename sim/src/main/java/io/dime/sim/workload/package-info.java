/**
 * Workloads: request classes, their arrival processes and their prompt and output lengths,
 * and the {@link io.dime.sim.workload.Request} that flows through the network.
 */
package io.dime.sim.workload;
