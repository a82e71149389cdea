package io.dime.sim.node;

import io.dime.sim.catalog.Gpu;
import io.dime.sim.catalog.ModelShape;

/**
 * How a batching node schedules: its step-time model, its KV cache (in blocks of
 * {@code blockTokens} tokens), the most requests in one batch, the most tokens in one step,
 * whether prompts are prefilled in chunks alongside decodes, and how many requests may wait.
 */
public record BatchingConfig(
        StepModel step,
        long kvBlocks,
        int blockTokens,
        int maxBatch,
        int maxBatchedTokens,
        boolean chunkedPrefill,
        int maxQueue) {

    /**
     * KV-cache capacity of one node in tokens: the GPU memory the engine may use
     * ({@code memoryUtilization}, vLLM's gpu_memory_utilization), less the weights and an
     * activation reserve, over the KV bytes per token. 0 when the weights do not fit.
     */
    public static long kvCapacityTokens(Gpu gpu, ModelShape model, int gpus, double memoryUtilization, double reserveFraction) {
        double memory = gpu.memoryBytes() * gpus;
        double usable = memory * memoryUtilization - model.weightBytes() - memory * reserveFraction;
        return usable <= 0 ? 0 : (long) (usable / model.kvBytesPerToken());
    }

    public long blocksFor(long tokens) {
        return (tokens + blockTokens - 1) / blockTokens;
    }

    public long kvCapacityTokens() {
        return kvBlocks * blockTokens;
    }
}
