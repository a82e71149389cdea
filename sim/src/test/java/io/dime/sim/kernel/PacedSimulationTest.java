package io.dime.sim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Wall-clock pacing. Tolerances are generous (a 2-core machine with other builds running):
 * what matters is that nothing fires early, nothing is lost or reordered, and a paced run
 * lasts about as long as it says. Each test takes at most a second or two of wall time.
 */
class PacedSimulationTest {
    private static final double MAX_LAG_SECONDS = 0.2;
    private static final double RUN_TOLERANCE_SECONDS = 0.3;

    @Test
    void pacedEventsFireNoEarlierThanTheirWallTimeAndTheRunLastsUntilTheEnd() {
        Simulation sim = new Simulation(1);
        sim.paceToWallClock();
        double[] due = {0.1, 0.3, 0.6};
        double[] firedAfter = new double[due.length];
        long start = System.nanoTime();
        for (int i = 0; i < due.length; i++) {
            int k = i;
            sim.schedule(due[i], () -> firedAfter[k] = (System.nanoTime() - start) * 1e-9);
        }
        sim.runUntil(1.0); // no events after 0.6 s: the run still waits for the end
        double total = (System.nanoTime() - start) * 1e-9;
        for (int i = 0; i < due.length; i++) {
            assertTrue(firedAfter[i] >= due[i], "event due at " + due[i] + " s fired early, after " + firedAfter[i] + " s");
            assertTrue(firedAfter[i] - due[i] < MAX_LAG_SECONDS, "event due at " + due[i] + " s fired late, after " + firedAfter[i] + " s");
        }
        assertEquals(1.0, total, RUN_TOLERANCE_SECONDS, "a paced run to 1 s lasts about 1 s of wall time");
        assertEquals(1.0, sim.now());
        assertEquals(3, sim.eventsFired());
    }

    @Test
    void postedEventsFireInOrderAtMonotoneTimesBetweenScheduledOnes() throws InterruptedException {
        Simulation sim = new Simulation(1);
        sim.paceToWallClock();
        List<String> fired = new ArrayList<>(); // only the simulation thread touches it
        List<Double> times = new ArrayList<>();
        for (double t : new double[] {0.05, 0.35, 0.65}) {
            sim.schedule(t, () -> {
                fired.add("scheduled@" + t);
                times.add(sim.now());
            });
        }
        int posts = 6;
        double[] postedAfter = new double[posts];
        CountDownLatch started = new CountDownLatch(1);
        Thread poster = new Thread(() -> {
            try {
                started.await();
                long begin = System.nanoTime();
                for (int i = 0; i < posts; i++) {
                    Thread.sleep(100);
                    int k = i;
                    postedAfter[k] = (System.nanoTime() - begin) * 1e-9;
                    sim.post(() -> {
                        fired.add("posted#" + k);
                        times.add(sim.now());
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "poster");
        poster.setDaemon(true);
        poster.start();
        sim.schedule(0, started::countDown);
        sim.runUntil(0.9);
        poster.join(TimeUnit.SECONDS.toMillis(5));

        List<String> postedOrder = fired.stream().filter(s -> s.startsWith("posted")).toList();
        assertEquals(List.of("posted#0", "posted#1", "posted#2", "posted#3", "posted#4", "posted#5"), postedOrder);
        for (int i = 1; i < times.size(); i++) {
            assertTrue(times.get(i) >= times.get(i - 1), "time went backwards: " + fired + " at " + times);
        }
        // Posted events are interleaved with scheduled ones by time, not queued behind them.
        int scheduled35 = fired.indexOf("scheduled@0.35");
        assertTrue(fired.indexOf("posted#0") < scheduled35 && fired.indexOf("posted#4") > scheduled35, fired.toString());
        for (int i = 0; i < posts; i++) {
            double at = times.get(fired.indexOf("posted#" + i));
            // The poster started at simulated time 0 (give or take scheduling), so a post after
            // x wall seconds fires near simulated x: never long after it, never far before it.
            assertTrue(at > postedAfter[i] - 0.05 && at < postedAfter[i] + MAX_LAG_SECONDS,
                    "posted#" + i + " after " + postedAfter[i] + " s of wall time fired at simulated " + at + " s");
        }
    }

    @Test
    void aPostedEventWakesASleepingLoopAndCanStopIt() {
        Simulation sim = new Simulation(1);
        sim.paceToWallClock();
        Thread poster = new Thread(() -> {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                return;
            }
            sim.post(sim::stop);
        }, "stopper");
        poster.setDaemon(true);
        long start = System.nanoTime();
        poster.start();
        sim.run(); // paced and with nothing scheduled: only the posted stop ends it
        double wall = (System.nanoTime() - start) * 1e-9;
        assertTrue(wall < 0.15 + MAX_LAG_SECONDS + 0.3, "stopped after " + wall + " s");
        assertTrue(sim.now() > 0.1 && sim.now() < 0.15 + MAX_LAG_SECONDS + 0.3, "stopped at simulated " + sim.now());
    }

    @Test
    void postWithoutPacingIsRejected() {
        Simulation sim = new Simulation(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sim.post(() -> { }));
        assertTrue(e.getMessage().contains("paceToWallClock()"), e.getMessage());
    }

    @Test
    void aPacedSimulationDoesNotRunToACondition() {
        Simulation sim = new Simulation(1);
        sim.paceToWallClock();
        assertThrows(IllegalStateException.class, () -> sim.runUntil(() -> true));
    }
}
