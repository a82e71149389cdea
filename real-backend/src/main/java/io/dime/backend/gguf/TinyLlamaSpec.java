package io.dime.backend.gguf;

/**
 * The shape of a random-weight llama model: what decides how much arithmetic llama-server does
 * per token, and so its step time.
 *
 * @param embeddingLength   width of the residual stream (llama's {@code dim}, {@code n_embd})
 * @param blockCount        transformer layers
 * @param feedForwardLength hidden width of each layer's SwiGLU feed-forward network
 * @param headCount         attention (query) heads; {@code embeddingLength / headCount} is the head size
 * @param headCountKv       key/value heads; fewer than {@code headCount} gives grouped-query attention
 * @param contextLength     the training context written to the file; llama-server caps its slots' context at it
 * @param weightType        element type of the matrices (norm vectors are always f32)
 * @param seed              the same seed writes the same bytes
 */
public record TinyLlamaSpec(int embeddingLength, int blockCount, int feedForwardLength, int headCount,
                            int headCountKv, int contextLength, GgmlType weightType, long seed) {

    /**
     * The model the integration tests serve: 28.7 million parameters, 57 MB in f16, written in
     * well under a second. On the project's 2-core machines, with llama-server on one compute
     * thread, a decode step takes 2.0 to 3.1 ms at batch 1, 9.0 to 12.8 ms at batch 8, and a
     * 400-token prefill about 220 ms. Narrower models stay inside the CPU's cache and step in
     * under a millisecond; a 1024-wide one (104 MB) only reaches 3.7 ms. Measurements are in
     * the module's README.
     */
    public static final TinyLlamaSpec COMPUTE_BOUND_DEFAULT =
            new TinyLlamaSpec(768, 4, 2048, 12, 12, 4096, GgmlType.F16, 42L);

    public TinyLlamaSpec {
        requirePositive("embeddingLength", embeddingLength);
        requirePositive("blockCount", blockCount);
        requirePositive("feedForwardLength", feedForwardLength);
        requirePositive("headCount", headCount);
        requirePositive("headCountKv", headCountKv);
        requirePositive("contextLength", contextLength);
        if (embeddingLength % headCount != 0) {
            throw new IllegalArgumentException("embeddingLength " + embeddingLength
                    + " must be a multiple of headCount " + headCount);
        }
        if (headCount % headCountKv != 0) {
            throw new IllegalArgumentException("headCount " + headCount
                    + " must be a multiple of headCountKv " + headCountKv);
        }
        if ((embeddingLength / headCount) % 2 != 0) {
            throw new IllegalArgumentException("head size " + embeddingLength / headCount
                    + " must be even: rotary embeddings rotate pairs of dimensions");
        }
        if (weightType == null) {
            throw new IllegalArgumentException("weightType is required");
        }
    }

    public int headSize() {
        return embeddingLength / headCount;
    }

    /** Width of the key and value projections: smaller than the embedding under grouped-query attention. */
    public int keyValueWidth() {
        return headSize() * headCountKv;
    }

    /** Every weight in the file, embedding and output matrices included. */
    public long parameterCount() {
        long vocabulary = ByteLevelVocabulary.SIZE;
        long perBlock = 2L * embeddingLength                                  // two RMS norms
                + (long) embeddingLength * embeddingLength * 2               // query and output projections
                + (long) embeddingLength * keyValueWidth() * 2               // key and value projections
                + (long) embeddingLength * feedForwardLength * 3;            // gate, up, down
        return vocabulary * embeddingLength * 2 + embeddingLength + perBlock * blockCount;
    }

    public TinyLlamaSpec withSeed(long newSeed) {
        return new TinyLlamaSpec(embeddingLength, blockCount, feedForwardLength, headCount, headCountKv,
                contextLength, weightType, newSeed);
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
