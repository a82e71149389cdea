package io.dime.sim.catalog;

/** A GPU as the catalog describes it; bytes and FLOP/s in SI units. */
public record Gpu(
        String name,
        String display,
        double memoryBytes,
        double memoryBandwidthBytesPerS,
        double bf16FlopsPerS,
        double pricePerHourUsd,
        String source) {
}
