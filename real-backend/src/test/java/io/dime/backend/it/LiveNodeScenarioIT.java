package io.dime.backend.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.ReplicationResult;
import io.dime.sim.World;
import io.dime.sim.catalog.Catalog;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.ScenarioLoader;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A scenario with one live node served by the build's llama-server (the tiny random llama) beside
 * two simulated H100s, run as the command line runs it: the scenario loader and {@link World}
 * find the {@code openai} backend type on the class path through {@link java.util.ServiceLoader}.
 * The run is paced, so its 25 simulated seconds take 25 seconds.
 */
class LiveNodeScenarioIT {

    private static final double DURATION_S = 25;

    /**
     * About 6 requests/s, one in three to the live node (round-robin over three nodes): 2/s of at
     * most 64 + 32 tokens, each under half a second on the tiny model with one compute thread
     * (README: 11-13 ms to prefill 16 tokens, 2-13 ms per step from 1 to 8 streams), so the
     * server is far from full and its 4 slots rarely all busy.
     */
    private static final String SCENARIO = """
            name: live-llama-server
            seed: 11
            duration: %ss
            nodes:
              - name: live
                gpu: rtx-4090
                model: llama-3-8b
                backend: {type: openai, url: '%s', slots: 4, timeout: 20s}
              - {name: simulated, count: 2, gpu: h100-sxm, model: llama-3-8b}
            workload:
              - name: chat
                arrival: {process: poisson, rate: 6/s}
                prompt_tokens: {dist: uniform, min: 16, max: 64}
                output_tokens: {dist: uniform, min: 8, max: 32}
            routing:
              policy: round-robin
            """;

    private RealServer server;

    @BeforeEach
    void requireServer() {
        server = RealServer.require();
    }

    @Test
    void aLiveNodeOnARealServerIsMeasuredBesideSimulatedNodesAndRequestsAreConserved() {
        Scenario scenario = new ScenarioLoader().parse(SCENARIO.formatted((int) DURATION_S, server.baseUrl));
        long start = System.nanoTime();
        ReplicationResult r = World.run(scenario, 0, Catalog.builtIn());
        double wallSeconds = (System.nanoTime() - start) * 1e-9;

        double arrived = r.metric("requests.arrived");
        double liveCompleted = r.metric("groups.live.completed");
        double simulatedCompleted = r.metric("groups.simulated.completed");
        double ttftP50 = r.metric("groups.live.ttft_ms.p50");
        double ttftP95 = r.metric("groups.live.ttft_ms.p95");
        double tpotP50 = r.metric("groups.live.tpot_ms.p50");
        double e2eP50 = r.metric("groups.live.e2e_ms.p50");
        double e2eP95 = r.metric("groups.live.e2e_ms.p95");
        System.out.printf(Locale.ROOT, "live node on llama-server: %.1f s of wall time; %.0f arrived, %.0f completed live and %.0f"
                        + " simulated, %.0f failed, %.0f in flight; live TTFT p50/p95 %.1f/%.1f ms, TPOT p50 %.2f ms,"
                        + " e2e p50/p95 %.1f/%.1f ms; simulated e2e p50 %.1f ms%n",
                wallSeconds, arrived, liveCompleted, simulatedCompleted, r.metric("requests.failed"),
                r.metric("requests.in_flight"), ttftP50, ttftP95, tpotP50, e2eP50, e2eP95, r.metric("groups.simulated.e2e_ms.p50"));

        assertTrue(wallSeconds >= DURATION_S && wallSeconds < DURATION_S + 5, "paced: " + wallSeconds + " s of wall time");
        assertEquals(arrived, r.metric("requests.completed") + r.metric("requests.failed") + r.metric("requests.dropped")
                + r.metric("requests.in_flight"), "requests are conserved");
        assertTrue(arrived > 100, "about 150 arrivals expected at 6/s for 25 s: " + arrived);
        assertTrue(liveCompleted >= 20, "the server answered a third of them: " + liveCompleted);
        assertTrue(simulatedCompleted >= 40, "simulated: " + simulatedCompleted);
        assertEquals(0, r.metric("live.live.failed"), "the server failed no request");
        assertEquals(0, r.metric("requests.failed"));
        assertEquals(0, r.metric("live.live.output_token_mismatches"), "exact output lengths, as the server counted them");
        assertEquals(r.metric("requests.completed"), liveCompleted + simulatedCompleted, "the live node's requests join the totals");

        assertTrue(ttftP50 > 0 && ttftP50 <= e2eP50, "TTFT p50 " + ttftP50 + " ms within e2e p50 " + e2eP50 + " ms");
        assertTrue(e2eP50 > 5 && e2eP50 < 5_000, "e2e p50 " + e2eP50 + " ms: a real answer, from the tiny model");
        assertTrue(tpotP50 > 0.5 && tpotP50 < 100, "TPOT p50 " + tpotP50 + " ms, as measured on this server (2-13 ms per step)");
    }
}
