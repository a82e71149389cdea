package io.dime.sim.catalog;

/**
 * The shape of a transformer that sets its weight bytes and KV-cache bytes per token.
 * {@code activeParams} differs from {@code params} for mixtures of experts.
 */
public record ModelShape(
        String name,
        double params,
        double activeParams,
        double bytesPerParam,
        int layers,
        int hidden,
        int kvHeads,
        int headDim,
        String source) {

    /**
     * The model class a like-for-like comparison holds fixed: parameters in billions ("8B",
     * "70B"), with the active ones for a mixture of experts ("47B-MoE-13B-active"). Llama 3 8B and
     * Llama 3.1 8B are one class; 8B and 70B are not.
     */
    public String modelClass() {
        long total = Math.round(Math.floor(params / 1e9 + 0.05));
        if (activeParams < params * 0.95) {
            return total + "B-MoE-" + Math.round(Math.floor(activeParams / 1e9 + 0.05)) + "B-active";
        }
        return total + "B";
    }

    public double weightBytes() {
        return params * bytesPerParam;
    }

    /** Keys and values for every layer: 2 · layers · kv_heads · head_dim · bytes. */
    public double kvBytesPerToken() {
        return 2.0 * layers * kvHeads * headDim * bytesPerParam;
    }
}
