package io.dime.sim.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.ReplicationResult;
import io.dime.sim.RunOutcome;
import io.dime.sim.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

/**
 * Egress: a cloud bills its customers for the answers it streams out, on top of its token price;
 * a network's operators pay for theirs, and for a pipeline's activations between stages.
 */
class EgressTest {
    /** %s: the group line; requests of 300 prompt and 100 answer tokens. */
    private static final String ONE_GROUP = """
            name: egress
            seed: 3
            duration: 1h
            warmup: 5min
            replications: 1
            network: {stream_bytes_per_token: 250}
            nodes:
              - %s
            workload:
              - {name: chat, arrival: {process: poisson, rate: 2/s}, region: us-east, prompt_tokens: 300, output_tokens: 100}
            """;

    private static ReplicationResult run(String group) {
        return RunOutcome.run(new ScenarioLoader().parse(ONE_GROUP.formatted(group)), 1).replications().get(0);
    }

    @Test
    void aCloudBillsItsCustomersForTheAnswersItStreamsOut() {
        ReplicationResult r = run("{name: cloud, kind: centralized, count: 2, gpu: h100-sxm, model: llama-3-8b, region: us-east,"
                + " price_per_mtok: 0.2, egress_per_gb: 0.09}");
        double completed = r.metric("requests.completed");
        double gb = completed * 100 * 250 / 1e9;
        assertEquals(gb, r.metric("egress.gb"), 1e-12, "100 answer tokens of 250 bytes each, prompts in free");
        assertEquals(gb * 0.09, r.metric("egress.users_usd"), 1e-12);
        assertEquals(0, r.metric("egress.operators_usd"));
        double tokens = completed * 400;
        assertEquals(0.2, r.metric("cost_per_mtok_usd.price"), 1e-9, "the token price alone");
        assertEquals(0.2 + gb * 0.09 / tokens * 1e6, r.metric("cost_per_mtok_usd.users"), 1e-9, "plus the data-out charge");
        // 250 bytes x 100 / 400 tokens = 62.5 bytes per token, at 0.09 USD per GB: 0.0056 USD per 1M tokens.
        assertEquals(0.005625, r.metric("cost_per_mtok_usd.egress"), 1e-9);
        assertEquals(r.metric("cost_per_mtok_usd.users"), r.metric("cost_per_mtok_usd.all_in"), 1e-12, "no verification, no operators' egress");
    }

    @Test
    void aNetworksOperatorsPayForTheirAnswersAndTheirPipelinesActivations() {
        ReplicationResult free = run("{name: rigs, count: 4, gpu: rtx-4090, model: llama-3-8b, region: us-east, pipeline: {stages: 2, hop_bytes_per_token: 20000}}");
        ReplicationResult metered = run("{name: rigs, count: 4, gpu: rtx-4090, model: llama-3-8b, region: us-east, pipeline: {stages: 2, hop_bytes_per_token: 20000},"
                + " egress_per_gb: 0.05}");
        assertEquals(free.fingerprint(), metered.fingerprint(), "egress is accounting: the same run");
        double completed = metered.metric("requests.completed");
        double gb = completed * (100 * 250 + 400 * 20000.0) / 1e9;
        assertEquals(gb, metered.metric("egress.gb"), 1e-9, "answers, and one hop's activations for every prompt and answer token");
        assertEquals(gb * 0.05, metered.metric("egress.operators_usd"), 1e-9);
        assertEquals(0, metered.metric("egress.users_usd"));
        assertEquals(free.metric("cost_per_mtok_usd.users"), metered.metric("cost_per_mtok_usd.users"), 1e-12, "users pay the network's price");
        assertEquals(free.metric("operator_profit_usd") - gb * 0.05, metered.metric("operator_profit_usd"), 1e-6, "operators pay the uplink");
        assertTrue(metered.metric("cost_per_mtok_usd.operators") > free.metric("cost_per_mtok_usd.operators"));
        assertEquals(0, free.metric("egress.usd"), "an unmetered uplink costs nothing");
    }
}
