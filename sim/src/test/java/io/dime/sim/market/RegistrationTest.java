package io.dime.sim.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RegistrationTest {
    /** Burn 1 token at the start, 0.1..10, target 2 per interval, no weight on the old cost, 100 s of immunity. */
    private static Registration.Settings settings(int maxUids, double alpha) {
        return new Registration.Settings(1, 0.1, 10, 360, 2, alpha, 100, maxUids);
    }

    private static void register(Registration r, int count, int firstNode, double now) {
        for (int i = 0; i < count; i++) {
            r.register(firstNode + i, now, new double[20]);
        }
    }

    @Test
    void theBurnCostRisesWhenRegistrationsExceedTheTargetAndFallsWhenBelow() {
        Registration r = new Registration(settings(20, 0), 20);
        register(r, 6, 0, 0);           // three times the target
        r.adjustBurn();
        assertEquals(1 * (6 + 2) / 4.0, r.burnCostTokens(), 1e-12, "6 registrations against a target of 2: x (6+2)/(2+2)");
        assertEquals(0, r.registrationsThisInterval(), "the count restarts");
        double high = r.burnCostTokens();
        register(r, 2, 6, 400);          // on target: unchanged
        r.adjustBurn();
        assertEquals(high, r.burnCostTokens(), 1e-12, "at the target the cost stays");
        r.adjustBurn();                  // none: halved
        assertEquals(high / 2, r.burnCostTokens(), 1e-12, "no registrations halve the cost");
        r.adjustBurn();
        assertTrue(r.burnCostTokens() < high / 2, "and keep it falling");
    }

    @Test
    void inASliceOfTheSubnetEachRegistrationCountsForTheUidsNotSimulated() {
        // A quarter of the subnet's UIDs: one registration here stands for four in the subnet.
        Registration slice = new Registration(new Registration.Settings(1, 0.1, 10, 360, 2, 0, 100, 20, 4), 20);
        register(slice, 1, 0, 0);
        slice.adjustBurn();
        assertEquals(1 * (4 + 2) / 4.0, slice.burnCostTokens(), 1e-12, "4 subnet registrations against a target of 2");
        slice.adjustBurn();
        assertEquals(1.5 / 2, slice.burnCostTokens(), 1e-12, "none anywhere: halved, as in the whole subnet");
        assertThrows(IllegalArgumentException.class, () -> new Registration.Settings(1, 0.1, 10, 360, 2, 0, 100, 20, 0.5));
    }

    @Test
    void theBurnCostStaysWithinItsBoundsAndTheAdjustmentAlphaSlowsIt() {
        Registration r = new Registration(settings(20, 0), 20);
        for (int k = 0; k < 20; k++) {
            r.adjustBurn();
        }
        assertEquals(0.1, r.burnCostTokens(), 1e-12, "floored at min_burn");
        Registration busy = new Registration(settings(200, 0), 200);
        for (int k = 0; k < 10; k++) {
            register(busy, 18, 18 * k, 0);
            busy.adjustBurn();
        }
        assertEquals(10, busy.burnCostTokens(), 1e-12, "capped at max_burn");
        Registration slow = new Registration(settings(20, 0.5), 20);
        register(slow, 6, 0, 0);
        slow.adjustBurn();
        assertEquals(0.5 * 1 + 0.5 * 2, slow.burnCostTokens(), 1e-12, "alpha 0.5: halfway from the old cost to the new");
    }

    @Test
    void anImmuneUidIsNeverDeregisteredWhileANonImmuneLowerScoringOneIs() {
        Registration r = new Registration(settings(3, 0), 6);
        r.registerAtGenesis(0);
        r.registerAtGenesis(1);
        assertEquals(-1, r.register(2, 0, new double[6]), "room for a third UID");
        assertTrue(r.isImmune(2, 50) && !r.isImmune(0, 50));
        // Node 2 scores lowest of all but is immune until t = 100; of the others, node 1 scores lowest.
        double[] score = {5, 3, 0, 0, 0, 0};
        assertEquals(1, r.register(3, 10, score), "the lowest-scoring UID out of immunity goes");
        assertFalse(r.holdsUid(1));
        assertTrue(r.holdsUid(2), "the immune one stays though it scores lowest");
        assertEquals(3, r.uids());
        // Node 2's immunity is over at t = 100: now it is the one replaced.
        score = new double[] {5, 0, 0, 9, 0, 0};
        assertEquals(2, r.register(4, 150, score));
        // Every UID immune: the lowest-scoring immune one goes (subtensor's fallback).
        Registration young = new Registration(settings(2, 0), 4);
        young.register(0, 0, new double[4]);
        young.register(1, 1, new double[4]);
        assertEquals(1, young.register(2, 2, new double[] {4, 1, 0, 0}));
    }

    @Test
    void tiesGoToTheEarliestRegisteredAndALeavingNodeFreesItsUid() {
        Registration r = new Registration(settings(2, 0), 4);
        r.register(1, 0, new double[4]);
        r.register(0, 500, new double[4]);
        assertEquals(1, r.register(2, 1000, new double[4]), "equal scores: the earlier registration goes");
        r.release(0);
        assertEquals(1, r.uids());
        assertEquals(-1, r.register(3, 1000, new double[4]), "a free UID needs no replacement");
        assertThrows(IllegalStateException.class, () -> r.register(3, 1000, new double[4]));
        assertThrows(IllegalArgumentException.class, () -> new Registration.Settings(5, 0.1, 1, 360, 1, 0, 100, 8));
    }
}
