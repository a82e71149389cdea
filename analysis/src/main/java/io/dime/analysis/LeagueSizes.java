package io.dime.analysis;

import io.dime.sim.RunOutcome;
import io.dime.sim.metrics.Estimate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The extra runs of a league's scale claims: each network a claim names, at every load, run again
 * at each multiple of its size (node counts and arrival rates alike); what those runs report for
 * the claim's metric becomes a derived metric of the network's entry, {@code size_2x.METRIC}, with
 * {@code size_2x.saturated} (1 when the run misses the league's SLO target), so league.csv, the
 * verdicts and the replications all read it like any other metric.
 */
final class LeagueSizes {
    static final String SATURATED = "saturated";

    private LeagueSizes() {
    }

    /** Every scale claim's sized scenarios are read before the first run: one that cannot be (a slice larger than its network) is a located error. */
    static void check(League.Spec spec, List<String> names) {
        for (Claim claim : spec.claims()) {
            if (!claim.kind().equals("scale")) {
                continue;
            }
            for (String network : claim.networks()) {
                int n = names.indexOf(network);
                if (n < 0) {
                    throw new io.dime.sim.input.ScenarioException("claims." + claim.id() + ".networks", null, "a scale claim names networks one by one;"
                            + " '" + network + "' is not one of the league's: " + String.join(", ", names));
                }
                for (double size : claim.sizes()) {
                    for (double load : spec.loads()) {
                        League.scenarioFor(spec, spec.networks().get(n), load, size);
                    }
                }
            }
        }
    }

    static List<List<League.Entry>> run(League.Spec spec, List<List<League.Entry>> atLoads, int threads) {
        List<Claim> claims = spec.claims().stream().filter(c -> c.kind().equals("scale")).toList();
        if (claims.isEmpty()) {
            return atLoads;
        }
        List<List<League.Entry>> result = new ArrayList<>();
        for (int l = 0; l < atLoads.size(); l++) {
            List<League.Entry> row = new ArrayList<>();
            for (int n = 0; n < atLoads.get(l).size(); n++) {
                League.Entry entry = atLoads.get(l).get(n);
                Map<String, Estimate> derived = new LinkedHashMap<>(entry.derived());
                for (Claim claim : claims) {
                    if (!claim.networks().contains(entry.name())) {
                        continue;
                    }
                    Path file = spec.networks().get(n);
                    for (double size : claim.sizes()) {
                        if (size == 1 || derived.containsKey(Claim.atSize(size, claim.metric()))) {
                            continue;
                        }
                        RunOutcome outcome = RunOutcome.run(League.scenarioFor(spec, file, spec.loads().get(l), size), threads);
                        Estimate value = outcome.summary().estimates().get(claim.metric());
                        if (value != null) {
                            derived.put(Claim.atSize(size, claim.metric()), value);
                        }
                        Estimate slo = outcome.summary().estimates().get("slo_attainment");
                        boolean saturated = slo == null || !(slo.mean() >= spec.sloTarget());
                        derived.put(Claim.atSize(size, SATURATED), Estimate.of(List.of(saturated ? 1.0 : 0.0)));
                    }
                }
                row.add(new League.Entry(entry.name(), entry.centralized(), entry.modelClass(), entry.groupGpus(), entry.load(), entry.saturated(),
                        entry.outcome(), java.util.Collections.unmodifiableMap(derived)));
            }
            result.add(row);
        }
        return result;
    }
}
