package io.dime.sim;

import java.util.List;
import java.util.Map;

/**
 * What one replication produced: its metrics as named scalars (in a fixed order), the
 * fingerprint of its event trace, and one row per node.
 */
public record ReplicationResult(
        int replication,
        long seed,
        String fingerprint,
        long eventsFired,
        Map<String, Double> metrics,
        List<NodeRow> nodes,
        List<String> requestRows,
        List<String> timeseriesRows,
        List<String> verificationRows) {

    public ReplicationResult {
        metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
        nodes = List.copyOf(nodes);
        requestRows = List.copyOf(requestRows);
        timeseriesRows = List.copyOf(timeseriesRows);
        verificationRows = List.copyOf(verificationRows);
    }

    /** Header of the sampled request rows. */
    public static String requestHeader() {
        return RequestSampler.HEADER;
    }

    public double metric(String name) {
        Double value = metrics.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no metric " + name);
        }
        return value;
    }

    /** One node's share of the work over the measured window. */
    public record NodeRow(int node, String group, String gpu, String region, long served, double utilization, double availability,
            long preemptions, double meanBatch, double costUsd, double revenueUsd) {
    }
}
