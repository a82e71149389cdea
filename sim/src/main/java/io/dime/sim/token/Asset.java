package io.dime.sim.token;

/**
 * What a ledger balance is counted in: the network's own token, a subnet's own token (Bittensor
 * dTAO's alpha, priced in the network token by the subnet's pool), or US dollars.
 */
public enum Asset {
    TOKEN,
    ALPHA,
    USD
}
