package io.dime.sim.metrics;

import io.dime.sim.ReplicationResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every metric of a run, estimated across its replications, in the order the model reports them. */
public record Summary(Map<String, Estimate> estimates) {
    public static Summary of(List<ReplicationResult> results) {
        Map<String, Estimate> estimates = new LinkedHashMap<>();
        for (String name : results.get(0).metrics().keySet()) {
            List<Double> values = new ArrayList<>(results.size());
            for (ReplicationResult result : results) {
                values.add(result.metric(name));
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
