/**
 * The network between client regions and node regions: a base round-trip time per pair of
 * regions (great-circle fibre distance, inflated for real routes, or a measured matrix the
 * scenario gives), plus per-message jitter, loss paid for in retransmission timeouts, and the
 * time a payload takes at the access bandwidth. {@link io.dime.sim.network.NetworkReader} binds
 * the scenario's {@code network:} section into a {@link io.dime.sim.network.NetworkSpec};
 * {@link io.dime.sim.network.Network} turns it into delays, drawing random numbers only for
 * jitter and loss so that a network without them leaves every other random stream untouched.
 */
package io.dime.sim.network;
