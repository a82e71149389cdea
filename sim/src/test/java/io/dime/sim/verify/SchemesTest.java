package io.dime.sim.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.scenario.VerificationSpec;
import org.junit.jupiter.api.Test;

/**
 * The scenario reader names the schemes and makes one settings record per scheme; this package
 * gives each record its behaviour. Every record has one, and the names are the reader's alone.
 */
class SchemesTest {
    @Test
    void everySchemesSettingsRecordHasItsBehaviour() {
        Class<?>[] records = VerificationSpec.Check.class.getPermittedSubclasses();
        assertEquals(VerificationSpec.SCHEMES.size(), records.length, "one settings record per scheme name");
        for (Class<?> settings : records) {
            assertTrue(Schemes.has(settings), settings.getSimpleName() + " has no behaviour in Schemes");
        }
    }

    @Test
    void anUnknownSchemeIsRefusedWithTheKnownOnes() {
        io.dime.sim.input.ScenarioException e = assertThrows(io.dime.sim.input.ScenarioException.class, () -> new io.dime.sim.scenario.ScenarioLoader()
                .parse("""
                        name: x
                        nodes: [{name: a, count: 2, gpu: l4, model: llama-3-8b}]
                        workload: [{name: w, arrival: {rate: 1/s}}]
                        verification: {scheme: proof-of-luck}
                        """, null));
        assertTrue(e.getMessage().contains("known: none, redundancy, spot-check"), e.getMessage());
        assertEquals("verification.scheme", e.path());
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
