package io.dime.sim.scenario;

import io.dime.sim.catalog.ModelShape;
import java.util.List;

/**
 * A validated scenario with every default filled in. Durations are in seconds, rates in
 * events per second, money in USD.
 */
public record Scenario(
        String name,
        String description,
        long seed,
        double durationSeconds,
        double warmupSeconds,
        int replications,
        List<String> regions,
        List<ModelShape> models,
        List<NodeGroup> nodes,
        List<RequestClass> workload,
        Routing routing,
        Market market) {

    public Scenario {
        regions = List.copyOf(regions);
        models = List.copyOf(models);
        nodes = List.copyOf(nodes);
        workload = List.copyOf(workload);
    }

    public ModelShape model(String modelName) {
        return models.stream().filter(m -> m.name().equals(modelName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no model " + modelName));
    }

    public Scenario withSeed(long newSeed) {
        return new Scenario(name, description, newSeed, durationSeconds, warmupSeconds, replications, regions, models, nodes, workload, routing, market);
    }

    public Scenario withReplications(int count) {
        return new Scenario(name, description, seed, durationSeconds, warmupSeconds, count, regions, models, nodes, workload, routing, market);
    }

    /** Whether a group is part of the decentralized network or a centralized provider beside it. */
    public enum NodeKind {
        DECENTRALIZED, CENTRALIZED;

        public String key() {
            return name().toLowerCase();
        }
    }

    /**
     * {@code count} identical nodes. Each node serves up to {@code slots} requests at once and
     * queues up to {@code maxQueue} more; {@code service}, when set, replaces the token-based
     * service time (used for queueing-theory checks).
     */
    public record NodeGroup(
            String name,
            NodeKind kind,
            int count,
            String gpu,
            String model,
            List<RegionShare> regions,
            double costPerHourUsd,
            double pricePerMTokUsd,
            int slots,
            int maxQueue,
            Dist service) {

        public NodeGroup {
            regions = List.copyOf(regions);
        }
    }

    public record RegionShare(String region, double share) {
    }

    /** A class of requests: who sends them, how often, how long, and what latency they expect. */
    public record RequestClass(
            String name,
            String model,
            Arrival arrival,
            Dist promptTokens,
            Dist outputTokens,
            Slo slo) {
    }

    /** Arrival process; {@code poisson} for now, more processes come with the workload model. */
    public record Arrival(String process, double ratePerSecond) {
        public static final List<String> PROCESSES = List.of("poisson");
    }

    public record Slo(double ttftSeconds, double e2eSeconds) {
    }

    public record Routing(String policy) {
    }

    /** Posted price per 1M tokens charged to users, and the protocol's share of it. */
    public record Market(String pricing, double pricePerMTokUsd, double protocolFee) {
        public static final List<String> PRICING = List.of("posted");
    }
}
