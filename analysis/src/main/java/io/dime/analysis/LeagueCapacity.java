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
        League.Spec probeSpec = probeSpec(spec);
        double smallest = spec.loads().stream().mapToDouble(Double::doubleValue).min().orElse(1);
        double largest = spec.loads().stream().mapToDouble(Double::doubleValue).max().orElse(1);
        for (int n = 0; n < atLoads.get(0).size(); n++) {
            // The league's runs bracket it: the lowest load missed, and the highest met below that
            // (a load met above a miss is not trusted: the bracket stays monotone).
            double missed = Double.POSITIVE_INFINITY;
            for (List<League.Entry> atLoad : atLoads) {
                if (atLoad.get(n).saturated()) {
                    missed = Math.min(missed, atLoad.get(n).load());
                }
            }
            double met = 0;
            for (List<League.Entry> atLoad : atLoads) {
                if (!atLoad.get(n).saturated() && atLoad.get(n).load() < missed) {
                    met = Math.max(met, atLoad.get(n).load());
                }
            }
            Bracket bracket = new Bracket(probeSpec, spec.networks().get(n), threads, met, missed);
            if (spec.capacitySteps() > 0) {
                while (bracket.meets == 0 && bracket.misses > smallest / REACH) {
                    bracket.probe(bracket.misses / 4);
                }
                while (Double.isInfinite(bracket.misses) && bracket.meets < largest * REACH) {
                    bracket.probe(bracket.meets * 4);
                }
                for (int step = 0; step < spec.capacitySteps() && bracket.meets > 0 && Double.isFinite(bracket.misses); step++) {
                    bracket.probe(Math.sqrt(bracket.meets * bracket.misses));
                }
            }
            League.Entry stated = atLoads.get(0).get(n);
            double statedRate = stated.outcome().scenario().workload().stream().mapToDouble(c -> c.arrival().meanRatePerSecond()).sum()
                    / stated.load();
            capacities.put(stated.name(), new Capacity(stated.name(), bracket.meets, bracket.misses, statedRate, bracket.probes));
        }
        return capacities;
    }

    /** A network's capacity bracket as the search narrows it: each probe moves one end. */
    private static final class Bracket {
        private final League.Spec spec;
        private final java.nio.file.Path network;
        private final int threads;
        double meets;
        double misses;
        int probes;

        Bracket(League.Spec spec, java.nio.file.Path network, int threads, double meets, double misses) {
            this.spec = spec;
            this.network = network;
            this.threads = threads;
            this.meets = meets;
            this.misses = misses;
        }

        void probe(double load) {
            probes++;
            if (meetsTarget(spec, network, load, threads)) {
                meets = load;
            } else {
                misses = load;
            }
        }
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
