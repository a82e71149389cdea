package io.dime.sim.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.ReplicationResult;
import io.dime.sim.RunOutcome;
import io.dime.sim.input.ScenarioException;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.ScenarioLoader;
import io.dime.sim.scenario.ScenarioWriter;
import org.junit.jupiter.api.Test;

/**
 * A scenario that simulates a slice of a real network (token.slice) is paid the slice's share of
 * the network's budgets: each node earns what a node of the whole network earns, however many
 * nodes the slice holds, and the slice's token price moves as the network's would.
 */
class SliceTest {
    /** %d slots: nodes, requests per second; %s: the slice section (or nothing). */
    private static final String NETWORK = """
            name: slice
            seed: 7
            duration: 1d
            warmup: 1h
            replications: 1
            nodes:
              - {name: operators, count: %d, gpu: rtx-4090, model: llama-3-8b}
            workload:
              - name: chat
                arrival: {process: poisson, rate: %d/s}
                prompt_tokens: {dist: lognormal, median: 300, sigma: 0.5, max: 2048}
                output_tokens: {dist: lognormal, median: 150, sigma: 0.5, max: 1024}
            market: {pricing: posted, price_per_mtok: 0.5, protocol_fee: 0.1}
            token:
              supply: 1.0e9
              price: 0.5
              epoch: 1h
              emission: {schedule: constant, per_day: 1.0e6}
              burn: {share: 0}
              treasury_usd: 1.0e6
              pool: {usd: 2.0e7, fee: 0.003}
              operators: {sell_share: 0.5}
              speculation: {volatility: 0, jump_probability: 0, jump_size: 0}
              %s
            """;

    private static final String SLICE = "slice: {network_nodes: 1000, source: \"a network of 1,000 GPUs (test)\","
            + " rewards_per_node_day: 1000, rewards_source: \"1e6 a day over 1,000 GPUs\"}";

    private static Scenario network(int nodes, int rate, String slice) {
        return new ScenarioLoader().parse(NETWORK.formatted(nodes, rate, slice));
    }

    private static ReplicationResult run(Scenario scenario) {
        return RunOutcome.run(scenario, 1).replications().get(0);
    }

    @Test
    void eachNodeEarnsWhatANodeOfTheWholeNetworkEarnsWhateverTheSliceSize() {
        // 1e6 tokens a day over the network's 1,000 nodes: 1,000 a node-day, in a slice of 10 or 20.
        for (int nodes : new int[] {10, 20}) {
            ReplicationResult r = run(network(nodes, nodes / 10, SLICE));
            assertEquals(nodes / 1000.0, r.metric("slice.share"), 1e-15);
            assertEquals(1000, r.metric("operators.token_rewards_per_node_day"), 1e-6, nodes + " nodes");
            assertEquals(1000, r.metric("slice.cited_rewards_per_node_day"));
            // The whole run minted the slice's share of a day's emission, and no more.
            assertEquals(1.0e6 * nodes / 1000.0, r.metric("token.minted"), 1e-6 * 1.0e6, nodes + " nodes");
        }
    }

    @Test
    void withoutASliceTheSameBudgetsPayTheFewNodesTheWholeNetworksEmission() {
        // The mistake the slice exists to prevent: 10 nodes sharing a 1,000-node network's emission.
        ReplicationResult r = run(network(10, 1, ""));
        assertEquals(1.0e5, r.metric("operators.token_rewards_per_node_day"), 1e-3);
        assertFalse(r.metrics().containsKey("slice.share"));
    }

    @Test
    void aSliceTwiceAsLargeSeesTheSamePricePathAndThePricesValueTheRewards() {
        // Twice the nodes, twice the sales, into a pool twice as deep: the price moves the same.
        ReplicationResult small = run(network(10, 1, SLICE));
        ReplicationResult large = run(network(20, 2, SLICE));
        double end = small.metric("token.price_end");
        assertTrue(end < 0.5, "operators selling half their rewards lower the price: " + end);
        assertEquals(end, large.metric("token.price_end"), 1e-9 * end);
        double usd = small.metric("operators.token_rewards_usd_per_node_day");
        assertTrue(usd > end * 1000 && usd < 0.5 * 1000, "rewards valued between the end and start prices: " + usd);
    }

    @Test
    void theResolvedScenarioKeepsTheNetworksFiguresAndTheSlice() {
        Scenario original = network(10, 1, SLICE);
        String resolved = ScenarioWriter.toYaml(original);
        assertTrue(resolved.contains("per_day: 1000000.0"), "the emission as written, the network's");
        Scenario again = new ScenarioLoader().parse(resolved);
        assertEquals(original.token(), again.token());
        assertEquals(run(original).fingerprint(), run(again).fingerprint());
    }

    @Test
    void aSliceLargerThanItsNetworkOrACitationWithoutItsFigureIsALocatedError() {
        ScenarioException tooLarge = assertThrows(ScenarioException.class,
                () -> network(10, 1, "slice: {network_nodes: 5, source: \"x\"}"));
        assertEquals("token.slice.network_nodes", tooLarge.path());
        assertTrue(tooLarge.getMessage().contains("simulates 10 operator nodes"), tooLarge.getMessage());
        ScenarioException fraction = assertThrows(ScenarioException.class, () -> network(10, 1, "slice: {network_nodes: 30.5, source: \"x\"}"));
        assertEquals("token.slice.network_nodes", fraction.path(), "a count of nodes is a whole number");
        ScenarioException noSource = assertThrows(ScenarioException.class, () -> network(10, 1, "slice: {network_nodes: 50}"));
        assertEquals("token.slice.source", noSource.path());
        ScenarioException orphan = assertThrows(ScenarioException.class,
                () -> network(10, 1, "slice: {network_nodes: 50, source: \"x\", rewards_source: \"y\"}"));
        assertEquals("token.slice.rewards_source", orphan.path());
        assertTrue(orphan.line() > 0, "located");
    }
}
