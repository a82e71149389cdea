package io.dime.sim.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.scenario.VerificationSpec;
import org.junit.jupiter.api.Test;

/**
 * The scenario reader validates names against its lists (the scenario package sits below this
 * one); the registries here build what the names stand for. They must name the same things, in
 * the same order.
 */
class SchemesTest {
    @Test
    void everySchemeTheReaderAcceptsHasAFactoryAndNoOther() {
        assertEquals(VerificationSpec.SCHEMES, Schemes.registry().names());
    }

    @Test
    void anUnknownSchemeIsRefusedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Schemes.registry().get("proof-of-luck"));
        assertTrue(e.getMessage().startsWith("unknown verification scheme 'proof-of-luck'; known: none, redundancy, spot-check"), e.getMessage());
    }

    @Test
    void colludersAndSybilsBackEachOtherAndOnlyRationalCheatersLearn() {
        for (String name : io.dime.sim.scenario.AdversaryStrategies.registry().names()) {
            io.dime.sim.scenario.AdversaryStrategy s = io.dime.sim.scenario.AdversaryStrategies.of(name);
            assertEquals(name.equals("colluding") || name.equals("sybil"), s.colludes(), name);
            assertEquals(name.equals("sybil"), s.returnsAfterEjection(), name);
            assertEquals(name.equals("rational"), s.learns(), name);
        }
    }
}
