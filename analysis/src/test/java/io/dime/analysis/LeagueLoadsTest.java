package io.dime.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.ReplicationResult;
import io.dime.sim.RunOutcome;
import io.dime.sim.metrics.Estimate;
import io.dime.sim.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The league's marginal cost between two loads: the change in the cost of the GPU time the nodes
 * were busy over the change in tokens served, per replication pair, recomputed here from each
 * replication's node rows and throughput.
 */
class LeagueLoadsTest {
    @TempDir
    Path folder;

    private RunOutcome run(String costPerHour, String rate) throws IOException {
        String yaml = """
                name: marginal
                seed: 3
                duration: 20min
                warmup: 2min
                replications: 2
                nodes:
                  - {name: fleet, count: 3, gpu: l4, model: llama-3-8b, cost_per_hour: %s}
                workload:
                  - {name: chat, arrival: {rate: %s}, prompt_tokens: 400, output_tokens: 150}
                """.formatted(costPerHour, rate);
        return RunOutcome.run(new ScenarioLoader().parse(yaml, folder), 1);
    }

    private static double busyCost(ReplicationResult r) {
        double busy = 0;
        for (ReplicationResult.NodeRow node : r.nodes()) {
            busy += node.costUsd() * Math.min(1, node.utilization() / node.availability());
        }
        return busy;
    }

    @Test
    void theMarginalCostIsTheBusyGpuCostOfTheExtraTokensAndAFreeFleetsIsZeroNotMissing() throws IOException {
        RunOutcome low = run("0.80", "1/s");
        RunOutcome high = run("0.80", "2/s");
        Estimate marginal = LeagueLoads.marginal(low, high);
        assertNotNull(marginal);
        double window = 18 * 60;
        for (int i = 0; i < 2; i++) {
            ReplicationResult a = low.replications().get(i);
            ReplicationResult b = high.replications().get(i);
            double tokens = (b.metric("throughput.tokens_per_s") - a.metric("throughput.tokens_per_s")) * window;
            assertTrue(tokens > 0, "twice the load serves more tokens");
            assertEquals((busyCost(b) - busyCost(a)) / tokens * 1e6, marginal.values().get(i), 1e-9);
        }
        assertTrue(marginal.mean() > 0 && marginal.mean() < high.summary().get("cost_per_mtok_usd.operators").mean(),
                "below the average cost, which pays for idle hours too: " + marginal.mean());

        // GPUs that cost nothing: the extra tokens cost nothing (the cost per token was 0/0 before,
        // and the marginal went missing).
        Estimate free = LeagueLoads.marginal(run("0", "1/s"), run("0", "2/s"));
        assertNotNull(free, "a free fleet's marginal cost is 0, not missing");
        assertEquals(0.0, free.mean(), 0.0);
    }
}
