package io.dime.sim.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.ReplicationResult;
import io.dime.sim.RunOutcome;
import io.dime.sim.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

/** Jitter metrics: exact on known samples, and what nodes that fail mid-answer do to them. */
class JitterTest {
    @Test
    void theCoefficientOfVariationIsTheSampleStandardDeviationOverTheMean() {
        LatencyRecorder r = new LatencyRecorder();
        assertTrue(Double.isNaN(r.coefficientOfVariation()), "empty");
        r.record(1);
        assertTrue(Double.isNaN(r.coefficientOfVariation()), "one sample has no spread");
        r.record(2);
        r.record(3);
        assertEquals(0.5, r.coefficientOfVariation(), 1e-12, "sd 1 (n - 1) over mean 2");
        LatencyRecorder same = new LatencyRecorder();
        for (int i = 0; i < 1000; i++) {
            same.record(0.25);
        }
        assertEquals(0, same.coefficientOfVariation(), 1e-6, "identical samples: no spread");
    }

    /** One group of eight RTX 4090s serving fixed-length requests; %s: the group's availability, or nothing. */
    private static final String FLEET = """
            name: jitter
            seed: 5
            duration: 6h
            warmup: 10min
            replications: 1
            routing: {retries: 2}
            nodes:
              - {name: fleet, count: 8, gpu: rtx-4090, model: llama-3-8b, region: us-east%s}
            workload:
              - {name: chat, arrival: {process: poisson, rate: 1/s}, region: us-east, prompt_tokens: 400, output_tokens: 200}
            """;

    private static ReplicationResult run(String availability) {
        return RunOutcome.run(new ScenarioLoader().parse(FLEET.formatted(availability)), 1).replications().get(0);
    }

    @Test
    void nodesThatFailMidAnswerSpreadTheAnswersTheyInterrupt() {
        ReplicationResult steady = run("");
        ReplicationResult churning = run(", availability: {mtbf: 20min, mttr: 5min}");
        assertTrue(steady.metric("jitter.ttft_p99_over_p50") >= 1, "a p99 is never below the median");
        assertTrue(churning.metric("requests.retries") > 0, "failing nodes send requests round again");
        // A request whose node fails mid-answer starts over elsewhere: its time per output token
        // grows, so the spread of TPOT over requests widens, though few requests (under 1%) are hit.
        assertTrue(churning.metric("jitter.tpot_cv") > 2 * steady.metric("jitter.tpot_cv"),
                "TPOT CV " + churning.metric("jitter.tpot_cv") + " with churn, " + steady.metric("jitter.tpot_cv") + " without");
        assertTrue(churning.metric("requests.retries") < 0.01 * churning.metric("requests.arrived"), "so the p99s barely move");
        assertEquals(churning.metric("ttft_ms.p99") / churning.metric("ttft_ms.p50"), churning.metric("jitter.ttft_p99_over_p50"), 1e-12);
        assertEquals(churning.metric("max_itl_ms.p99") / churning.metric("tpot_ms.p50"), churning.metric("jitter.stall_over_gap"), 1e-12);
    }
}
