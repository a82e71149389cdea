package io.dime.analysis;

import io.dime.sim.RunOutcome;
import io.dime.sim.input.Units;
import io.dime.sim.metrics.Estimate;
import io.dime.sim.scenario.Scenario;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Each network's capacity at its SLO: the highest multiple of the league's stated load at which
 * the share of requests meeting their SLO is still at the league's target. The league's own
 * runs at its loads bracket it; a search then halves or doubles past the loads until the target
 * is missed (or met) and bisects the bracket geometrically, each probe a one-replication run of
 * at most 10 simulated minutes (2 of warm-up) with the league's seed (common random numbers).
 */
final class LeagueCapacity {
    /** How far the search goes past the league's loads: 16 times below the smallest or above the largest. */
    private static final double REACH = 16;
    /** A probe's simulated length and warm-up, at most: enough for queues to settle or grow at a load, short enough to try several. */
    private static final String PROBE_DURATION = "10min";
    private static final String PROBE_WARMUP = "2min";

    /**
     * {@code meets}: the highest multiple known to meet the target (0: none found down to the
     * search's reach); {@code misses}: the lowest known to miss it (infinite: none up to the reach).
     */
    record Capacity(String network, double meets, double misses, double statedRatePerSecond, int probes) {
        /** Requests per second at the highest load known to meet the target. */
        double ratePerSecond() {
            return meets * statedRatePerSecond;
        }

        String describe() {
            if (meets == 0) {
                return String.format(Locale.ROOT, "misses the SLO target even at %sx the stated load", Claim.number(misses));
            }
            String rate = Claim.number(ratePerSecond()) + " req/s (" + Claim.number(meets) + "x)";
            return Double.isInfinite(misses) ? "meets the SLO target up to at least " + rate
                    : "meets the SLO target up to " + rate + ", misses it at " + Claim.number(misses) + "x";
        }
    }

    private LeagueCapacity() {
    }

    static Map<String, Capacity> search(League.Spec spec, List<List<League.Entry>> atLoads, int threads) {
        Map<String, Capacity> capacities = new LinkedHashMap<>();
        League.Spec probe = probeSpec(spec);
        for (int n = 0; n < atLoads.get(0).size(); n++) {
            double meets = 0;
            double misses = Double.POSITIVE_INFINITY;
            for (List<League.Entry> atLoad : atLoads) {
                League.Entry e = atLoad.get(n);
                if (e.saturated()) {
                    misses = Math.min(misses, e.load());
                } else if (e.load() < misses) {
                    meets = Math.max(meets, e.load());
                }
            }
            if (meets >= misses) {
                meets = 0; // not monotone in load: trust only what lies below the first miss
                for (List<League.Entry> atLoad : atLoads) {
                    if (!atLoad.get(n).saturated() && atLoad.get(n).load() < misses) {
                        meets = Math.max(meets, atLoad.get(n).load());
                    }
                }
            }
            League.Entry stated = atLoads.get(0).get(n);
            double statedRate = stated.outcome().scenario().workload().stream().mapToDouble(c -> c.arrival().meanRatePerSecond()).sum()
                    / stated.load();
            int probes = 0;
            if (spec.capacitySteps() > 0) {
                java.nio.file.Path network = spec.networks().get(n);
                double smallest = spec.loads().stream().mapToDouble(Double::doubleValue).min().orElse(1);
                double largest = spec.loads().stream().mapToDouble(Double::doubleValue).max().orElse(1);
                while (meets == 0 && misses > smallest / REACH) {
                    double m = misses / 4;
                    probes++;
                    if (meetsTarget(probe, network, m, threads)) {
                        meets = m;
                    } else {
                        misses = m;
                    }
                }
                while (Double.isInfinite(misses) && meets < largest * REACH) {
                    double m = meets * 4;
                    probes++;
                    if (meetsTarget(probe, network, m, threads)) {
                        meets = m;
                    } else {
                        misses = m;
                    }
                }
                for (int step = 0; step < spec.capacitySteps() && meets > 0 && Double.isFinite(misses); step++) {
                    double m = Math.sqrt(meets * misses);
                    probes++;
                    if (meetsTarget(probe, network, m, threads)) {
                        meets = m;
                    } else {
                        misses = m;
                    }
                }
            }
            capacities.put(stated.name(), new Capacity(stated.name(), meets, misses, statedRate, probes));
        }
        return capacities;
    }

    /** The league with its runs cut to a probe's length (when longer). */
    private static League.Spec probeSpec(League.Spec spec) {
        double duration = spec.duration() == null ? Double.POSITIVE_INFINITY : Units.parseSeconds(spec.duration());
        if (duration <= Units.parseSeconds(PROBE_DURATION)) {
            return spec;
        }
        return new League.Spec(spec.name(), spec.networks(), spec.seed(), spec.replications(), PROBE_DURATION, PROBE_WARMUP, spec.common(),
                spec.claims(), spec.loads(), spec.sloTarget(), spec.capacitySteps());
    }

    private static boolean meetsTarget(League.Spec spec, java.nio.file.Path network, double load, int threads) {
        Scenario scenario = League.scenarioFor(spec, network, load).withReplications(1);
        RunOutcome outcome = RunOutcome.run(scenario, threads);
        Estimate slo = outcome.summary().estimates().get("slo_attainment");
        return slo != null && slo.mean() >= spec.sloTarget();
    }

    /** capacity.csv: per network, the bracket of its capacity at the SLO target, in multiples of the stated load and in requests per second. */
    static String csv(League.Spec spec, League.Result result) {
        StringBuilder csv = new StringBuilder("network,slo_target,meets_load,misses_load,meets_rate_per_s,stated_rate_per_s,probes,capacity\n");
        for (Capacity c : result.capacities().values()) {
            csv.append(String.format(Locale.ROOT, "\"%s\",%s,%s,%s,%s,%s,%d,\"%s\"%n", c.network(), spec.sloTarget(), c.meets(),
                    Double.isInfinite(c.misses()) ? "" : Double.toString(c.misses()), c.ratePerSecond(), c.statedRatePerSecond(), c.probes(),
                    c.describe()));
        }
        return csv.toString();
    }
}
