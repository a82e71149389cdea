package io.dime.sim;

import io.dime.sim.catalog.Catalog;
import io.dime.sim.kernel.EventList;
import io.dime.sim.kernel.Fingerprint;
import io.dime.sim.kernel.Replications;
import io.dime.sim.kernel.Simulation;
import io.dime.sim.metrics.LatencyRecorder;
import io.dime.sim.metrics.RunMetrics;
import io.dime.sim.node.Node;
import io.dime.sim.node.ServiceModel;
import io.dime.sim.routing.Router;
import io.dime.sim.routing.Routers;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.Scenario.NodeGroup;
import io.dime.sim.scenario.Scenario.NodeKind;
import io.dime.sim.scenario.Scenario.RegionShare;
import io.dime.sim.scenario.Scenario.RequestClass;
import io.dime.sim.workload.ArrivalProcess;
import io.dime.sim.workload.Request;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * One replication of a scenario, built and run: arrivals of every request class, a router,
 * nodes with service times, and the metrics they feed.
 */
public final class World {
    private final Scenario scenario;
    private final int replication;
    private final long seed;
    private final Simulation sim;
    private final List<Node> nodes = new ArrayList<>();
    private final List<String> nodeRegions = new ArrayList<>();
    private final Map<String, List<Node>> nodesByModel = new HashMap<>();
    private final Router router;
    private final RandomGenerator routingRandom;
    private final RunMetrics metrics = new RunMetrics();
    private final double[] groupRevenueUsd;
    private final double[] nodeRevenueUsd;
    private long nextRequestId;

    private World(Scenario scenario, int replication, Catalog catalog) {
        this.scenario = scenario;
        this.replication = replication;
        this.seed = Replications.seedOf(scenario.seed(), replication);
        this.sim = new Simulation(seed);
        this.router = Routers.create(scenario.routing().policy());
        this.routingRandom = sim.random().stream("routing");
        List<NodeGroup> groups = scenario.nodes();
        for (int g = 0; g < groups.size(); g++) {
            NodeGroup group = groups.get(g);
            ServiceModel service = group.service() != null
                    ? new ServiceModel.Sampled(group.service())
                    : ServiceModel.Roofline.of(catalog.gpus().get(group.gpu()), scenario.model(group.model()), catalog);
            List<String> regions = spreadOverRegions(group.regions(), group.count());
            for (int k = 0; k < group.count(); k++) {
                Node node = new Node(nodes.size(), g, group.slots(), group.maxQueue(), service, sim, this::completed);
                nodes.add(node);
                nodeRegions.add(regions.get(k));
                nodesByModel.computeIfAbsent(group.model(), m -> new ArrayList<>()).add(node);
            }
        }
        this.groupRevenueUsd = new double[groups.size()];
        this.nodeRevenueUsd = new double[nodes.size()];
    }

    /** Runs replication {@code replication} of {@code scenario}. */
    public static ReplicationResult run(Scenario scenario, int replication, Catalog catalog) {
        return new World(scenario, replication, catalog).run();
    }

    public static ReplicationResult run(Scenario scenario, int replication) {
        return run(scenario, replication, Catalog.builtIn());
    }

    private ReplicationResult run() {
        List<RequestClass> classes = scenario.workload();
        for (int c = 0; c < classes.size(); c++) {
            startArrivals(c);
        }
        double warmup = scenario.warmupSeconds();
        sim.scheduleAt(warmup, EventList.MIN_PRIORITY, this::startMeasuring);
        sim.runUntil(scenario.durationSeconds());
        metrics.finish(sim.now());
        return result();
    }

    private void startMeasuring() {
        metrics.start(sim.now());
        for (Node node : nodes) {
            node.resetAccounting();
        }
    }

    private void startArrivals(int classIndex) {
        ArrivalStream stream = new ArrivalStream(classIndex);
        sim.schedule(stream.process.nextGapSeconds(0, stream.arrivals), stream);
    }

    /** The requests of one class: each arrival routes a request and schedules the next. */
    private final class ArrivalStream implements io.dime.sim.kernel.Event {
        private final int classIndex;
        private final RequestClass requestClass;
        private final ArrivalProcess process;
        private final RandomGenerator arrivals;
        private final RandomGenerator lengths;
        private final List<Node> candidates;

        ArrivalStream(int classIndex) {
            this.classIndex = classIndex;
            this.requestClass = scenario.workload().get(classIndex);
            this.process = ArrivalProcess.of(requestClass.arrival());
            this.arrivals = sim.random().stream("workload/" + requestClass.name() + "/arrivals");
            this.lengths = sim.random().stream("workload/" + requestClass.name() + "/lengths");
            this.candidates = nodesByModel.get(requestClass.model());
        }

        @Override
        public void fire() {
            double now = sim.now();
            int prompt = tokens(requestClass.promptTokens().sample(lengths));
            int output = tokens(requestClass.outputTokens().sample(lengths));
            Request request = new Request(nextRequestId++, classIndex, now, prompt, output, now >= scenario.warmupSeconds());
            metrics.arrived(request, now);
            Node node = candidates.get(router.choose(candidates, routingRandom));
            if (!node.offer(request)) {
                metrics.dropped(request, now);
            }
            sim.schedule(process.nextGapSeconds(now, arrivals), this);
        }
    }

    private static int tokens(double sample) {
        return (int) Math.max(1, Math.round(sample));
    }

    private void completed(Node node, Request request) {
        NodeGroup group = scenario.nodes().get(node.group());
        RequestClass requestClass = scenario.workload().get(request.requestClass);
        double priceUsd = group.pricePerMTokUsd() * request.totalTokens() / 1e6;
        metrics.completed(request, requestClass.slo(), priceUsd, sim.now());
        if (request.measured) {
            double operatorShare = group.kind() == NodeKind.DECENTRALIZED ? 1 - scenario.market().protocolFee() : 1;
            groupRevenueUsd[node.group()] += priceUsd * operatorShare;
            nodeRevenueUsd[node.index()] += priceUsd * operatorShare;
        }
    }

    private ReplicationResult result() {
        double window = scenario.durationSeconds() - scenario.warmupSeconds();
        Map<String, Double> m = new LinkedHashMap<>();
        latency(m, "ttft_ms", metrics.ttft);
        latency(m, "tpot_ms", metrics.tpot);
        latency(m, "e2e_ms", metrics.e2e);
        latency(m, "queue_ms", metrics.queue);
        long tokens = metrics.promptTokens() + metrics.outputTokens();
        m.put("throughput.output_tokens_per_s", metrics.outputTokens() / window);
        m.put("throughput.tokens_per_s", tokens / window);
        m.put("throughput.requests_per_s", metrics.completed() / window);
        m.put("requests.arrived", (double) metrics.arrived());
        m.put("requests.completed", (double) metrics.completed());
        m.put("requests.failed", (double) metrics.failed());
        m.put("requests.dropped", (double) metrics.dropped());
        m.put("requests.in_flight", (double) metrics.inFlight());
        m.put("slo_attainment", metrics.arrived() == 0 ? Double.NaN : (double) metrics.sloMet() / metrics.arrived());

        double busy = 0;
        double capacity = 0;
        double operatorCost = 0;
        List<ReplicationResult.NodeRow> rows = new ArrayList<>();
        for (Node node : nodes) {
            NodeGroup group = scenario.nodes().get(node.group());
            double nodeBusy = node.busySlotSeconds();
            double nodeCost = group.costPerHourUsd() * window / 3600;
            busy += nodeBusy;
            capacity += node.slots() * window;
            operatorCost += nodeCost;
            rows.add(new ReplicationResult.NodeRow(node.index(), group.name(), group.gpu(), nodeRegions.get(node.index()),
                    node.served(), nodeBusy / (node.slots() * window), nodeCost, nodeRevenueUsd[node.index()]));
        }
        double operatorRevenue = 0;
        for (double revenue : groupRevenueUsd) {
            operatorRevenue += revenue;
        }
        m.put("utilization", busy / capacity);
        m.put("cost_per_mtok_usd.users", tokens == 0 ? Double.NaN : metrics.revenueUsd() / tokens * 1e6);
        m.put("cost_per_mtok_usd.operators", tokens == 0 ? Double.NaN : operatorCost / tokens * 1e6);
        m.put("operator_profit_usd", operatorRevenue - operatorCost);
        m.put("protocol_revenue_usd", metrics.revenueUsd() - operatorRevenue);
        // Little's law: mean requests in the system = admitted arrival rate x mean time in the system.
        m.put("little.requests_in_system", metrics.inSystemArea() / window);
        m.put("little.admitted_per_s", (metrics.arrived() - metrics.dropped()) / window);
        return new ReplicationResult(replication, seed, Fingerprint.hex(sim.fingerprint()), sim.eventsFired(), m, rows);
    }

    private static void latency(Map<String, Double> m, String name, LatencyRecorder recorder) {
        m.put(name + ".mean", recorder.meanMs());
        m.put(name + ".p50", recorder.percentileMs(50));
        m.put(name + ".p95", recorder.percentileMs(95));
        m.put(name + ".p99", recorder.percentileMs(99));
    }

    /** Assigns {@code count} nodes to regions by their shares (largest remainder, in order). */
    static List<String> spreadOverRegions(List<RegionShare> shares, int count) {
        int[] counts = new int[shares.size()];
        double[] remainders = new double[shares.size()];
        int assigned = 0;
        for (int i = 0; i < shares.size(); i++) {
            double exact = shares.get(i).share() * count;
            counts[i] = (int) Math.floor(exact);
            remainders[i] = exact - counts[i];
            assigned += counts[i];
        }
        while (assigned < count) {
            int best = 0;
            for (int i = 1; i < shares.size(); i++) {
                if (remainders[i] > remainders[best]) {
                    best = i;
                }
            }
            counts[best]++;
            remainders[best] = -1;
            assigned++;
        }
        List<String> regions = new ArrayList<>(count);
        for (int i = 0; i < shares.size(); i++) {
            for (int k = 0; k < counts[i]; k++) {
                regions.add(shares.get(i).region());
            }
        }
        return regions;
    }
}
