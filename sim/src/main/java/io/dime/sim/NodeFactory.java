package io.dime.sim;

import io.dime.sim.catalog.Catalog;
import io.dime.sim.catalog.Gpu;
import io.dime.sim.catalog.ModelShape;
import io.dime.sim.kernel.Simulation;
import io.dime.sim.live.LiveBackend;
import io.dime.sim.network.Network;
import io.dime.sim.node.BatchingConfig;
import io.dime.sim.node.BatchingNode;
import io.dime.sim.node.LiveNode;
import io.dime.sim.node.Node;
import io.dime.sim.node.QueueNode;
import io.dime.sim.node.ServiceModel;
import io.dime.sim.node.StepModel;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.Scenario.Engine;
import io.dime.sim.scenario.Scenario.NodeGroup;
import io.dime.sim.scenario.Scenario.RegionShare;
import io.dime.sim.verify.Verifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a scenario's nodes into the node table: each group's count of queue, batching or live
 * nodes, spread over the group's regions, with its step model (roofline or a calibrated
 * profile, pipelined over the network, slowed by a TEE), KV capacity, request overhead and ask.
 */
final class NodeFactory {
    private final Scenario scenario;
    private final Catalog catalog;
    private final Simulation sim;
    private final Network network;
    private final NodeTable table;
    private final Churn churn;
    private final LiveBackend[] groupBackend;
    private final Node.Listener completion;
    private final LiveNode.FailureListener failure;
    final List<LiveNode> liveNodes = new ArrayList<>();

    NodeFactory(Scenario scenario, Catalog catalog, Simulation sim, Network network, NodeTable table, Churn churn, LiveBackend[] groupBackend,
            Node.Listener completion, LiveNode.FailureListener failure) {
        this.scenario = scenario;
        this.catalog = catalog;
        this.sim = sim;
        this.network = network;
        this.table = table;
        this.churn = churn;
        this.groupBackend = groupBackend;
        this.completion = completion;
        this.failure = failure;
    }

    void buildNodes() {
        List<NodeGroup> groups = scenario.nodes();
        for (int g = 0; g < groups.size(); g++) {
            NodeGroup group = groups.get(g);
            Gpu gpu = catalog.gpus().get(group.gpu());
            ModelShape model = scenario.model(group.model());
            int stages = group.pipelineStages();
            // Stage k of node i sits in regions[k·count + i]: shares hold over all GPUs, and a
            // pipeline's stages come from different parts of the list, so they mix regions.
            List<String> stageRegions = spreadOverRegions(group.regions(), group.count() * stages);
            double overhead = overheadSeconds(group);
            for (int k = 0; k < group.count(); k++) {
                int index = table.size();
                String entry = stageRegions.get(k);
                table.regionName.add(entry);
                table.region[index] = network.regionIndex(entry);
                table.requestOverheadSeconds[index] = overhead;
                table.group.add(group);
                table.ask[index] = ask(index, group);
                Node node = switch (group.engine()) {
                    case QUEUE -> queueNode(index, g, group, gpu, model);
                    case BATCHING -> new BatchingNode(index, g, batchingConfig(group, gpu, model, stageRegions, k), sim, completion);
                    case LIVE -> liveNode(index, g, group, gpu, model);
                };
                table.nodes.add(node);
                table.byModel.computeIfAbsent(group.model(), m -> new ArrayList<>()).add(node);
                churn.start(node, group.availability(), group.supply() != null && k >= group.supply().initial());
            }
        }
    }

    /**
     * The API overhead is an inference server's; the fixed-slot engine is a bare queue, and a
     * live node's real server pays its own overhead inside the times it reports.
     */
    private double overheadSeconds(NodeGroup group) {
        return group.engine() == Engine.LIVE ? 0
                : group.profile() != null ? group.profile().requestOverheadSeconds()
                : group.engine() == Engine.BATCHING ? catalog.constant("serving.request_overhead_ms") * 1e-3 : 0;
    }

    /**
     * An operator's ask per 1M tokens, or under pricing lease per hour of a lease: the group's,
     * spread uniformly by ± ask_spread.
     */
    private double ask(int index, NodeGroup group) {
        double base;
        double spread;
        double cap = Double.POSITIVE_INFINITY;
        if (group.offer() instanceof NodeGroup.LeaseAsk lease) {
            base = lease.askPerHourUsd();
            spread = lease.spread();
        } else if (group.offer() instanceof NodeGroup.TokenAsk token) {
            base = token.askPerMTok();
            spread = token.spread();
            cap = token.capPerMTok();
        } else {
            return Double.NaN; // a job market posts one price per market; nodes do not ask
        }
        if (spread == 0) {
            return Math.min(base, cap);
        }
        double u = sim.random().stream("node/" + index + "/ask").nextDouble();
        return Math.min(base * (1 + spread * (2 * u - 1)), cap);
    }

    private QueueNode queueNode(int index, int g, NodeGroup group, Gpu gpu, ModelShape model) {
        ServiceModel service = group.queue().service() != null
                ? new ServiceModel.Sampled(group.queue().service())
                : ServiceModel.Roofline.of(gpu, model, catalog);
        return new QueueNode(index, g, group.queue().slots(), group.queue().maxQueue(), service, sim, completion);
    }

    /** Until its server has answered once, a live node predicts TTFT from the roofline of its GPU and model. */
    private LiveNode liveNode(int index, int g, NodeGroup group, Gpu gpu, ModelShape model) {
        Scenario.Backend spec = group.backend();
        LiveNode node = new LiveNode(index, g, new LiveNode.Settings(spec.slots(), spec.maxQueue(), spec.timeoutSeconds()), groupBackend[g],
                ServiceModel.Roofline.of(gpu, model, catalog), sim, completion, failure);
        liveNodes.add(node);
        return node;
    }

    private BatchingConfig batchingConfig(NodeGroup group, Gpu gpu, ModelShape model, List<String> stageRegions, int k) {
        StepModel step = group.profile() != null ? group.profile().step()
                : StepModel.roofline(gpu, model, group.tensorParallel(), catalog);
        int stages = group.pipelineStages();
        if (stages > 1) {
            double hops = 0;
            for (int s = 1; s < stages; s++) {
                int from = network.regionIndex(stageRegions.get((s - 1) * group.count() + k));
                int to = network.regionIndex(stageRegions.get(s * group.count() + k));
                hops += network.baseRttSeconds(from, to) / 2;
            }
            double meanHop = hops / (stages - 1);
            step = step.pipelined(stages, meanHop, group.hopBytesPerToken(), scenario.network().bandwidthBitsPerSecond() / 8);
        }
        // A TEE slows every step by its overhead (confidential computing on the GPU).
        step = step.scaled(Verifier.serviceMultiplier(scenario.verify()));
        long kvTokens = group.profile() != null && group.profile().kvCapacityTokens() > 0
                ? group.profile().kvCapacityTokens()
                : kvCapacityTokens(group, gpu, model);
        Scenario.Batching b = group.batching();
        return new BatchingConfig(step, kvTokens / b.blockTokens(), b.blockTokens(), b.maxBatch(), b.maxBatchedTokens(), b.chunkedPrefill(), b.maxQueue());
    }

    private long kvCapacityTokens(NodeGroup group, Gpu gpu, ModelShape model) {
        return BatchingConfig.kvCapacityTokens(gpu, model, group.gpusPerNode(), group.batching().gpuMemoryUtilization(),
                catalog.constant("serving.activation_reserve_fraction"));
    }

    /** Assigns {@code count} items to regions by their shares (largest remainder, in order). */
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
