package io.dime.sim.node;

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

    public long blocksFor(long tokens) {
        return (tokens + blockTokens - 1) / blockTokens;
    }

    public long kvCapacityTokens() {
        return kvBlocks * blockTokens;
    }
}
