/**
 * Verification: the schemes a network uses to check that operators did the work (redundancy,
 * spot checks / proof of sampling, optimistic challenges, zkML proofs, TEEs, activation
 * commitments), the adversaries that cheat, and the consequences for those caught. Checks that
 * need computation run as real work on other nodes, so their cost shows in capacity, latency and
 * money.
 */
package io.dime.sim.verify;
