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

    public double weightBytes() {
        return params * bytesPerParam;
    }

    /** Keys and values for every layer: 2 · layers · kv_heads · head_dim · bytes. */
    public double kvBytesPerToken() {
        return 2.0 * layers * kvHeads * headDim * bytesPerParam;
    }
}
