package io.dime.sim.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.catalog.Catalog;
import io.dime.sim.catalog.Gpu;
import io.dime.sim.catalog.ModelShape;
import io.dime.sim.kernel.Simulation;
import io.dime.sim.workload.Request;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/** The continuous-batching node on its own: scheduling rules, KV accounting, and its shortcut. */
class BatchingNodeTest {
    private static final Catalog CATALOG = Catalog.builtIn();
    private static final ModelShape LLAMA_8B = CATALOG.models().get("llama-3-8b");

    /** One node fed by a Poisson stream of requests with random lengths; records every completion. */
    private static final class Bench {
        final Simulation sim = new Simulation(1);
        final List<Request> done = new ArrayList<>();
        final BatchingNode node;
        final List<String> invariantViolations = new ArrayList<>();
        long offered;
        long refused;

        Bench(BatchingConfig config, boolean stepByStep) {
            node = new BatchingNode(0, 0, config, sim, (n, r) -> {
                done.add(r);
                long held = ((BatchingNode) n).heldBlocks();
                long free = ((BatchingNode) n).freeBlocks();
                if (free < 0 || held + free > config.kvBlocks()) {
                    invariantViolations.add("held " + held + " + free " + free + " vs " + config.kvBlocks() + " at " + sim.now());
                }
            });
            if (stepByStep) {
                node.stepByStep();
            }
        }

        Bench feed(double ratePerSecond, int count, int maxPrompt, int maxOutput, long seed) {
            RandomGenerator random = new Well19937c(seed);
            double t = 0;
            for (int i = 0; i < count; i++) {
                t += -Math.log(1 - random.nextDouble()) / ratePerSecond;
                Request request = new Request(i, 0, t, 1 + random.nextInt(maxPrompt), 1 + random.nextInt(maxOutput), true, 0);
                sim.scheduleAt(t, 0, () -> {
                    offered++;
                    if (!node.offer(request)) {
                        refused++;
                    }
                });
            }
            return this;
        }

        Bench run() {
            sim.run();
            return this;
        }
    }

    private static BatchingConfig config(String gpu, long kvTokens, int maxBatch, boolean chunked) {
        Gpu g = CATALOG.gpus().get(gpu);
        StepModel step = StepModel.roofline(g, LLAMA_8B, 1, CATALOG);
        return new BatchingConfig(step, kvTokens / 16, 16, maxBatch, 8192, chunked, 100_000);
    }

    @Test
    void decodeRunsAsOneEventGiveTheSameTimesAsSteppingOneByOne() {
        BatchingConfig config = config("h100-sxm", 200_000, 64, false);
        Bench fast = new Bench(config, false).feed(8, 2_000, 2_000, 600, 3).run();
        Bench slow = new Bench(config, true).feed(8, 2_000, 2_000, 600, 3).run();
        assertEquals(2_000, fast.done.size());
        assertEquals(slow.done.size(), fast.done.size());
        for (int i = 0; i < fast.done.size(); i++) {
            Request a = fast.done.get(i);
            Request b = slow.done.get(i);
            assertEquals(b.id, a.id, "completion order");
            assertEquals(b.firstTokenTime(), a.firstTokenTime(), 1e-9, "first token of " + a.id);
            assertEquals(b.endTime(), a.endTime(), 1e-9 * Math.max(1, b.endTime()), "end of " + a.id);
        }
        // With the shortcut, events grow with requests (arrival, wake-up, the run each arrival or
        // completion cuts), not with tokens; stepping one by one costs an event per step.
        assertTrue(fast.sim.eventsFired() < 4 * 2_000, "events with decode runs: " + fast.sim.eventsFired());
        assertTrue(slow.sim.eventsFired() > 10 * 2_000, "events step by step: " + slow.sim.eventsFired());
    }

    @Test
    void kvPressurePreemptsButEveryRequestStillCompletesAndBlocksAreConserved() {
        // 20k tokens of KV for requests of up to 3k tokens at high load: the cache runs out.
        BatchingConfig config = config("a100-80gb", 20_000, 256, false);
        Bench bench = new Bench(config, false).feed(20, 1_500, 1_500, 1_500, 5).run();
        assertEquals(1_500, bench.done.size(), "preempted requests are recomputed, not lost");
        assertTrue(bench.node.preemptions() > 0, "the KV cache must have run out");
        assertEquals(List.of(), bench.invariantViolations);
        assertEquals(config.kvBlocks(), bench.node.freeBlocks(), "an idle node holds no blocks");
        assertEquals(bench.done.stream().mapToLong(r -> r.outputTokens).sum(), bench.node.tokensGenerated(),
                "every token generated once, even after a recompute");
        for (Request r : bench.done) {
            assertTrue(r.firstTokenTime() <= r.endTime());
        }
    }

    @Test
    void theBatchNeverExceedsMaxBatch() {
        BatchingConfig config = config("h100-sxm", 500_000, 8, false);
        Bench bench = new Bench(config, false).feed(50, 1_000, 200, 300, 7).run();
        assertEquals(1_000, bench.done.size());
        assertTrue(bench.node.meanBatchSize() <= 8.0 + 1e-9, "mean batch " + bench.node.meanBatchSize());
        assertTrue(bench.node.meanBatchSize() > 6, "under this load the batch stays nearly full: " + bench.node.meanBatchSize());
    }

    @Test
    void saturatedThroughputIsTheBatchOverTheStepTime() {
        // Always 32 requests decoding long outputs: output tokens per second approach
        // 32 / step(32 decoders, their context), as the step model says.
        BatchingConfig config = config("h100-sxm", 2_000_000, 32, false);
        Bench bench = new Bench(config, false);
        for (int i = 0; i < 32; i++) {
            Request r = new Request(i, 0, 0, 100, 4_000, true, 0);
            bench.sim.scheduleAt(0, 0, () -> bench.node.offer(r));
        }
        bench.run();
        double elapsed = bench.done.get(bench.done.size() - 1).endTime();
        double tokensPerSecond = 32 * 4_000 / elapsed;
        StepModel step = config.step();
        double meanContext = 32 * (100 + 2_000);
        double expected = 32 / step.stepSeconds(0, 32, (long) meanContext, 32);
        assertEquals(expected, tokensPerSecond, 0.03 * expected);
    }

    @Test
    void chunkedPrefillKeepsDecodesFlowingWhileLongPromptsArrive() {
        // Long prompts stall every decoder for a whole prefill step without chunking; with
        // chunks the stall is bounded by the token budget. Compare the worst inter-token gap.
        double worstPlain = worstGap(false);
        double worstChunked = worstGap(true);
        assertTrue(worstChunked < worstPlain * 0.7, "chunked " + worstChunked + " s vs plain " + worstPlain + " s");
    }

    private static double worstGap(boolean chunked) {
        Gpu gpu = CATALOG.gpus().get("a100-80gb");
        StepModel step = StepModel.roofline(gpu, LLAMA_8B, 1, CATALOG);
        BatchingConfig config = new BatchingConfig(step, 300_000 / 16, 16, 256, chunked ? 512 : 8192, chunked, 1_000);
        Bench bench = new Bench(config, false);
        // Eight long-running decoders, then a long prompt every second.
        for (int i = 0; i < 8; i++) {
            Request r = new Request(i, 0, 0, 50, 3_000, true, 0);
            bench.sim.scheduleAt(0, 0, () -> bench.node.offer(r));
        }
        for (int k = 1; k <= 20; k++) {
            Request r = new Request(100 + k, 0, k, 6_000, 2, true, 0);
            bench.sim.scheduleAt(k, 0, () -> bench.node.offer(r));
        }
        // Sample the decoders' progress every 5 ms; the worst gap between token increments is the stall.
        double[] lastChange = {0};
        int[] lastGenerated = {0};
        double[] worst = {0};
        Request watched = new Request(-1, 0, 0, 50, 3_000, true, 0);
        bench.sim.scheduleAt(0, 0, () -> bench.node.offer(watched));
        for (int t = 1; t < 20_000; t++) {
            double now = t * 0.005;
            bench.sim.scheduleAt(now, 5, () -> {
                int generated = bench.node.generated(watched);
                if (generated >= 0 && generated != lastGenerated[0] && generated < watched.outputTokens) {
                    worst[0] = Math.max(worst[0], bench.sim.now() - lastChange[0]);
                    lastChange[0] = bench.sim.now();
                    lastGenerated[0] = generated;
                }
            });
        }
        bench.node.stepByStep(); // progress must be visible at every step for the sampling above
        bench.run();
        assertFalse(bench.done.isEmpty());
        return worst[0];
    }
}
