package io.dime.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.metrics.Estimate;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

/**
 * The kernel and the queueing node against queueing theory. With exponential service a node
 * with c slots fed by Poisson arrivals is an M/M/c queue; its mean wait in queue is
 * Wq = C(c, a) / (c·μ − λ), with C the Erlang C probability of waiting and a = λ/μ.
 */
class TheoryTest {

    /** Erlang C: probability an arrival waits, for c servers and offered load a = λ/μ (a &lt; c). */
    static double erlangC(int c, double a) {
        double term = 1; // a^k / k!
        double sum = 0;
        for (int k = 0; k < c; k++) {
            sum += term;
            term *= a / (k + 1);
        }
        double rho = a / c;
        double waiting = term / (1 - rho); // a^c / c! / (1 − ρ)
        return waiting / (sum + waiting);
    }

    static Scenario queue(int slots, String rate, String meanService, long seed, int replications, String duration) {
        return new ScenarioLoader().parse("""
                name: mmc
                seed: %d
                duration: %s
                warmup: 10min
                replications: %d
                network: {base_rtt: 0s}
                nodes:
                  - {name: server, gpu: h100-sxm, model: llama-3-8b, slots: %d, max_queue: 1000000,
                     service: {dist: exponential, mean: %s}}
                workload:
                  - {name: jobs, arrival: {process: poisson, rate: %s}, prompt_tokens: 1, output_tokens: 1}
                routing: {policy: random}
                """.formatted(seed, duration, replications, slots, meanService, rate));
    }

    @Test
    void erlangCMatchesKnownValues() {
        assertEquals(0.5, erlangC(1, 0.5), 1e-12, "M/M/1: probability of waiting is rho");
        // c = 2, a = 1: C = (1/2 · 1/(1 − 1/2)) / (1 + 1 + 1) = 1/3
        assertEquals(1.0 / 3, erlangC(2, 1.0), 1e-12);
    }

    @Test
    void mm1MeanQueueWaitMatchesTheory() {
        // λ = 5/s, mean service 100 ms: ρ = 0.5, Wq = ρ/(μ − λ) = 0.5/5 s = 100 ms.
        assertCalibrated(100.0, seed -> queue(1, "5/s", "100ms", seed, 5, "2h"));
        RunOutcome one = RunOutcome.run(queue(1, "5/s", "100ms", 1, 5, "2h"), 2);
        assertEquals(0.5, one.summary().get("utilization").mean(), 0.01);
    }

    @Test
    void mmcMeanQueueWaitMatchesErlangC() {
        // c = 4, λ = 30/s, μ = 10/s: a = 3, ρ = 0.75.
        int c = 4;
        double lambda = 30;
        double mu = 10;
        double expectedMs = erlangC(c, lambda / mu) / (c * mu - lambda) * 1e3;
        assertEquals(50.943, expectedMs, 1e-3, "Erlang C for c=4, a=3 (tables: C = 0.5094)");
        assertCalibrated(expectedMs, seed -> queue(c, "30/s", "100ms", seed, 5, "1h"));
        RunOutcome one = RunOutcome.run(queue(c, "30/s", "100ms", 1, 5, "1h"), 2);
        assertEquals(0.75, one.summary().get("utilization").mean(), 0.01);
        // Mean time in system = Wq + 1/μ.
        assertCovered(expectedMs + 100, one.summary().get("e2e_ms.mean"));
    }

    @Test
    void littlesLawHoldsInEveryReplication() {
        RunOutcome outcome = RunOutcome.run(queue(3, "25/s", "100ms", 13, 4, "3h"), 2);
        for (ReplicationResult r : outcome.replications()) {
            double l = r.metric("little.requests_in_system");
            double lambda = r.metric("little.admitted_per_s");
            double w = r.metric("e2e_ms.mean") / 1e3;
            assertEquals(l, lambda * w, 0.02 * l, "L = λW in replication " + r.replication());
        }
    }

    /**
     * The 95% interval of one run covers the truth in 95% of runs, not in every one. So run 20
     * independent seeds: an unbiased simulator covers the analytic value in at least 16 of them
     * with probability 99.7% (binomial, n = 20, p = 0.95), while a bias of a few percent drops
     * the coverage far below that. The pooled mean must also sit within 2% of the theory.
     */
    private static void assertCalibrated(double expected, java.util.function.LongFunction<Scenario> scenario) {
        int covered = 0;
        double pooled = 0;
        int seeds = 20;
        StringBuilder log = new StringBuilder();
        for (long seed = 1; seed <= seeds; seed++) {
            Estimate wait = RunOutcome.run(scenario.apply(seed), 2).summary().get("queue_ms.mean");
            covered += wait.covers(expected) ? 1 : 0;
            pooled += wait.mean() / seeds;
            log.append(String.format(java.util.Locale.ROOT, "%n  seed %d: %.2f [%.2f, %.2f]", seed, wait.mean(), wait.low(), wait.high()));
        }
        int coveredFinal = covered;
        assertTrue(covered >= 16, () -> "the 95% CI covered " + expected + " in only " + coveredFinal + " of 20 seeds:" + log);
        assertEquals(expected, pooled, 0.02 * expected, () -> "pooled mean over 20 seeds:" + log);
    }

    /** The analytic value must lie in the 95% interval, and the interval must be narrow enough to mean something. */
    private static void assertCovered(double expected, Estimate estimate) {
        assertTrue(estimate.covers(expected), () -> "expected " + expected + " inside the 95% CI [" + estimate.low() + ", " + estimate.high() + "], mean " + estimate.mean());
        assertTrue(estimate.halfWidth() < 0.1 * expected, () -> "CI half-width " + estimate.halfWidth() + " is too wide to test " + expected);
    }
}
