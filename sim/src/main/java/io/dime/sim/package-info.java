/**
 * The world of one replication, and runs of many. {@link io.dime.sim.World} wires the parts a
 * scenario names: the {@link io.dime.sim.NodeTable} of nodes built by the
 * {@link io.dime.sim.NodeFactory}, {@link io.dime.sim.Churn}, the users'
 * {@link io.dime.sim.Arrivals}, and the {@link io.dime.sim.RequestLifecycle} that takes every
 * request to its one end; markets, the token economy and the verifier follow requests as
 * {@link io.dime.sim.RequestListener}s, and dispatch, settlement and the verification gate are
 * strategies chosen once. {@link io.dime.sim.ReplicationReport} turns the run into a
 * {@link io.dime.sim.ReplicationResult}; {@link io.dime.sim.RunOutcome} runs the replications in
 * parallel. sim/README.md draws the packages and says how to add each kind of policy.
 */
package io.dime.sim;
