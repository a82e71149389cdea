package io.dime.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.catalog.Catalog;
import io.dime.sim.network.Network;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.input.ScenarioException;
import io.dime.sim.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

/**
 * A model too large for one GPU, split into pipeline stages on several machines (Petals-like):
 * it must be refused, located, when it cannot fit; it must run when split; every decode step
 * then crosses the network between stages; and the node costs what all its GPUs cost.
 */
class ShardingTest {
    private static final String SWARM = """
            name: shard
            seed: 4
            duration: 30min
            replications: 2
            nodes:
              - {name: swarm, count: 4, gpu: rtx-4090, model: llama-3-70b, %s%s}
            workload:
              - {name: chat, arrival: {process: poisson, rate: 0.02/s}, region: us-east, prompt_tokens: 256, output_tokens: 50}
            """;

    static Scenario swarm(String regions, String pipeline) {
        return new ScenarioLoader().parse(SWARM.formatted(regions, pipeline));
    }

    @Test
    void seventyBillionParametersOnOneRtx4090IsALocatedError() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> swarm("region: us-east", ""));
        assertEquals("nodes[0].gpu", e.path());
        assertEquals(6, e.line(), "the line of the node group in the scenario text");
        assertTrue(e.getMessage().contains("leaves no room for a KV cache"), e.getMessage());
        assertTrue(e.getMessage().contains("llama-3-70b") && e.getMessage().contains("rtx-4090"), e.getMessage());
        assertTrue(e.getMessage().contains("pipeline"), "the message says how to fix it: " + e.getMessage());
    }

    @Test
    void eightPipelineStagesOfRtx4090LoadAndServeSeventyB() {
        // 141 GB of BF16 weights over 8 x 24 GB leaves about 20 GB for the KV cache.
        RunOutcome outcome = RunOutcome.run(swarm("region: us-east", ", pipeline: {stages: 8}"), 2);
        for (ReplicationResult r : outcome.replications()) {
            assertTrue(r.metric("requests.completed") > 25, "completed " + r.metric("requests.completed"));
            assertEquals(0, r.metric("requests.dropped") + r.metric("requests.failed"));
            assertEquals(r.metric("requests.arrived"), r.metric("requests.completed") + r.metric("requests.in_flight"));
        }
        // Every step reads all 141 GB of weights at 64% of 1008 GB/s: about 219 ms per token.
        double tpot = outcome.summary().get("tpot_ms.mean").mean();
        assertTrue(tpot > 219 && tpot < 300, "TPOT " + tpot + " ms");
    }

    @Test
    void stagesSpreadOverFarRegionsAddTheHopLatencyToEveryToken() {
        Scenario near = swarm("region: us-east", ", pipeline: {stages: 8}");
        Scenario far = swarm("regions: {us-east: 0.5, ap-south: 0.5}", ", pipeline: {stages: 8}");
        // Stages 0-3 sit in us-east and 4-7 in ap-south (shares hold over all 32 GPUs, stage k of
        // node i is entry k·count + i): seven hops, one of them across. A decode step pays every
        // hop one way.
        Network network = Network.build(far.network(), Catalog.builtIn(), far.regions());
        int us = network.regionIndex("us-east");
        int ap = network.regionIndex("ap-south");
        int stages = 8;
        double localHop = network.baseRttSeconds(us, us) / 2;
        double meanHopFar = (6 * localHop + network.baseRttSeconds(us, ap) / 2) / (stages - 1);
        double expectedExtraMs = (stages - 1) * (meanHopFar - localHop) * 1e3;
        assertTrue(expectedExtraMs > 100, "one crossing Ashburn-Mumbai, one way: " + expectedExtraMs + " ms");

        RunOutcome nearRun = RunOutcome.run(near, 2);
        RunOutcome farRun = RunOutcome.run(far, 2);
        for (int i = 0; i < 2; i++) {
            ReplicationResult n = nearRun.replications().get(i);
            ReplicationResult f = farRun.replications().get(i);
            assertEquals(n.metric("requests.arrived"), f.metric("requests.arrived"), "same arrivals in both runs");
            assertTrue(f.nodes().stream().allMatch(row -> row.region().equals("us-east")), "a pipeline is entered at its first stage");
            double extra = f.metric("tpot_ms.mean") - n.metric("tpot_ms.mean");
            assertTrue(extra >= expectedExtraMs, "extra TPOT " + extra + " ms, at least " + expectedExtraMs + " ms");
            assertTrue(extra < 1.1 * expectedExtraMs, "at this light load batches stay near 1: " + extra + " ms");
        }
    }

    @Test
    void defaultNodeCostCountsEveryGpuOfTheNode() {
        Scenario scenario = new ScenarioLoader().parse("""
                name: cost
                seed: 1
                duration: 1h
                replications: 1
                nodes:
                  - {name: sharded, count: 2, gpu: rtx-4090, model: llama-3-70b, region: us-east, tensor_parallel: 2, pipeline: {stages: 4}}
                  - {name: single, count: 1, gpu: rtx-4090, model: llama-3-8b, region: us-east}
                  - {name: priced, count: 1, gpu: rtx-4090, model: llama-3-70b, region: us-east, pipeline: {stages: 8}, cost_per_hour: 1.5}
                workload:
                  - {name: chat, model: llama-3-8b, arrival: {process: poisson, rate: 0.1/s}, region: us-east}
                """);
        double gpuPrice = Catalog.builtIn().gpus().get("rtx-4090").pricePerHourUsd();
        assertEquals(0.34, gpuPrice, 1e-12);
        assertEquals(8, scenario.nodes().get(0).gpusPerNode());
        assertEquals(2 * 4 * gpuPrice, scenario.nodes().get(0).costPerHourUsd(), 1e-12, "tensor_parallel x stages x catalog price");
        assertEquals(gpuPrice, scenario.nodes().get(1).costPerHourUsd(), 1e-12);
        assertEquals(1.5, scenario.nodes().get(2).costPerHourUsd(), 1e-12, "an explicit cost_per_hour wins");
        ReplicationResult r = RunOutcome.run(scenario, 1).replications().get(0);
        for (ReplicationResult.NodeRow node : r.nodes()) {
            double expected = switch (node.group()) {
                case "sharded" -> 8 * gpuPrice;
                case "single" -> gpuPrice;
                default -> 1.5;
            };
            assertEquals(expected, node.costUsd(), 1e-9, "one hour online of node " + node.node() + " (" + node.group() + ")");
        }
    }
}
