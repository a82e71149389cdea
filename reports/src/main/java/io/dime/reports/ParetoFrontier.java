package io.dime.reports;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The points no other point beats on both latency and cost: the choices worth considering. */
public final class ParetoFrontier {
    private ParetoFrontier() {
    }

    /**
     * The frontier in order of rising latency (so of falling cost). Sorted by latency, a point is
     * on it exactly when it is clearly cheaper than every faster point; of two equal points (to
     * rounding) the faster, then the cheaper, is kept.
     */
    public static List<CostLatencyPoint> of(List<CostLatencyPoint> points) {
        List<CostLatencyPoint> sorted = points.stream()
                .filter(CostLatencyPoint::isFinite)
                .sorted(Comparator.comparingDouble(CostLatencyPoint::latencyMs).thenComparingDouble(CostLatencyPoint::costPerMTokUsd))
                .toList();
        List<CostLatencyPoint> frontier = new ArrayList<>();
        double cheapestSoFar = Double.POSITIVE_INFINITY;
        for (CostLatencyPoint point : sorted) {
            if (frontier.isEmpty() || CostLatencyPoint.clearlyLess(point.costPerMTokUsd(), cheapestSoFar)) {
                frontier.add(point);
                cheapestSoFar = point.costPerMTokUsd();
            }
        }
        return List.copyOf(frontier);
    }
}
