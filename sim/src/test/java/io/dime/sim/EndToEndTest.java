package io.dime.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.output.RunWriter;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whole runs: determinism, pinned fingerprints, conservation, common random numbers. */
class EndToEndTest {
    static final String NETWORK = """
            name: small
            seed: 42
            duration: 20min
            warmup: 2min
            replications: 4
            nodes:
              - {name: gamers, count: 12, gpu: rtx-4090, model: llama-3-8b, regions: {us-east: 0.5, eu-west: 0.5}, max_queue: 20}
              - {name: cloud, kind: centralized, count: 2, gpu: h100-sxm, model: llama-3-8b, region: us-east, price_per_mtok: 15}
            workload:
              - name: chat
                arrival: {process: poisson, rate: %s}
                prompt_tokens: {dist: lognormal, median: 512, sigma: 0.8, max: 4096}
                output_tokens: {dist: lognormal, median: 200, sigma: 0.7, max: 1024}
                slo: {ttft: 500ms, e2e: 10s}
            routing: {policy: %s}
            """;

    static Scenario network(String rate, String policy) {
        return new ScenarioLoader().parse(NETWORK.formatted(rate, policy));
    }

    @Test
    void sameSeedGivesByteIdenticalSummaryWhateverTheThreadCount() {
        Scenario scenario = network("3/s", "power-of-two");
        String one = RunWriter.summaryJson(RunOutcome.run(scenario, 1));
        String two = RunWriter.summaryJson(RunOutcome.run(scenario, 2));
        String four = RunWriter.summaryJson(RunOutcome.run(scenario, 4));
        assertEquals(one, two);
        assertEquals(one, four);
        assertEquals(RunWriter.nodesCsv(RunOutcome.run(scenario, 1)), RunWriter.nodesCsv(RunOutcome.run(scenario, 3)));
        assertNotEquals(one, RunWriter.summaryJson(RunOutcome.run(scenario.withSeed(43), 2)), "another seed must change the result");
    }

    @Test
    void moneyAloneMovesTheFingerprint() {
        // A price changes no event time or order, only what is paid: the fingerprint must still see it.
        String text = NETWORK.formatted("3/s", "power-of-two").replace("price_per_mtok: 15", "price_per_mtok: %s");
        RunOutcome dear = RunOutcome.run(new ScenarioLoader().parse(text.formatted("15")), 1);
        RunOutcome cheap = RunOutcome.run(new ScenarioLoader().parse(text.formatted("14")), 1);
        for (int r = 0; r < dear.replications().size(); r++) {
            assertEquals(dear.replications().get(r).eventsFired(), cheap.replications().get(r).eventsFired(), "the same events");
            assertNotEquals(dear.replications().get(r).fingerprint(), cheap.replications().get(r).fingerprint(), "another price, another fingerprint");
        }
    }

    @Test
    void eventTraceFingerprintsArePinned() {
        // Golden: any change in behaviour (ordering, sampling, routing, service) changes these on
        // purpose. When a change is intended, update them in the same commit and say why.
        RunOutcome outcome = RunOutcome.run(network("3/s", "power-of-two"), 2);
        List<String> fingerprints = outcome.replications().stream().map(ReplicationResult::fingerprint).toList();
        assertEquals(GOLDEN_FINGERPRINTS, fingerprints);
    }

    @Test
    void requestsAreConservedInEveryReplication() {
        // Overloaded on purpose (short queues) so that drops and in-flight requests both occur.
        for (String rate : List.of("1/s", "3/s", "60/s")) {
            RunOutcome outcome = RunOutcome.run(network(rate, "least-loaded"), 2);
            for (ReplicationResult r : outcome.replications()) {
                double arrived = r.metric("requests.arrived");
                double accounted = r.metric("requests.completed") + r.metric("requests.failed")
                        + r.metric("requests.dropped") + r.metric("requests.in_flight");
                assertEquals(arrived, accounted, "arrived = completed + failed + dropped + in flight at " + rate);
                assertTrue(arrived > 0);
            }
        }
        RunOutcome overloaded = RunOutcome.run(network("60/s", "least-loaded"), 2);
        assertTrue(overloaded.summary().get("requests.dropped").mean() > 0, "the overloaded case must drop requests");
        assertTrue(overloaded.summary().get("requests.in_flight").mean() > 0);
    }

    @Test
    void moneyAddsUp() {
        RunOutcome outcome = RunOutcome.run(network("3/s", "power-of-two"), 2);
        for (ReplicationResult r : outcome.replications()) {
            double tokens = r.metric("throughput.tokens_per_s") * (20 - 2) * 60;
            double paidByUsers = r.metric("cost_per_mtok_usd.users") * tokens / 1e6;
            double operatorCost = r.metric("cost_per_mtok_usd.operators") * tokens / 1e6;
            double operatorRevenue = r.metric("operator_profit_usd") + operatorCost;
            assertEquals(paidByUsers, operatorRevenue + r.metric("protocol_revenue_usd"), 1e-6 * paidByUsers,
                    "what users pay = what operators earn + what the protocol keeps");
            double nodeRevenue = r.nodes().stream().mapToDouble(ReplicationResult.NodeRow::revenueUsd).sum();
            assertEquals(operatorRevenue, nodeRevenue, 1e-6 * operatorRevenue);
        }
    }

    @Test
    void routingPolicyDoesNotChangeTheArrivals() {
        // Common random numbers: arrivals and lengths come from their own streams, so two
        // scenarios that differ only in routing see exactly the same requests.
        RunOutcome random = RunOutcome.run(network("3/s", "random"), 2);
        RunOutcome leastLoaded = RunOutcome.run(network("3/s", "least-loaded"), 2);
        for (int i = 0; i < random.replications().size(); i++) {
            assertEquals(random.replications().get(i).metric("requests.arrived"), leastLoaded.replications().get(i).metric("requests.arrived"));
        }
        assertTrue(leastLoaded.summary().get("queue_ms.mean").mean() < random.summary().get("queue_ms.mean").mean(),
                "joining the shortest queue must wait less than random routing");
    }

    @Test
    void runFolderHoldsTheOutputContract(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        RunOutcome outcome = RunOutcome.run(network("3/s", "power-of-two").withReplications(2), 2);
        Path folder = dir.resolve("run");
        RunWriter.write(folder, outcome);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(folder.resolve("summary.json").toFile());
        assertEquals("small", json.get("scenario").asText());
        assertEquals(2, json.get("replications").asInt());
        for (String metric : List.of("ttft_ms", "tpot_ms", "e2e_ms", "queue_ms")) {
            for (String stat : List.of("p50", "p95", "p99", "mean")) {
                var estimate = json.get("metrics").get(metric).get(stat);
                assertTrue(estimate.get("mean").isNumber(), metric + "." + stat);
                assertEquals(2, estimate.get("ci95").size());
                assertEquals(2, estimate.get("values").size());
            }
        }
        for (String path : List.of("throughput/tokens_per_s", "throughput/requests_per_s", "requests/arrived", "requests/completed",
                "requests/failed", "requests/dropped", "slo_attainment", "utilization", "cost_per_mtok_usd/users",
                "cost_per_mtok_usd/operators", "operator_profit_usd")) {
            assertTrue(json.get("metrics").at("/" + path).get("mean").isNumber(), path);
        }
        Scenario reread = new ScenarioLoader().load(folder.resolve("scenario.resolved.yaml"));
        assertEquals(outcome.scenario(), reread);
        List<String> csv = java.nio.file.Files.readAllLines(folder.resolve("nodes.csv"));
        assertEquals(1 + 2 * 14, csv.size(), "a header and one row per node per replication");
    }

    private static final List<String> GOLDEN_FINGERPRINTS = List.of("bd8ffbf0b4fdb9f5", "3e45a617f72e3547", "39658c5fba06643e", "ac2da8971fcb8530");
}
