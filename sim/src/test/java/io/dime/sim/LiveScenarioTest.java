package io.dime.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.catalog.Catalog;
import io.dime.sim.live.FakeLiveBackend;
import io.dime.sim.live.FakeLiveBackendFactory;
import io.dime.sim.live.LiveBackends;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.ScenarioLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scenarios with a live node, served by the in-process fake backend ({@code type: fake}, test
 * resources) beside simulated nodes. They run paced, so each lasts its duration in wall time
 * (at most 3 s); latency tolerances allow for a busy 2-core machine.
 */
class LiveScenarioTest {
    /** How much later than the fake's own delay a live latency may be: network, pacing lag, a loaded machine. */
    private static final double SLACK_MS = 150;

    private static final String MIXED = """
            name: live-and-simulated
            seed: 3
            duration: %s
            nodes:
              - name: live
                gpu: rtx-4090
                model: llama-3-8b
                backend: {type: fake, slots: 8, %s}
              - {name: simulated, gpu: rtx-4090, model: llama-3-8b, engine: queue, slots: 8, service: 100ms}
            workload:
              - {name: chat, arrival: {rate: 10/s}, prompt_tokens: 100, output_tokens: 20%s}
            routing:
              policy: round-robin
            """;

    private static Scenario scenario(String duration, String backendSettings, String workloadExtra) {
        return new ScenarioLoader().parse(MIXED.formatted(duration, backendSettings, workloadExtra));
    }

    private static void assertConserved(ReplicationResult r) {
        TimeoutAndClassesTest.assertConserved(r);
    }

    @Test
    void aLiveNodesRequestsAreMeasuredByItsServerAndJoinTheTotals() {
        Scenario scenario = scenario("3s", "first_token_ms: 150, total_ms: 400", "");
        assertEquals(1, scenario.replications(), "a live scenario runs once");
        FakeLiveBackendFactory factory = new FakeLiveBackendFactory();
        long start = System.nanoTime();
        ReplicationResult r = World.run(scenario, 0, Catalog.builtIn(), LiveBackends.of(List.of(factory)));
        double wallSeconds = (System.nanoTime() - start) * 1e-9;

        assertTrue(wallSeconds >= 3.0 && wallSeconds < 3.0 + 1.5, "a 3 s live scenario ran " + wallSeconds + " s of wall time");
        assertConserved(r);
        double live = r.metric("groups.live.completed");
        double simulated = r.metric("groups.simulated.completed");
        assertTrue(live >= 5 && simulated >= 5, "both groups served: live " + live + ", simulated " + simulated);
        assertEquals(r.metric("requests.completed"), live + simulated, "the live node's completions join the totals");
        assertEquals(0, r.metric("requests.failed"));
        assertEquals(0, r.metric("live.live.failed"));
        assertEquals(0, r.metric("live.live.output_token_mismatches"));

        for (String p : new String[] {"p50", "p95"}) {
            double ttft = r.metric("groups.live.ttft_ms." + p);
            double e2e = r.metric("groups.live.e2e_ms." + p);
            assertTrue(ttft >= 150 && ttft < 150 + SLACK_MS, "live TTFT " + p + " " + ttft + " ms, the fake answers after 150 ms");
            assertTrue(e2e >= 400 && e2e < 400 + SLACK_MS, "live e2e " + p + " " + e2e + " ms, the fake completes after 400 ms");
        }
        assertEquals(100, r.metric("groups.simulated.e2e_ms.p50"), 5, "the simulated node keeps its model's times");

        FakeLiveBackend fake = factory.opened().get(0);
        assertTrue(fake.isClosed(), "the backend is closed at the end of the run");
        assertEquals(live + r.metric("live.live.in_flight_at_end"), fake.sent(), "every request sent is completed or still in flight");
        assertTrue(r.metric("requests.in_flight") >= r.metric("live.live.in_flight_at_end"));
        assertEquals("8", fake.settings().get("slots"));
        assertEquals("60", fake.settings().get("timeout"), "the default timeout, in plain seconds");
        assertEquals(20, fake.requests().get(0).outputTokens());
    }

    @Test
    void aServerThatDiesMidRunGivesCountedFailuresAndTheRunCompletes() {
        // Through RunOutcome and the class path, as the command line runs it.
        RunOutcome outcome = RunOutcome.run(scenario("2s", "first_token_ms: 100, total_ms: 300, fail_after_ms: 1000", ""), 2);
        assertEquals(1, outcome.replications().size());
        ReplicationResult r = outcome.replications().get(0);
        assertConserved(r);
        double failed = r.metric("live.live.failed");
        assertTrue(failed >= 3, "requests sent to the dead server fail: " + failed);
        assertEquals(failed, r.metric("requests.failed"), "every failure is the live node's, and counted once");
        // The fake's reasons ("connection refused", "server died mid-stream") name no outcome class.
        assertEquals(failed, r.metric("live.live.failed_by_kind.other"), "failures by kind add up to the count");
        assertTrue(r.metric("groups.live.completed") >= 1, "before it died the server answered");
        assertTrue(r.metric("groups.simulated.completed") >= 5, "the simulated node is unaffected");
    }

    @Test
    void aClientThatGivesUpCancelsTheLiveRequestAndItsAnswerIsIgnored() {
        Scenario scenario = scenario("1500ms", "first_token_ms: 100, total_ms: 400", ", timeout: 250ms");
        FakeLiveBackendFactory factory = new FakeLiveBackendFactory();
        ReplicationResult r = World.run(scenario, 0, Catalog.builtIn(), LiveBackends.of(List.of(factory)));
        assertConserved(r);
        assertEquals(0, r.metric("groups.live.completed"), "the live server is too slow for a 250 ms timeout");
        assertTrue(r.metric("requests.timed_out") >= 2, "timed out: " + r.metric("requests.timed_out"));
        assertTrue(factory.opened().get(0).cancelled().size() >= 2, "the node told the server to stop");
        assertEquals(r.metric("groups.simulated.completed"), r.metric("requests.completed"));
    }

    @Test
    void aBackendTimeoutFailsTheRequestsItsServerDoesNotAnswerInTime() {
        Scenario scenario = scenario("1200ms", "first_token_ms: 100, total_ms: 500, timeout: 200ms", "");
        FakeLiveBackendFactory factory = new FakeLiveBackendFactory();
        ReplicationResult r = World.run(scenario, 0, Catalog.builtIn(), LiveBackends.of(List.of(factory)));
        assertConserved(r);
        assertTrue(r.metric("live.live.failed") >= 2, "failed: " + r.metric("live.live.failed"));
        assertEquals(r.metric("live.live.failed"), r.metric("requests.failed"));
        assertEquals(0, r.metric("groups.live.completed"));
        assertEquals("0.2", factory.opened().get(0).settings().get("timeout"));
    }

    @Test
    void aLiveScenarioHasOneReplication() {
        Scenario scenario = scenario("1s", "first_token_ms: 10, total_ms: 20", "");
        assertThrows(IllegalArgumentException.class, () -> scenario.withReplications(3));
        assertThrows(IllegalArgumentException.class, () -> World.run(scenario, 1, Catalog.builtIn(), LiveBackends.of(List.of(new FakeLiveBackendFactory()))));
    }

    @Test
    void aSettingTheBackendTypeRefusesIsALocatedErrorWhenTheScenarioLoads() {
        io.dime.sim.input.ScenarioException e = assertThrows(io.dime.sim.input.ScenarioException.class,
                () -> scenario("1s", "first_token_ms: soon", ""));
        assertEquals("nodes[0].backend", e.path());
        assertTrue(e.line() > 0 && e.column() > 0, "with line and column: " + e.getMessage());
        assertTrue(e.getMessage().contains("backend type 'fake' refuses these settings: first_token_ms"), e.getMessage());
    }
}
