package io.dime.sim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationTest {

    @Test
    void runUntilFiresDueEventsAdvancesTheClockAndLeavesLaterOnesPending() {
        Simulation sim = new Simulation(1);
        List<Double> times = new ArrayList<>();
        for (double t : new double[] {0.5, 1.0, 2.0, 3.0}) {
            sim.schedule(t, () -> times.add(sim.now()));
        }
        sim.runUntil(2.0);
        assertEquals(List.of(0.5, 1.0, 2.0), times);
        assertEquals(2.0, sim.now());
        assertEquals(1, sim.pendingEvents());
        sim.runUntil(10.0);
        assertEquals(10.0, sim.now());
        assertEquals(4, sim.eventsFired());
    }

    @Test
    void runUntilAConditionStopsBeforeTheEventThatWouldFollow() {
        Simulation sim = new Simulation(1);
        int[] count = {0};
        Event tick = new Event() {
            @Override
            public void fire() {
                count[0]++;
                sim.schedule(1.0, this);
            }
        };
        sim.schedule(1.0, tick);
        sim.runUntil(() -> count[0] == 5);
        assertEquals(5, count[0]);
        assertEquals(5.0, sim.now());
    }

    @Test
    void eventsCanScheduleAndCancelOtherEvents() {
        Simulation sim = new Simulation(1);
        List<String> fired = new ArrayList<>();
        long timeout = sim.schedule(5.0, () -> fired.add("timeout"));
        sim.schedule(1.0, () -> {
            fired.add("reply");
            assertTrue(sim.cancel(timeout));
        });
        sim.run();
        assertEquals(List.of("reply"), fired);
        assertFalse(sim.cancel(timeout));
    }

    @Test
    void timeNeverGoesBackwards() {
        Simulation sim = new Simulation(3);
        var random = sim.random().stream("gaps");
        double[] last = {0};
        int[] violations = {0};
        for (int i = 0; i < 1000; i++) {
            sim.schedule(random.nextDouble() * 100, new Event() {
                @Override
                public void fire() {
                    if (sim.now() < last[0]) {
                        violations[0]++;
                    }
                    last[0] = sim.now();
                    if (sim.eventsFired() < 50_000) {
                        sim.schedule(random.nextDouble(), this);
                    }
                }
            });
        }
        sim.run();
        assertEquals(0, violations[0]);
        assertThrows(IllegalArgumentException.class, () -> sim.scheduleAt(sim.now() - 1, 0, () -> { }));
    }

    @Test
    void stopEndsTheRunAfterTheCurrentEvent() {
        Simulation sim = new Simulation(1);
        List<Double> times = new ArrayList<>();
        sim.schedule(1, () -> times.add(sim.now()));
        sim.schedule(2, () -> {
            times.add(sim.now());
            sim.stop();
        });
        sim.schedule(3, () -> times.add(sim.now()));
        sim.runUntil(100);
        assertEquals(List.of(1.0, 2.0), times);
        assertEquals(2.0, sim.now());
    }

    @Test
    void fingerprintIsReproducibleAndSensitiveToOrderAndTracedValues() {
        assertEquals(trace(false, 0), trace(false, 0));
        assertNotEquals(trace(false, 0), trace(true, 0), "swapping the priorities of simultaneous events must change the hash");
        assertNotEquals(trace(false, 0), trace(false, 1), "a different traced value must change the hash");
    }

    private static long trace(boolean swapPriorities, long tracedValue) {
        Simulation sim = new Simulation(1);
        sim.schedule(1.0, swapPriorities ? 1 : 0, () -> sim.trace(tracedValue));
        sim.schedule(1.0, swapPriorities ? 0 : 1, () -> sim.trace(42));
        sim.schedule(2.5, () -> { });
        sim.run();
        return sim.fingerprint();
    }

    @Test
    void everyFiresOncePerPeriodFromOnePeriodOnUntilTheEnd() {
        Simulation sim = new Simulation(1);
        java.util.List<Double> times = new java.util.ArrayList<>();
        sim.every(2.5, () -> times.add(sim.now()));
        sim.runUntil(10.0);
        assertEquals(java.util.List.of(2.5, 5.0, 7.5, 10.0), times);
        assertEquals(1, sim.pendingEvents(), "the next firing waits beyond the end");
    }
}
