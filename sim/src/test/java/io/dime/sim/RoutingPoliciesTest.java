package io.dime.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.catalog.Catalog;
import io.dime.sim.network.Network;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

/**
 * Each routing policy does what its name promises, seen from outside: where requests are
 * served (node rows, sampled request rows) and what latency clients see as a result.
 */
class RoutingPoliciesTest {

    static Scenario parse(String text) {
        return new ScenarioLoader().parse(text);
    }

    /** Requests served by the nodes of {@code group} in replication {@code r}. */
    static long servedBy(ReplicationResult r, String group) {
        return r.nodes().stream().filter(n -> n.group().equals(group)).mapToLong(ReplicationResult.NodeRow::served).sum();
    }

    static double rttSeconds(Scenario scenario, String from, String to) {
        Network network = Network.build(scenario.network(), Catalog.builtIn(), scenario.regions());
        return network.baseRttSeconds(network.regionIndex(from), network.regionIndex(to));
    }

    static void assertConserved(RunOutcome outcome) {
        for (ReplicationResult r : outcome.replications()) {
            assertEquals(r.metric("requests.arrived"), r.metric("requests.completed") + r.metric("requests.failed")
                    + r.metric("requests.dropped") + r.metric("requests.in_flight"), "conservation in replication " + r.replication());
        }
    }

    // ---------------------------------------------------------------- nearest

    private static final String TWO_REGIONS = """
            name: nearest
            seed: 7
            duration: 5min
            replications: 2
            output: {requests_sample: 1}
            nodes:
              - {name: us, count: 4, gpu: h100-sxm, model: llama-3-8b, region: us-east}
              - {name: eu, count: 4, gpu: h100-sxm, model: llama-3-8b, region: eu-west}
            workload:
              - {name: chat, arrival: {process: poisson, rate: 2/s}, region: eu-west, prompt_tokens: 256, output_tokens: 50}
            routing: {policy: %s}
            """;

    @Test
    void nearestServesEuWestClientsFromEuWestNodesOnly() {
        Scenario scenario = parse(TWO_REGIONS.formatted("nearest"));
        RunOutcome nearest = RunOutcome.run(scenario, 2);
        for (ReplicationResult r : nearest.replications()) {
            assertEquals(0, servedBy(r, "us"), "no eu-west request may cross the Atlantic while eu-west nodes are up");
            assertEquals(r.metric("requests.completed"), servedBy(r, "eu"));
            assertTrue(servedBy(r, "eu") > 400);
        }
        // A request served from us-east pays at least the transatlantic round trip (about 100 ms);
        // served locally, TTFT is the local round trip, the API overhead, a prefill and one step.
        double transatlanticMs = rttSeconds(scenario, "eu-west", "us-east") * 1e3;
        assertTrue(transatlanticMs > 80, "Dublin-Ashburn round trip " + transatlanticMs);
        double nearestTtft = nearest.summary().get("ttft_ms.mean").mean();
        assertTrue(nearestTtft < transatlanticMs / 2, "nearest TTFT " + nearestTtft + " ms against RTT " + transatlanticMs);
        // Random routing sends about half the requests across, which costs half the round trip on average.
        double randomTtft = RunOutcome.run(parse(TWO_REGIONS.formatted("random")), 2).summary().get("ttft_ms.mean").mean();
        assertEquals(transatlanticMs / 2, randomTtft - nearestTtft, 0.15 * transatlanticMs,
                "random pays about half the transatlantic round trip more than nearest");
    }

    @Test
    void nearestKeepsEachClientInItsOwnRegion() {
        Scenario scenario = parse(TWO_REGIONS.formatted("nearest").replace("region: eu-west, prompt_tokens", "regions: {us-east: 0.5, eu-west: 0.5}, prompt_tokens"));
        RunOutcome outcome = RunOutcome.run(scenario, 2);
        int completed = 0;
        for (ReplicationResult r : outcome.replications()) {
            assertTrue(servedBy(r, "us") > 100 && servedBy(r, "eu") > 100, "both regions have clients, so both serve");
            for (String row : r.requestRows()) {
                String[] cells = row.split(",", -1);
                // replication,request,class,client_region,node,node_region,status,...
                if (cells[6].equals("completed")) {
                    completed++;
                    assertEquals(cells[3], cells[5], "client and node region of " + row);
                }
            }
        }
        assertTrue(completed > 500, "sampled completed requests: " + completed);
    }

    // ---------------------------------------------------------------- cheapest

    private static final String PRICED = """
            name: cheapest
            seed: 7
            duration: 3min
            replications: 2
            nodes:
              - {name: cheap, count: %d, gpu: rtx-4090, model: llama-3-8b, region: us-east, price_per_mtok: 1.0, max_queue: 5}
              - {name: dear, count: 2, gpu: h100-sxm, model: llama-3-8b, region: us-east, price_per_mtok: 5.0}
            workload:
              - {name: chat, arrival: {process: poisson, rate: %s}, region: us-east, prompt_tokens: 512, output_tokens: 100}
            routing: {policy: cheapest}
            """;

    @Test
    void cheapestSendsEveryRequestToTheCheaperGroupWhileItHasRoom() {
        RunOutcome outcome = RunOutcome.run(parse(PRICED.formatted(3, "2/s")), 2);
        for (ReplicationResult r : outcome.replications()) {
            assertEquals(0, servedBy(r, "dear"), "the faster but dearer H100s stay idle");
            assertEquals(r.metric("requests.completed"), servedBy(r, "cheap"));
            assertTrue(servedBy(r, "cheap") > 300);
            assertEquals(0, r.metric("requests.dropped"));
            // Users pay the cheap group's posted price on every token.
            assertEquals(1.0, r.metric("cost_per_mtok_usd.users"), 1e-9);
        }
    }

    @Test
    void cheapestSpillsToTheDearerGroupWhenTheOnlyCheapNodeIsFull() {
        // 40/s is about twice what one RTX 4090 serves; its queue of 5 fills and refused
        // requests are retried on the next cheapest node.
        RunOutcome outcome = RunOutcome.run(parse(PRICED.formatted(1, "40/s")), 2);
        assertConserved(outcome);
        for (ReplicationResult r : outcome.replications()) {
            assertTrue(servedBy(r, "dear") > servedBy(r, "cheap"), "spill-over carries most of the load");
            assertTrue(servedBy(r, "cheap") > 500);
            assertEquals(0, r.metric("requests.dropped"), "two H100s have room for what the cheap node refuses");
        }
    }

    @Test
    void cheapestSpillsToTheDearerGroupWhenEveryCheapNodeIsFull() {
        RunOutcome outcome = RunOutcome.run(parse(PRICED.formatted(2, "40/s")), 2);
        assertConserved(outcome);
        for (ReplicationResult r : outcome.replications()) {
            assertTrue(servedBy(r, "dear") > 0, "the idle dearer group must take what the full cheap group refuses");
            assertTrue(r.metric("requests.dropped") < 0.01 * r.metric("requests.arrived"),
                    "dropped " + r.metric("requests.dropped") + " of " + r.metric("requests.arrived") + " while H100s are idle");
        }
    }

    // ---------------------------------------------------------------- least-loaded, staleness

    /** Ten M/M/1 servers (mean service 100 ms) at ρ = 0.8: random splitting gives Wq = ρ/(μ − λ) = 400 ms. */
    private static final String POOL = """
            name: herd
            seed: 11
            duration: 10min
            warmup: 1min
            replications: 2
            network: {base_rtt: 0s}
            nodes:
              - {name: pool, count: 10, gpu: h100-sxm, model: llama-3-8b, slots: 1, max_queue: 100000, service: {dist: exponential, mean: 100ms}}
            workload:
              - {name: jobs, arrival: {process: poisson, rate: 80/s}, prompt_tokens: 1, output_tokens: 1}
            routing: {policy: %s, staleness: %s}
            """;

    @Test
    void leastLoadedWithLiveLoadWaitsFarLessThanRandom() {
        double random = RunOutcome.run(parse(POOL.formatted("random", "0s")), 2).summary().get("queue_ms.mean").mean();
        double leastLoaded = RunOutcome.run(parse(POOL.formatted("least-loaded", "0s")), 2).summary().get("queue_ms.mean").mean();
        assertEquals(400, random, 40, "random splitting: ten independent M/M/1 queues at rho 0.8");
        assertTrue(leastLoaded < random / 5, "join-the-shortest-queue " + leastLoaded + " ms against random " + random + " ms");
    }

    @Test
    void leastLoadedWithStaleReportsHerdsOntoOneNode() {
        // Between two load reports every request sees the same numbers and picks the same node:
        // 5 s of the whole 80/s stream lands on one server that drains 10/s.
        double live = RunOutcome.run(parse(POOL.formatted("least-loaded", "0s")), 2).summary().get("queue_ms.mean").mean();
        double stale = RunOutcome.run(parse(POOL.formatted("least-loaded", "5s")), 2).summary().get("queue_ms.mean").mean();
        double random = RunOutcome.run(parse(POOL.formatted("random", "0s")), 2).summary().get("queue_ms.mean").mean();
        assertTrue(stale > 10 * live, "stale " + stale + " ms against live " + live + " ms");
        assertTrue(stale > random, "herding on 5 s old reports is worse than not looking at load at all: " + stale + " vs " + random);
    }

    // ---------------------------------------------------------------- slo-aware

    private static final String NEAR_AND_FAR = """
            name: slo
            seed: 5
            duration: 5min
            replications: 2
            nodes:
              - {name: near, count: %d, gpu: %s, model: llama-3-8b, region: us-east}
              - {name: far, count: 3, gpu: h100-sxm, model: llama-3-8b, region: %s}
            workload:
              - {name: chat, arrival: {process: poisson, rate: %s}, region: us-east, prompt_tokens: %d, output_tokens: 100}
            routing: {policy: %s}
            """;

    @Test
    void sloAwarePicksTheNearbyFastNodeOverTheFarOne() {
        String near = NEAR_AND_FAR.formatted(3, "h100-sxm", "ap-south", "4/s", 512, "%s");
        Scenario scenario = parse(near.formatted("slo-aware"));
        RunOutcome sloAware = RunOutcome.run(scenario, 2);
        RunOutcome random = RunOutcome.run(parse(near.formatted("random")), 2);
        for (ReplicationResult r : sloAware.replications()) {
            assertEquals(0, servedBy(r, "far"));
            assertTrue(servedBy(r, "near") > 1000);
        }
        double rttMs = rttSeconds(scenario, "us-east", "ap-south") * 1e3;
        double saved = random.summary().get("ttft_ms.mean").mean() - sloAware.summary().get("ttft_ms.mean").mean();
        // Random sends half the requests to Mumbai, each paying the extra round trip.
        assertEquals(rttMs / 2, saved, 0.15 * rttMs, "TTFT saved by slo-aware against random; RTT " + rttMs + " ms");
    }

    @Test
    void sloAwareGoesFarWhenTheNearbyNodeWouldPrefillSlowerThanTheRoundTrip() {
        // 2048-token prompts: an RTX 4090 prefills them in about 300 ms, an H100 in about 50 ms,
        // and us-east to eu-west is about 100 ms: the far H100 answers first.
        String text = NEAR_AND_FAR.formatted(1, "rtx-4090", "eu-west", "1/s", 2048, "%s");
        RunOutcome sloAware = RunOutcome.run(parse(text.formatted("slo-aware")), 2);
        RunOutcome nearest = RunOutcome.run(parse(text.formatted("nearest")), 2);
        for (int i = 0; i < 2; i++) {
            ReplicationResult r = sloAware.replications().get(i);
            assertTrue(servedBy(r, "far") > 20 * servedBy(r, "near"), "slo-aware: far " + servedBy(r, "far") + ", near " + servedBy(r, "near"));
            assertEquals(0, servedBy(nearest.replications().get(i), "far"), "nearest never leaves us-east");
        }
        double sloTtft = sloAware.summary().get("ttft_ms.mean").mean();
        double nearestTtft = nearest.summary().get("ttft_ms.mean").mean();
        assertTrue(sloTtft < nearestTtft / 2, "slo-aware " + sloTtft + " ms against nearest " + nearestTtft + " ms");
    }

    // ---------------------------------------------------------------- reputation

    private static final String FLAKY = """
            name: reputation
            seed: 3
            duration: 1h
            replications: 3
            nodes:
              - {name: steady, count: 5, gpu: h100-sxm, model: llama-3-8b, region: us-east}
              - {name: flaky, count: 5, gpu: h100-sxm, model: llama-3-8b, region: us-east, availability: {mtbf: 1min, mttr: 20s}}
            workload:
              - {name: chat, arrival: {process: poisson, rate: 0.5/s}, region: us-east, prompt_tokens: 256, output_tokens: 100}
            routing: {policy: %s}
            """;

    @Test
    void reputationRoutingSendsFewerRequestsToNodesThatFail() {
        // Each failure cuts a node's reputation by 10%; at this light load completions restore it
        // slowly, so the flaky group's share falls from about 41% (power-of-two) to about 34%.
        // Churn draws from its own streams, so both runs see the same failures and arrivals.
        RunOutcome reputation = RunOutcome.run(parse(FLAKY.formatted("reputation")), 2);
        RunOutcome powerOfTwo = RunOutcome.run(parse(FLAKY.formatted("power-of-two")), 2);
        for (int i = 0; i < 3; i++) {
            ReplicationResult rep = reputation.replications().get(i);
            ReplicationResult p2 = powerOfTwo.replications().get(i);
            assertEquals(rep.metric("nodes.availability"), p2.metric("nodes.availability"), 1e-12, "same churn in both runs");
            double repShare = (double) servedBy(rep, "flaky") / rep.metric("requests.completed");
            double p2Share = (double) servedBy(p2, "flaky") / p2.metric("requests.completed");
            assertTrue(repShare < p2Share - 0.03, "flaky share: reputation " + repShare + ", power-of-two " + p2Share);
        }
    }

    // ---------------------------------------------------------------- admission control

    private static final String OVERLOAD = """
            name: admission
            seed: 9
            duration: 3min
            warmup: 30s
            replications: 2
            nodes:
              - {name: pool, count: 2, gpu: h100-sxm, model: llama-3-8b, region: us-east}
            workload:
              - {name: chat, arrival: {process: poisson, rate: 150/s}, region: us-east, prompt_tokens: 512, output_tokens: 200}
            routing: {policy: least-loaded%s}
            """;

    @Test
    void admissionControlDropsRequestsInsteadOfLettingTtftGrow() {
        RunOutcome open = RunOutcome.run(parse(OVERLOAD.formatted("")), 2);
        RunOutcome guarded = RunOutcome.run(parse(OVERLOAD.formatted(", admission: {max_predicted_ttft: 50ms}")), 2);
        assertConserved(open);
        assertConserved(guarded);
        double openP99 = open.summary().get("ttft_ms.p99").mean();
        double guardedP99 = guarded.summary().get("ttft_ms.p99").mean();
        assertTrue(openP99 > 10_000, "at 150/s two H100s fall behind without a guard: p99 " + openP99 + " ms");
        assertTrue(guardedP99 < 1_000 && guardedP99 < openP99 / 20, "guarded p99 " + guardedP99 + " ms against " + openP99 + " ms");
        for (ReplicationResult r : guarded.replications()) {
            assertTrue(r.metric("requests.dropped") > 0.3 * r.metric("requests.arrived"), "a fast no for what would wait");
            assertTrue(r.metric("requests.completed") > 1000, "the guard still admits what can be served soon");
        }
    }

    private static final String IDLE = """
            name: idle
            seed: 9
            duration: 10min
            replications: 2
            nodes:
              - {name: pool, count: 1, gpu: h100-sxm, model: llama-3-8b, region: us-east}
            workload:
              - {name: chat, arrival: {process: poisson, rate: 0.2/s}, region: us-east, prompt_tokens: 512, output_tokens: 20}
            routing: {policy: least-loaded, admission: {max_predicted_ttft: %s}}
            """;

    @Test
    void admissionControlAdmitsEverythingWhenTheBoundIsLoose() {
        // An idle H100: TTFT is the same for every request (about 37 ms), far below 1 s.
        RunOutcome outcome = RunOutcome.run(parse(IDLE.formatted("1s")), 2);
        for (ReplicationResult r : outcome.replications()) {
            assertEquals(0, r.metric("requests.dropped"));
            assertTrue(r.metric("requests.completed") > 100);
            assertTrue(r.metric("ttft_ms.p50") < 50, "idle TTFT " + r.metric("ttft_ms.p50"));
        }
    }

    @Test
    void admissionControlNeverAdmitsARequestAnIdleNodeCannotAnswerInTime() {
        RunOutcome outcome = RunOutcome.run(parse(IDLE.formatted("30ms")), 2);
        assertConserved(outcome);
        for (ReplicationResult r : outcome.replications()) {
            boolean admittedAny = r.metric("requests.completed") > 0;
            assertTrue(!admittedAny || r.metric("ttft_ms.p99") <= 30,
                    "admitted under a 30 ms bound, served with TTFT p99 " + r.metric("ttft_ms.p99") + " ms on an idle node");
        }
    }

    // ---------------------------------------------------------------- hybrid

    /** A dear, fast cloud and a cheap network of RTX 4090s, all in us-east; two classes alike but for their TTFT SLO. */
    private static final String HYBRID = """
            name: hybrid
            seed: 9
            duration: 30min
            warmup: 2min
            replications: 2
            nodes:
              - {name: cloud, kind: centralized, count: 2, gpu: h100-sxm, model: llama-3-8b, region: us-east, price_per_mtok: 1.0}
              - {name: network, count: 6, gpu: rtx-4090, model: llama-3-8b, region: us-east}
            workload:
              - {name: urgent, arrival: {process: poisson, rate: 0.3/s}, region: us-east, prompt_tokens: 2000, output_tokens: 20,
                 slo: {ttft: 150ms, e2e: 30s}}
              - {name: patient, arrival: {process: poisson, rate: 0.3/s}, region: us-east, prompt_tokens: 2000, output_tokens: 20,
                 slo: {ttft: 10s, e2e: 60s}}
            routing: {policy: %s}
            market: {pricing: posted, price_per_mtok: 0.1}
            """;

    @Test
    void hybridSendsEachRequestToTheCheapestNodeThatMeetsItsClassesSlo() {
        // A 2,000-token prefill takes an RTX 4090 well over 150 ms and an H100 well under it: the
        // urgent class can only be served in time on the cloud, the patient one anywhere.
        RunOutcome hybrid = RunOutcome.run(parse(HYBRID.formatted("hybrid")), 1);
        assertConserved(hybrid);
        for (ReplicationResult r : hybrid.replications()) {
            double urgent = r.metric("classes.urgent.completed");
            double patient = r.metric("classes.patient.completed");
            assertTrue(urgent > 300 && patient > 300, "both classes served: " + urgent + ", " + patient);
            assertEquals(urgent, r.metric("groups.cloud.completed"), 0.02 * urgent, "the urgent class on the cloud");
            assertEquals(patient, r.metric("groups.network.completed"), 0.02 * patient, "the patient class on the cheap network");
            assertTrue(r.metric("classes.urgent.slo_attainment") > 0.95, "and in time");
            assertEquals(0.1, r.metric("classes.patient.cost_per_mtok_usd.users"), 1e-9);
            assertEquals(1.0, r.metric("classes.urgent.cost_per_mtok_usd.users"), 0.02);
        }
        // The fastest node for everyone (slo-aware) puts the patient class on the dear cloud too.
        ReplicationResult fastest = RunOutcome.run(parse(HYBRID.formatted("slo-aware")), 1).replications().get(0);
        assertTrue(fastest.metric("classes.patient.cost_per_mtok_usd.users") > 0.5, "slo-aware pays the cloud for patient requests");
        // A network that could meet the urgent SLO (a 100-token prompt) takes the urgent class as well.
        ReplicationResult shortPrompts = RunOutcome.run(parse(HYBRID.formatted("hybrid").replace("prompt_tokens: 2000", "prompt_tokens: 100")), 1)
                .replications().get(0);
        assertEquals(0, shortPrompts.metric("groups.cloud.completed"), 0.02 * shortPrompts.metric("requests.completed"),
                "the cheap network meets 150 ms for short prompts, so the cloud is not needed");
    }
}
