package io.dime.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dime.sim.ReplicationResult;
import io.dime.sim.RunOutcome;
import io.dime.sim.input.ScenarioException;
import io.dime.sim.input.Units;
import io.dime.sim.metrics.Estimate;
import io.dime.sim.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The league at several loads: the common workload's arrival rates scaled, each network's runs
 * turned into entries (saturated or not at the SLO target), and the marginal cost that only a
 * pair of loads can give.
 */
final class LeagueLoads {
    /** The name of the derived metric: operators' cost of the GPU time an extra 1M tokens occupies. */
    static final String MARGINAL = "marginal_cost_per_mtok_usd.operators";

    private LeagueLoads() {
    }

    /** The league's common keys with every open-loop arrival rate of its workload multiplied by {@code load}. */
    static JsonNode scaled(JsonNode common, double load) {
        JsonNode copy = common.deepCopy();
        JsonNode workload = copy.path("workload");
        if (!workload.isArray()) {
            throw new ScenarioException("league.loads", null, "loads other than 1 scale the common workload's arrival rates; the league's"
                    + " common keys have no workload list");
        }
        for (JsonNode item : workload) {
            JsonNode arrival = item.path("arrival");
            if (!(arrival instanceof ObjectNode a)) {
                continue;
            }
            String process = a.path("process").asText("poisson");
            if (process.equals("trace") || process.equals("closed-loop")) {
                throw new ScenarioException("league.loads", null, "loads other than 1 scale arrival rates, and class '" + item.path("name").asText()
                        + "' uses process '" + process + "', which has none; accepted: loads: [1], or an open-loop process");
            }
            for (String key : List.of("rate", "on_rate", "off_rate")) {
                scale(a, key, load);
            }
            if (a.path("steps") instanceof ArrayNode steps) {
                for (JsonNode step : steps) {
                    if (step instanceof ObjectNode o) {
                        scale(o, "rate", load);
                    }
                }
            }
        }
        return copy;
    }

    /** Whether a run misses the league's SLO target (its share of requests within their SLO is under it, or unknown). */
    static boolean saturated(League.Spec spec, RunOutcome outcome) {
        Estimate slo = outcome.summary().estimates().get("slo_attainment");
        return slo == null || !(slo.mean() >= spec.sloTarget());
    }

    /** A count multiplied by {@code factor}, rounded, at least 1 (a scale claim's larger or smaller network). */
    static void multiplyCount(ObjectNode node, String key, double factor) {
        JsonNode value = node.get(key);
        if (value != null && value.isNumber()) {
            node.put(key, Math.max(1, Math.round(value.asDouble() * factor)));
        }
    }

    private static void scale(ObjectNode node, String key, double load) {
        JsonNode value = node.get(key);
        if (value == null) {
            return;
        }
        double perSecond = value.isNumber() ? value.asDouble() : Units.parsePerSecond(value.asText());
        node.put(key, Units.formatPerSecond(perSecond * load));
    }

    /** Entries per load, each marked saturated or not, with the marginal cost from the pair of loads around it. */
    static List<List<League.Entry>> entries(League.Spec spec, List<List<RunOutcome>> outcomes) {
        List<List<League.Entry>> atLoads = new ArrayList<>();
        for (int l = 0; l < outcomes.size(); l++) {
            List<League.Entry> row = new ArrayList<>();
            for (int n = 0; n < outcomes.get(l).size(); n++) {
                RunOutcome outcome = outcomes.get(l).get(n);
                Scenario scenario = outcome.scenario();
                boolean centralized = scenario.nodes().stream().allMatch(g -> g.kind() == Scenario.NodeKind.CENTRALIZED);
                boolean saturated = saturated(spec, outcome);
                Map<String, Estimate> derived = Map.of();
                if (l + 1 < outcomes.size()) {
                    // Towards the next load up; the last load has no pair above it, so no marginal cost.
                    Estimate marginal = marginal(outcome, outcomes.get(l + 1).get(n));
                    derived = marginal == null ? Map.of() : Map.of(MARGINAL, marginal);
                }
                row.add(new League.Entry(scenario.name(), centralized, League.modelClass(scenario), League.groupGpus(scenario),
                        spec.loads().get(l), saturated, outcome, derived));
            }
            atLoads.add(row);
        }
        return atLoads;
    }

    /**
     * Per replication pair (common random numbers): the change in the GPU time the nodes were
     * busy, at each node's hourly cost, over the change in tokens served, per 1M tokens. A fleet
     * pays for its idle hours whatever the load, so this is the cost of the work an extra token
     * adds when GPU time is bought by the second; batching makes it fall as load rises.
     */
    static Estimate marginal(RunOutcome a, RunOutcome b) {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < Math.min(a.replications().size(), b.replications().size()); i++) {
            double tokensA = tokens(a.replications().get(i), window(a));
            double tokensB = tokens(b.replications().get(i), window(b));
            double dTokens = tokensB - tokensA;
            double dBusy = busyCost(b.replications().get(i)) - busyCost(a.replications().get(i));
            values.add(Math.abs(dTokens) > 0 ? dBusy / dTokens * 1e6 : Double.NaN);
        }
        if (values.isEmpty() || values.stream().anyMatch(v -> !Double.isFinite(v))) {
            return null;
        }
        return Estimate.of(values);
    }

    /**
     * Tokens served in the measured window (prompt and output, the basis of the cost per 1M
     * tokens): the throughput times the window. Read directly, not back from the cost per token, so
     * a fleet whose GPUs cost nothing still has the tokens it served.
     */
    private static double tokens(ReplicationResult r, double windowSeconds) {
        return r.metric("throughput.tokens_per_s") * windowSeconds;
    }

    private static double window(RunOutcome outcome) {
        return outcome.scenario().durationSeconds() - outcome.scenario().warmupSeconds();
    }

    private static double busyCost(ReplicationResult r) {
        double busy = 0;
        for (ReplicationResult.NodeRow node : r.nodes()) {
            busy += node.costUsd() * Math.min(1, node.utilization() / Math.max(node.availability(), 1e-9));
        }
        return busy;
    }
}
