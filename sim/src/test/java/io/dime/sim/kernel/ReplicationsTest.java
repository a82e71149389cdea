package io.dime.sim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicationsTest {

    @Test
    void resultsAreInReplicationOrderWhateverTheThreadCount() {
        List<Long> one = Replications.run(12, 1, ReplicationsTest::simulate);
        List<Long> four = Replications.run(12, 4, ReplicationsTest::simulate);
        assertEquals(one, four);
        assertEquals(12, one.stream().distinct().count(), "each replication has its own seed");
    }

    @Test
    void aFailingReplicationFailsTheRun() {
        assertThrows(IllegalStateException.class, () -> Replications.run(3, 2, i -> {
            if (i == 1) {
                throw new IllegalStateException("boom");
            }
            return i;
        }));
    }

    /** A small simulation whose fingerprint depends on its seed. */
    private static long simulate(int replication) {
        Simulation sim = new Simulation(Replications.seedOf(99, replication));
        var random = sim.random().stream("gaps");
        Event[] tick = new Event[1];
        tick[0] = () -> {
            if (sim.now() < 1000) {
                sim.schedule(random.nextDouble(), tick[0]);
            }
        };
        sim.schedule(0, tick[0]);
        sim.run();
        return sim.fingerprint();
    }
}
