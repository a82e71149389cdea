package io.dime.sim.scenario;

/**
 * How an adversary behaves beyond returning wrong results at its cheat rate: whether it backs
 * its group's members when they check or are checked together, whether it comes back under a
 * fresh identity an epoch after ejection, and whether its cheat rate learns from what paid.
 * What a check sees of its lies is the scheme's {@code detection} setting for its name.
 */
public record AdversaryStrategy(String name, boolean colludes, boolean returnsAfterEjection, boolean learns) {
}
