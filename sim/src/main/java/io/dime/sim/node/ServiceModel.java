package io.dime.sim.node;

import io.dime.sim.catalog.Catalog;
import io.dime.sim.catalog.Gpu;
import io.dime.sim.catalog.ModelShape;
import io.dime.sim.input.Dist;
import io.dime.sim.workload.Request;
import org.apache.commons.math3.random.RandomGenerator;

/** How long a request occupies one slot of a node, and when its first token leaves. */
public sealed interface ServiceModel {
    /** Seconds from start of service to the first token and to the last. */
    record Timing(double firstTokenSeconds, double totalSeconds) {
    }

    Timing time(Request request, RandomGenerator random);

    /** The expected time to the first token of a request with this prompt, once it starts. */
    double typicalFirstTokenSeconds(int promptTokens);

    /**
     * Batch-1 roofline: prefill is compute-bound (2·active params FLOPs per token at the GPU's
     * BF16 peak times an achievable fraction), decode is memory-bound (all weights read once per
     * token at the GPU's bandwidth times an achievable fraction). A deliberately simple model;
     * the batching model replaces it.
     */
    record Roofline(double prefillSecondsPerToken, double decodeSecondsPerToken) implements ServiceModel {
        public static Roofline of(Gpu gpu, ModelShape model, Catalog catalog) {
            double flops = gpu.bf16FlopsPerS() * catalog.constant("roofline.prefill_mfu");
            double bandwidth = gpu.memoryBandwidthBytesPerS() * catalog.constant("roofline.bandwidth_efficiency");
            double activeWeightBytes = model.activeParams() * model.bytesPerParam();
            return new Roofline(2.0 * model.activeParams() / flops, activeWeightBytes / bandwidth);
        }

        @Override
        public Timing time(Request request, RandomGenerator random) {
            double prefill = request.promptTokens * prefillSecondsPerToken;
            return new Timing(prefill + decodeSecondsPerToken, prefill + request.outputTokens * decodeSecondsPerToken);
        }

        @Override
        public double typicalFirstTokenSeconds(int promptTokens) {
            return promptTokens * prefillSecondsPerToken + decodeSecondsPerToken;
        }
    }

    /** A service time drawn from a distribution; the response arrives whole at the end. */
    record Sampled(Dist seconds) implements ServiceModel {
        @Override
        public Timing time(Request request, RandomGenerator random) {
            double total = seconds.sample(random);
            return new Timing(total, total);
        }

        @Override
        public double typicalFirstTokenSeconds(int promptTokens) {
            return seconds.mean();
        }
    }
}
