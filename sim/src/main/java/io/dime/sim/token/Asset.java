package io.dime.sim.token;

/** What a ledger balance is counted in: the network's own token, or US dollars. */
public enum Asset {
    TOKEN,
    USD
}
