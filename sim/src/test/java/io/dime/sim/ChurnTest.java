package io.dime.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.ScenarioLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Nodes that fail and return (exponential MTBF and MTTR) or that their owners switch off at
 * night (a daily curve): the measured availability against the alternating-renewal value
 * MTBF / (MTBF + MTTR) and against the curve, what happens to the requests they held, and
 * what operators pay for machines that are online only part of the time.
 */
class ChurnTest {
    private static final String CHURN = """
            name: churn
            seed: 17
            duration: 3d
            replications: 2
            routing: {retries: %d}
            nodes:
              - {name: home, count: 60, gpu: rtx-4090, model: llama-3-8b, region: us-east, availability: {mtbf: 2h, mttr: 30min}}
              - {name: dc, count: 2, gpu: rtx-4090, model: llama-3-8b, region: us-east}
            workload:
              - {name: chat, arrival: {process: poisson, rate: 0.2/s}, region: us-east, prompt_tokens: 256, output_tokens: 200}
            """;

    static Scenario parse(String text) {
        return new ScenarioLoader().parse(text);
    }

    static void assertConserved(ReplicationResult r) {
        assertEquals(r.metric("requests.arrived"), r.metric("requests.completed") + r.metric("requests.failed")
                + r.metric("requests.dropped") + r.metric("requests.in_flight"), "conservation in replication " + r.replication());
    }

    static double meanAvailability(ReplicationResult r, String group) {
        return r.nodes().stream().filter(n -> n.group().equals(group)).mapToDouble(ReplicationResult.NodeRow::availability).average().orElseThrow();
    }

    @Test
    void availabilityIsMtbfOverMtbfPlusMttr() {
        RunOutcome outcome = RunOutcome.run(parse(CHURN.formatted(2)), 2);
        double expected = 2.0 / (2.0 + 0.5);
        for (ReplicationResult r : outcome.replications()) {
            assertEquals(expected, meanAvailability(r, "home"), 0.03, "60 nodes, 3 days, about 29 failure cycles each");
            assertEquals(1.0, meanAvailability(r, "dc"), 1e-12, "nodes without availability never go down");
            double all = r.metric("nodes.availability");
            assertEquals((60 * meanAvailability(r, "home") + 2) / 62, all, 1e-9, "nodes.availability is the mean over nodes");
        }
    }

    @Test
    void requestsLostToFailingNodesAreRetriedAndConserved() {
        RunOutcome outcome = RunOutcome.run(parse(CHURN.formatted(2)), 2);
        for (ReplicationResult r : outcome.replications()) {
            assertConserved(r);
            assertTrue(r.metric("requests.retries") > 10, "a node going down hands its requests back for retry");
            assertEquals(0, r.metric("requests.failed"), "with 2 retries and 48 other nodes up, none is lost");
        }
    }

    @Test
    void requestsAreConservedUnderHeavyChurnWithDropsAndFailures() {
        // Short queues, fast failures and overload: every way out occurs at once.
        RunOutcome outcome = RunOutcome.run(parse("""
                name: stormy
                seed: 5
                duration: 20min
                replications: 3
                routing: {retries: 1, retry_delay: 50ms}
                nodes:
                  - {name: home, count: 6, gpu: rtx-4090, model: llama-3-8b, region: us-east, max_queue: 3,
                     availability: {mtbf: 2min, mttr: 1min}}
                workload:
                  - {name: chat, arrival: {process: poisson, rate: 15/s}, region: us-east, prompt_tokens: 512, output_tokens: 100}
                """), 2);
        for (ReplicationResult r : outcome.replications()) {
            assertConserved(r);
            for (String metric : List.of("requests.completed", "requests.failed", "requests.dropped", "requests.in_flight", "requests.retries")) {
                assertTrue(r.metric(metric) > 0, metric + " in replication " + r.replication());
            }
        }
    }

    @Test
    void withoutRetriesRequestsHeldByAFailingNodeFail() {
        RunOutcome noRetries = RunOutcome.run(parse(CHURN.formatted(0)), 2);
        RunOutcome twoRetries = RunOutcome.run(parse(CHURN.formatted(2)), 2);
        for (int i = 0; i < 2; i++) {
            ReplicationResult r = noRetries.replications().get(i);
            assertConserved(r);
            assertEquals(0, r.metric("requests.retries"));
            assertTrue(r.metric("requests.failed") > 10, "requests in service when their node went down: " + r.metric("requests.failed"));
            assertEquals(0, r.metric("requests.timed_out"), "no class has a timeout: every failure is a lost node");
            // Churn and arrivals draw from their own streams, so both runs see the same failures
            // and the same requests; with retries the lost ones complete elsewhere instead.
            ReplicationResult retried = twoRetries.replications().get(i);
            assertEquals(r.metric("nodes.availability"), retried.metric("nodes.availability"), 1e-12);
            assertEquals(r.metric("requests.arrived"), retried.metric("requests.arrived"));
            assertEquals(0, retried.metric("requests.failed"));
            assertTrue(retried.metric("requests.completed") > r.metric("requests.completed"));
        }
    }

    /** 20% of nodes stay on from 0:00 to 8:00 local time, all of them the rest of the day. */
    private static final String DAILY = """
            name: daily
            seed: 17
            duration: 2d
            replications: 3
            nodes:
              - {name: home, count: 200, gpu: rtx-4090, model: llama-3-8b, regions: {us-east: 0.5, eu-west: 0.5},
                 availability: {daily: [0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}}
            workload:
              - {name: chat, arrival: {process: poisson, rate: 0.2/s}, region: us-east, prompt_tokens: 256, output_tokens: 200}
            """;

    @Test
    void dailyCurveAvailabilityOverWholeDaysIsTheMeanOfTheCurve() {
        RunOutcome outcome = RunOutcome.run(parse(DAILY), 2);
        double curveMean = (8 * 0.2 + 16 * 1.0) / 24;
        assertEquals(curveMean, outcome.summary().get("nodes.availability").mean(), 0.03);
        for (ReplicationResult r : outcome.replications()) {
            assertEquals(curveMean, r.metric("nodes.availability"), 0.04, "replication " + r.replication());
            assertConserved(r);
            int allNight = 0;
            for (ReplicationResult.NodeRow node : r.nodes()) {
                // A node draws its threshold once, so it is either among those on all night, or
                // off for exactly the same 8 local hours every day (16 of 24 hours on).
                boolean onAllNight = Math.abs(node.availability() - 1.0) < 1e-9;
                assertTrue(onAllNight || Math.abs(node.availability() - 16.0 / 24) < 1e-9, "node " + node.node() + " availability " + node.availability());
                allNight += onAllNight ? 1 : 0;
            }
            assertEquals(0.2 * 200, allNight, 20, "about 20% of 200 nodes stay on at night");
        }
    }

    @Test
    void operatorsPayOnlyWhileTheirNodesAreOnline() {
        Scenario scenario = parse(CHURN.formatted(2));
        double pricePerHour = scenario.nodes().get(0).costPerHourUsd();
        assertEquals(0.34, pricePerHour, 1e-12, "RTX 4090 catalog price");
        RunOutcome outcome = RunOutcome.run(scenario, 2);
        double windowHours = 72;
        for (ReplicationResult r : outcome.replications()) {
            ReplicationResult.NodeRow leastOnline = null;
            for (ReplicationResult.NodeRow node : r.nodes()) {
                assertEquals(pricePerHour * node.availability() * windowHours, node.costUsd(), 1e-9, "node " + node.node());
                if (leastOnline == null || node.availability() < leastOnline.availability()) {
                    leastOnline = node;
                }
            }
            double alwaysOn = r.nodes().stream().filter(n -> n.group().equals("dc")).mapToDouble(ReplicationResult.NodeRow::costUsd).max().orElseThrow();
            assertEquals(pricePerHour * windowHours, alwaysOn, 1e-9, "an always-on node pays every hour");
            assertTrue(leastOnline.costUsd() < 0.9 * alwaysOn, "least-online node pays " + leastOnline.costUsd() + " against " + alwaysOn);
            double homeCost = r.nodes().stream().filter(n -> n.group().equals("home")).mapToDouble(ReplicationResult.NodeRow::costUsd).sum();
            assertEquals(60 * alwaysOn * meanAvailability(r, "home"), homeCost, 1e-6, "group cost scales with its availability");
        }
    }
}
