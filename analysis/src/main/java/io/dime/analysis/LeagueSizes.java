package io.dime.analysis;

import io.dime.sim.RunOutcome;
import io.dime.sim.metrics.Estimate;
import io.dime.sim.scenario.Scenario;
import java.util.ArrayList;
import java.util.Collections;
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

    /**
     * Every scale claim's sized scenarios, read before the first run so one that cannot be (a slice
     * larger than its network) is a located error; keyed by {@link #key}. Each is read once, however
     * many claims need it.
     */
    static Map<String, Scenario> scenarios(League.Spec spec, List<String> names) {
        Map<String, Scenario> scenarios = new LinkedHashMap<>();
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
                    for (int l = 0; l < spec.loads().size(); l++) {
                        double load = spec.loads().get(l);
                        if (size != 1) {
                            scenarios.computeIfAbsent(key(n, l, size), k -> League.scenarioFor(spec, spec.networks().get(n), load, size));
                        }
                    }
                }
            }
        }
        return scenarios;
    }

    /** Network {@code n} at load index {@code l}, {@code size} times as large. */
    private static String key(int n, int l, double size) {
        return n + "/" + l + "/" + size;
    }

    /** The entries with the sized runs' metrics added; each sized scenario runs once. */
    static List<List<League.Entry>> run(League.Spec spec, List<List<League.Entry>> atLoads, Map<String, Scenario> scenarios, int threads) {
        if (scenarios.isEmpty()) {
            return atLoads;
        }
        List<Claim> claims = spec.claims().stream().filter(c -> c.kind().equals("scale")).toList();
        List<List<League.Entry>> result = new ArrayList<>();
        for (int l = 0; l < atLoads.size(); l++) {
            List<League.Entry> row = new ArrayList<>();
            for (int n = 0; n < atLoads.get(l).size(); n++) {
                League.Entry entry = atLoads.get(l).get(n);
                int networkIndex = n;
                int loadIndex = l;
                Map<String, Estimate> derived = new LinkedHashMap<>(entry.derived());
                Map<Double, RunOutcome> bySize = new LinkedHashMap<>();
                for (Claim claim : claims) {
                    if (!claim.networks().contains(entry.name())) {
                        continue;
                    }
                    for (double size : claim.sizes()) {
                        if (size == 1) {
                            continue;
                        }
                        RunOutcome outcome = bySize.computeIfAbsent(size, s -> RunOutcome.run(scenarios.get(key(networkIndex, loadIndex, s)), threads));
                        Estimate value = outcome.summary().estimates().get(claim.metric());
                        if (value != null) {
                            derived.put(Claim.atSize(size, claim.metric()), value);
                        }
                        derived.put(Claim.atSize(size, SATURATED), Estimate.of(List.of(LeagueLoads.saturated(spec, outcome) ? 1.0 : 0.0)));
                    }
                }
                row.add(new League.Entry(entry.name(), entry.centralized(), entry.modelClass(), entry.groupGpus(), entry.load(), entry.saturated(),
                        entry.outcome(), Collections.unmodifiableMap(derived)));
            }
            result.add(row);
        }
        return result;
    }
}
