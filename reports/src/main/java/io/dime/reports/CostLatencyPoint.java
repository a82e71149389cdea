package io.dime.reports;

/**
 * One choice a user could make — a node group, a sweep point, a scenario — placed by what it
 * costs and how long it makes users wait. {@code kind} names the series it is drawn in
 * (e.g. "centralized", "decentralized", "sweep point").
 */
public record CostLatencyPoint(String label, String kind, double latencyMs, double costPerMTokUsd) {
    public boolean isFinite() {
        return Double.isFinite(latencyMs) && Double.isFinite(costPerMTokUsd);
    }

    /** At least as fast and as cheap as {@code other}, and clearly better in one of the two. */
    public boolean dominates(CostLatencyPoint other) {
        return !clearlyLess(other.latencyMs, latencyMs) && !clearlyLess(other.costPerMTokUsd, costPerMTokUsd)
                && (clearlyLess(latencyMs, other.latencyMs) || clearlyLess(costPerMTokUsd, other.costPerMTokUsd));
    }

    /**
     * {@code a < b} by more than rounding: a price summed over many requests comes out as
     * 2.5000000000000027 in one group and 2.5 in another, which is no difference at all.
     */
    static boolean clearlyLess(double a, double b) {
        return a < b - 1e-9 * Math.max(Math.abs(a), Math.abs(b));
    }
}
