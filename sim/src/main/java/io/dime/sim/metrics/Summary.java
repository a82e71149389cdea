package io.dime.sim.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every metric of a run, estimated across its replications, in the order the model reports them. */
public record Summary(Map<String, Estimate> estimates) {
    /** The estimates of every metric of the first replication, from each replication's metrics (each must have them all). */
    public static Summary of(List<Map<String, Double>> replications) {
        Map<String, Estimate> estimates = new LinkedHashMap<>();
        for (String name : replications.get(0).keySet()) {
            List<Double> values = new ArrayList<>(replications.size());
            for (Map<String, Double> metrics : replications) {
                Double value = metrics.get(name);
                if (value == null) {
                    throw new IllegalArgumentException("no metric " + name);
                }
                values.add(value);
            }
            estimates.put(name, Estimate.of(values));
        }
        return new Summary(java.util.Collections.unmodifiableMap(estimates));
    }

    public Estimate get(String name) {
        Estimate estimate = estimates.get(name);
        if (estimate == null) {
            throw new IllegalArgumentException("no metric " + name);
        }
        return estimate;
    }
}
