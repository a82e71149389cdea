/**
 * The token economy's building blocks, independent of the rest of the simulator: a double-entry
 * {@link io.dime.sim.token.Ledger} of named accounts holding network tokens, a subnet's alpha and
 * US dollars, whose conservation check every run can call at its end; a Uniswap-v2-style
 * {@link io.dime.sim.token.ConstantProductPool} whose reserves are a ledger account, so that every
 * swap is two ledger transfers, and the Bittensor {@link io.dime.sim.token.SubnetPool} built on it
 * (alpha priced in TAO, emission injected without moving the price); an RAI-style leaky PI(D) {@link io.dime.sim.token.PidController}
 * for buyback-and-burn or emission control; {@link io.dime.sim.token.EmissionSchedule}s that say
 * how many tokens to mint between two times; and operator {@link io.dime.sim.token.Staking} with
 * an unbonding period and slashing. Time is a double in seconds, amounts are doubles.
 */
package io.dime.sim.token;
