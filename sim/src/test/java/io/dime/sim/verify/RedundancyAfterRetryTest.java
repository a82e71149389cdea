package io.dime.sim.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.RunOutcome;
import io.dime.sim.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

/**
 * Found by the generator property: with one node that churns, a request's first attempt can
 * find no node up, so it is first sent on a retry. Redundancy started its replicas only on an
 * attempt numbered 0 and then failed on the result (NullPointerException); it now starts them at
 * the first send, whichever attempt that is.
 */
class RedundancyAfterRetryTest {
    @Test
    void redundancyVerifiesARequestFirstSentOnARetry() {
        var scenario = new ScenarioLoader().parse("""
                name: retried
                seed: 251
                duration: 4min
                warmup: 10s
                replications: 2
                regions: [us-east, eu-west, ap-south]
                nodes:
                  - {name: g0, count: 1, gpu: h100-sxm, model: llama-3-8b, region: eu-west, cost_per_hour: 0.975, availability: {mtbf: 23min, mttr: 1min}}
                workload:
                  - {name: c0, model: llama-3-8b, arrival: {process: closed, clients: 6, think_time: 1s},
                     prompt_tokens: {dist: lognormal, median: 237, sigma: 0.5, max: 2048},
                     output_tokens: {dist: lognormal, median: 204, sigma: 0.5, max: 512}, slo: {ttft: 1s, e2e: 20s}}
                routing: {policy: cheapest}
                market: {pricing: auction-request, price_per_mtok: 3.69, protocol_fee: 0.0486}
                verification: {scheme: redundancy, rate: 0.0921}
                """);
        RunOutcome outcome = RunOutcome.run(scenario, 1);
        double arrived = outcome.summary().get("requests.arrived").mean();
        assertTrue(arrived > 100, "requests arrived: " + arrived);
        double accounted = outcome.summary().get("requests.completed").mean() + outcome.summary().get("requests.failed").mean()
                + outcome.summary().get("requests.timed_out").mean() + outcome.summary().get("requests.dropped").mean()
                + outcome.summary().get("requests.in_flight").mean();
        assertEquals(arrived, accounted, 1e-9);
    }
}
