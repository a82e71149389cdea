package io.dime.sim;

import io.dime.sim.kernel.Fingerprint;
import io.dime.sim.kernel.Simulation;
import io.dime.sim.metrics.LatencyRecorder;
import io.dime.sim.metrics.RunMetrics;
import io.dime.sim.node.LiveNode;
import io.dime.sim.node.Node;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.Scenario.NodeGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What one replication reports: it checks that every request is accounted for, then gathers the
 * metrics of requests, nodes, node groups, live nodes and request classes, then those of the
 * parts that ran (verifier, markets, economy), each of which checks its own invariants first.
 */
final class ReplicationReport {
    private final Scenario scenario;
    private final Simulation sim;
    private final NodeTable table;
    private final RunMetrics metrics;
    private final GroupMetrics[] groupMetrics;
    private final List<LiveNode> liveNodes;
    /** The metrics of the parts that ran, in the order they are reported. */
    private final List<Consumer<Map<String, Double>>> parts = new ArrayList<>();
    private Supplier<List<String>> timeseries = List::of;
    private Supplier<List<String>> verificationRows = List::of;

    ReplicationReport(Scenario scenario, Simulation sim, NodeTable table, RunMetrics metrics, GroupMetrics[] groupMetrics, List<LiveNode> liveNodes) {
        this.scenario = scenario;
        this.sim = sim;
        this.table = table;
        this.metrics = metrics;
        this.groupMetrics = groupMetrics;
        this.liveNodes = liveNodes;
    }

    void addPart(Consumer<Map<String, Double>> part) {
        parts.add(part);
    }

    void timeseries(Supplier<List<String>> rows) {
        this.timeseries = rows;
    }

    void verificationRows(Supplier<List<String>> rows) {
        this.verificationRows = rows;
    }

    ReplicationResult result(int replication, long seed, RequestSampler sampler, long defected) {
        checkConserved(replication);
        double window = scenario.durationSeconds() - scenario.warmupSeconds();
        Map<String, Double> m = new LinkedHashMap<>();
        requests(m, window, defected);
        List<ReplicationResult.NodeRow> rows = nodes(m, window);
        if (scenario.nodes().size() > 1) {
            groups(m, window);
        }
        live(m);
        classes(m);
        for (Consumer<Map<String, Double>> part : parts) {
            part.accept(m);
        }
        allIn(m);
        return new ReplicationResult(replication, seed, Fingerprint.hex(sim.fingerprint()), sim.eventsFired(), m, rows, sampler.rows(),
                timeseries.get(), verificationRows.get());
    }

    /**
     * What serving a 1M tokens costs all told: what users pay (with the egress a cloud bills them)
     * plus the overheads the network bears beside it, its operators' egress and the GPU time of
     * verification (valued at each verifier's hourly cost). A price under it does not cover them.
     */
    private void allIn(Map<String, Double> m) {
        long tokens = metrics.promptTokens() + metrics.outputTokens();
        double verification = m.getOrDefault("verify.overhead_usd", 0.0);
        double usd = metrics.revenueUsd() + m.get("egress.usd") + (Double.isFinite(verification) ? verification : 0);
        m.put("cost_per_mtok_usd.all_in", tokens == 0 ? Double.NaN : usd / tokens * 1e6);
    }

    /** Every run checks this, not only the tests: a lost or double-counted request is a bug. */
    private void checkConserved(int replication) {
        long accounted = metrics.completed() + metrics.failed() + metrics.dropped() + metrics.inFlight();
        if (accounted != metrics.arrived() || metrics.inFlight() < 0) {
            throw new IllegalStateException("requests not conserved in replication " + replication + ": arrived " + metrics.arrived()
                    + ", completed " + metrics.completed() + " + failed " + metrics.failed() + " + dropped " + metrics.dropped()
                    + " + in flight " + metrics.inFlight());
        }
    }

    private void requests(Map<String, Double> m, double window, long defected) {
        latencies(m, "", metrics.all);
        long tokens = metrics.promptTokens() + metrics.outputTokens();
        m.put("throughput.output_tokens_per_s", metrics.outputTokens() / window);
        m.put("throughput.tokens_per_s", tokens / window);
        m.put("throughput.requests_per_s", metrics.completed() / window);
        m.put("requests.arrived", (double) metrics.arrived());
        m.put("requests.completed", (double) metrics.completed());
        m.put("requests.failed", (double) metrics.failed());
        m.put("requests.timed_out", (double) metrics.timedOut());
        m.put("requests.dropped", (double) metrics.dropped());
        m.put("requests.in_flight", (double) metrics.inFlight());
        m.put("requests.retries", (double) metrics.retries());
        if (scenario.demand() != null) {
            m.put("requests.defected", (double) defected);
        }
        m.put("slo_attainment", ratio(metrics.sloMet(), metrics.arrived()));
    }

    /** The nodes' totals, and one row per node for nodes.csv. */
    private List<ReplicationResult.NodeRow> nodes(Map<String, Double> m, double window) {
        double utilization = 0;
        double operatorCost = 0;
        double operatorRevenue = 0;
        double availability = 0;
        long preemptions = 0;
        double batchSum = 0;
        int batchNodes = 0;
        List<ReplicationResult.NodeRow> rows = new ArrayList<>();
        for (Node node : table.nodes) {
            int index = node.index();
            NodeGroup group = table.group.get(index);
            double nodeUtilization = node.utilization(window);
            double nodeCost = table.costUsd(index);
            utilization += nodeUtilization;
            operatorCost += nodeCost;
            operatorRevenue += table.revenueUsd[index];
            availability += table.upSeconds[index] / window;
            preemptions += node.preemptions();
            if (!Double.isNaN(node.meanBatchSize())) {
                batchSum += node.meanBatchSize();
                batchNodes++;
            }
            rows.add(new ReplicationResult.NodeRow(index, group.name(), group.gpu(), table.regionName.get(index),
                    node.served(), nodeUtilization, table.upSeconds[index] / window, node.preemptions(), node.meanBatchSize(),
                    nodeCost, table.revenueUsd[index]));
        }
        int n = table.size();
        long tokens = metrics.promptTokens() + metrics.outputTokens();
        double[] egress = egress();
        double egressUsersUsd = egress[1];
        double egressOperatorsUsd = egress[2];
        operatorCost += egressOperatorsUsd;
        m.put("utilization", utilization / n);
        m.put("nodes.availability", availability / n);
        m.put("nodes.preemptions", (double) preemptions);
        m.put("nodes.mean_batch", batchNodes == 0 ? Double.NaN : batchSum / batchNodes);
        m.put("cost_per_mtok_usd.users", tokens == 0 ? Double.NaN : (metrics.revenueUsd() + egressUsersUsd) / tokens * 1e6);
        m.put("cost_per_mtok_usd.operators", tokens == 0 ? Double.NaN : operatorCost / tokens * 1e6);
        m.put("cost_per_mtok_usd.price", tokens == 0 ? Double.NaN : metrics.revenueUsd() / tokens * 1e6);
        m.put("cost_per_mtok_usd.egress", tokens == 0 ? Double.NaN : (egressUsersUsd + egressOperatorsUsd) / tokens * 1e6);
        m.put("egress.gb", egress[0] / 1e9);
        m.put("egress.usd", egressUsersUsd + egressOperatorsUsd);
        m.put("egress.users_usd", egressUsersUsd);
        m.put("egress.operators_usd", egressOperatorsUsd);
        m.put("operator_profit_usd", operatorRevenue - operatorCost);
        m.put("protocol_revenue_usd", metrics.revenueUsd() - operatorRevenue);
        // Little's law: mean requests in the system = admitted arrival rate x mean time in the system.
        m.put("little.requests_in_system", metrics.inSystemArea() / window);
        m.put("little.admitted_per_s", (metrics.arrived() - metrics.dropped()) / window);
        return rows;
    }

    /**
     * Bytes out, and their USD billed to users and paid by operators: a cloud bills its customer
     * for data out on top of the token price; an operator of the network pays its own uplink or
     * relay, out of what it earns.
     */
    private double[] egress() {
        double[] egress = new double[3];
        for (int g = 0; g < scenario.nodes().size(); g++) {
            NodeGroup group = scenario.nodes().get(g);
            egress[0] += groupMetrics[g].egressBytes(group, scenario.network().streamBytesPerToken());
            egress[group.kind() == Scenario.NodeKind.CENTRALIZED ? 1 : 2] += egressUsd(g);
        }
        return egress;
    }

    /** USD of group {@code g}'s egress: its bytes out at its price per GB. */
    private double egressUsd(int g) {
        NodeGroup group = scenario.nodes().get(g);
        return groupMetrics[g].egressBytes(group, scenario.network().streamBytesPerToken()) / 1e9 * group.egressUsdPerGb();
    }

    private void groups(Map<String, Double> m, double window) {
        for (int g = 0; g < scenario.nodes().size(); g++) {
            NodeGroup group = scenario.nodes().get(g);
            GroupMetrics gm = groupMetrics[g];
            double egressUsd = egressUsd(g);
            boolean billedToUsers = group.kind() == Scenario.NodeKind.CENTRALIZED;
            double cost = billedToUsers ? 0 : egressUsd;
            double revenue = 0;
            double utilization = 0;
            for (Node node : table.nodes) {
                if (node.group() == g) {
                    cost += group.costPerHourUsd() * table.upSeconds[node.index()] / 3600;
                    revenue += table.revenueUsd[node.index()];
                    utilization += node.utilization(window) / group.count();
                }
            }
            String prefix = "groups." + group.name().replace('.', '_') + ".";
            m.put(prefix + "ttft_ms.p50", gm.ttft.percentileMs(50));
            m.put(prefix + "ttft_ms.p95", gm.ttft.percentileMs(95));
            m.put(prefix + "ttft_ms.p99", gm.ttft.percentileMs(99));
            m.put(prefix + "tpot_ms.p50", gm.tpot.percentileMs(50));
            m.put(prefix + "tpot_ms.p99", gm.tpot.percentileMs(99));
            m.put(prefix + "max_itl_ms.p99", gm.maxItl.percentileMs(99));
            jitter(m, prefix, gm.ttft, gm.tpot, gm.maxItl);
            m.put(prefix + "e2e_ms.p50", gm.e2e.percentileMs(50));
            m.put(prefix + "e2e_ms.p95", gm.e2e.percentileMs(95));
            m.put(prefix + "e2e_ms.p99", gm.e2e.percentileMs(99));
            m.put(prefix + "completed", (double) gm.ttft.count());
            m.put(prefix + "utilization", utilization);
            m.put(prefix + "cost_per_mtok_usd.users", gm.tokens == 0 ? Double.NaN : (gm.paidUsd + (billedToUsers ? egressUsd : 0)) / gm.tokens * 1e6);
            m.put(prefix + "cost_per_mtok_usd.operators", gm.tokens == 0 ? Double.NaN : cost / gm.tokens * 1e6);
            m.put(prefix + "profit_usd", revenue - cost);
        }
    }

    private void live(Map<String, Double> m) {
        for (LiveNode node : liveNodes) {
            String prefix = "live." + scenario.nodes().get(node.group()).name().replace('.', '_') + ".";
            m.put(prefix + "failed", (double) node.failed());
            node.failuresByKind().forEach((kind, count) -> m.put(prefix + "failed_by_kind." + kind, (double) count));
            m.put(prefix + "output_token_mismatches", (double) node.outputTokenMismatches());
            m.put(prefix + "in_flight_at_end", (double) node.inFlight());
        }
    }

    private void classes(Map<String, Double> m) {
        if (scenario.workload().size() <= 1) {
            return;
        }
        for (int c = 0; c < scenario.workload().size(); c++) {
            String prefix = "classes." + scenario.workload().get(c).name().replace('.', '_') + ".";
            RunMetrics.ClassMetrics cm = metrics.of(c);
            latencies(m, prefix, cm);
            m.put(prefix + "completed", (double) cm.completed());
            m.put(prefix + "slo_attainment", ratio(cm.sloMet(), cm.arrived()));
            m.put(prefix + "cost_per_mtok_usd.users", cm.tokens() == 0 ? Double.NaN : cm.revenueUsd() / cm.tokens() * 1e6);
        }
    }

    private static double ratio(long part, long whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }

    private static void latencies(Map<String, Double> m, String prefix, RunMetrics.ClassMetrics cm) {
        latency(m, prefix + "ttft_ms", cm.ttft);
        latency(m, prefix + "tpot_ms", cm.tpot);
        latency(m, prefix + "e2e_ms", cm.e2e);
        latency(m, prefix + "queue_ms", cm.queue);
        latency(m, prefix + "max_itl_ms", cm.maxItl);
        jitter(m, prefix, cm.ttft, cm.tpot, cm.maxItl);
    }

    /**
     * How unpredictable answers are, beside how fast: the TTFT tail over its median and its
     * coefficient of variation, the spread of requests' mean inter-token gaps, and the worst stall
     * of the p99 request over the median gap (max inter-token latency p99 / TPOT p50).
     */
    private static void jitter(Map<String, Double> m, String prefix, LatencyRecorder ttft, LatencyRecorder tpot, LatencyRecorder maxItl) {
        m.put(prefix + "jitter.ttft_p99_over_p50", ttft.percentileMs(99) / ttft.percentileMs(50));
        m.put(prefix + "jitter.ttft_cv", ttft.coefficientOfVariation());
        m.put(prefix + "jitter.tpot_cv", tpot.coefficientOfVariation());
        m.put(prefix + "jitter.stall_over_gap", maxItl.percentileMs(99) / tpot.percentileMs(50));
    }

    private static void latency(Map<String, Double> m, String name, LatencyRecorder recorder) {
        m.put(name + ".mean", recorder.meanMs());
        m.put(name + ".p50", recorder.percentileMs(50));
        m.put(name + ".p95", recorder.percentileMs(95));
        m.put(name + ".p99", recorder.percentileMs(99));
    }
}
