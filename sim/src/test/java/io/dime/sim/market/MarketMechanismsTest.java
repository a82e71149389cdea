package io.dime.sim.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.ReplicationResult;
import io.dime.sim.RunOutcome;
import io.dime.sim.input.ScenarioException;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

/** Posted prices, asks cleared cheapest-first, and second-price auctions per request and per epoch. */
class MarketMechanismsTest {
    private static final String SCENARIO = """
            name: market
            seed: 8
            duration: 3h
            warmup: 10min
            replications: 1
            network: {base_rtt: 0s}
            nodes:
              - {name: cheap, count: 2, gpu: rtx-4090, model: llama-3-8b, ask_per_mtok: 1.0, max_batch: 8}
              - {name: dear, count: 2, gpu: rtx-4090, model: llama-3-8b, ask_per_mtok: 3.0, max_batch: 8}
            workload:
              - {name: chat, arrival: {rate: %s}, prompt_tokens: 300, output_tokens: 100}
            market: {pricing: %s, price_per_mtok: 2.0}
            """;

    private static ReplicationResult run(String rate, String pricing) {
        // Per-epoch clearing needs one epoch (1 h) of history: measure after it.
        String text = SCENARIO.formatted(rate, pricing);
        if (pricing.equals("auction-epoch")) {
            text = text.replace("warmup: 10min", "warmup: 65min");
        }
        return RunOutcome.run(new ScenarioLoader().parse(text), 1).replications().get(0);
    }

    private static double served(ReplicationResult r, String group) {
        return r.nodes().stream().filter(n -> n.group().equals(group)).mapToLong(ReplicationResult.NodeRow::served).sum();
    }

    @Test
    void askedPricesClearCheapestFirstAndEachNodeIsPaidItsAsk() {
        ReplicationResult light = run("0.2/s", "asks");
        assertEquals(0, served(light, "dear"), "while the cheap nodes have room they take everything");
        assertEquals(1.0, light.metric("cost_per_mtok_usd.users"), 1e-9, "pay-as-bid: the cheap ask");
        ReplicationResult heavy = run("4/s", "asks");
        assertTrue(served(heavy, "dear") > 0, "full cheap nodes spill to the dear ones");
        double users = heavy.metric("cost_per_mtok_usd.users");
        assertTrue(users > 1.0 && users < 3.0, "a mix of both asks: " + users);
    }

    @Test
    void aPlatformCapCutsAsksAboveIt() {
        // Hyperbolic-style: suppliers ask what they like, the platform caps the price per GPU type.
        // At a load the cheap nodes cannot carry alone, users pay a mix of 1.0 and the dear ask:
        // capped at 1.5, never more than 1.5, and less than without the cap.
        String capped = SCENARIO.formatted("3/s", "asks").replace("ask_per_mtok: 3.0, max_batch: 8}", "ask_per_mtok: 3.0, ask_cap_per_mtok: 1.5, max_batch: 8}");
        ReplicationResult withCap = RunOutcome.run(new ScenarioLoader().parse(capped), 1).replications().get(0);
        ReplicationResult without = run("3/s", "asks");
        assertTrue(served(withCap, "dear") > 0, "the dear nodes serve part of the load");
        double users = withCap.metric("cost_per_mtok_usd.users");
        assertTrue(users > 1.0 && users <= 1.5 + 1e-9, "between the cheap ask and the cap: " + users);
        assertTrue(users < without.metric("cost_per_mtok_usd.users"), "the cap lowers what users pay");
        assertEquals(1.5, ((Scenario.NodeGroup.TokenAsk) new ScenarioLoader().parse(capped).nodes().get(1).offer()).capPerMTok());
        assertEquals(Double.POSITIVE_INFINITY, ((Scenario.NodeGroup.TokenAsk) new ScenarioLoader().parse(SCENARIO.formatted("3/s", "asks")).nodes().get(1).offer()).capPerMTok());
    }

    @Test
    void aSecondPriceAuctionPaysTheWinnerTheRunnerUpsAsk() {
        // Two cheap nodes: when both are eligible, the winner is paid the other cheap ask (1.0).
        ReplicationResult light = run("0.2/s", "auction-request");
        assertEquals(0, served(light, "dear"));
        assertEquals(1.0, light.metric("cost_per_mtok_usd.users"), 1e-9);
    }

    @Test
    void anEpochAuctionChargesTheFirstExcludedAsk() {
        // Light load needs one node at most: the clearing price is the second-cheapest ask, 1.0;
        // heavy load needs all four, and the price is the highest ask, 3.0.
        ReplicationResult light = run("0.2/s", "auction-epoch");
        assertEquals(1.0, light.metric("cost_per_mtok_usd.users"), 1e-9);
        ReplicationResult heavy = run("8/s", "auction-epoch");
        assertEquals(3.0, heavy.metric("cost_per_mtok_usd.users"), 0.05);
    }

    @Test
    void aClearedMarketRoutesCheapestFirstOrSaysWhy() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> new ScenarioLoader().parse(
                SCENARIO.formatted("1/s", "asks") + "routing: {policy: random}\n"));
        assertEquals("routing.policy", e.path());
        assertTrue(e.getMessage().contains("clears requests cheapest-first, so routing must be 'cheapest'"), e.getMessage());
    }
}
