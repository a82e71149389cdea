package io.dime.sim;

import io.dime.sim.catalog.Catalog;
import io.dime.sim.catalog.Gpu;
import io.dime.sim.catalog.ModelShape;
import io.dime.sim.catalog.Region;
import io.dime.sim.kernel.Event;
import io.dime.sim.market.Economy;
import io.dime.sim.market.JobMarkets;
import io.dime.sim.market.LeaseMarket;
import io.dime.sim.verify.Verifier;
import io.dime.sim.kernel.EventList;
import io.dime.sim.kernel.Fingerprint;
import io.dime.sim.kernel.Replications;
import io.dime.sim.kernel.Simulation;
import io.dime.sim.live.LiveBackend;
import io.dime.sim.live.LiveBackends;
import io.dime.sim.metrics.LatencyRecorder;
import io.dime.sim.metrics.RunMetrics;
import io.dime.sim.network.Network;
import io.dime.sim.node.BatchingConfig;
import io.dime.sim.node.BatchingNode;
import io.dime.sim.node.LiveNode;
import io.dime.sim.node.Node;
import io.dime.sim.node.QueueNode;
import io.dime.sim.node.ServiceModel;
import io.dime.sim.node.StepModel;
import io.dime.sim.routing.Router;
import io.dime.sim.routing.Routers;
import io.dime.sim.routing.RoutingView;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.Scenario.Availability;
import io.dime.sim.scenario.Scenario.Engine;
import io.dime.sim.scenario.Scenario.NodeGroup;
import io.dime.sim.scenario.Scenario.NodeKind;
import io.dime.sim.scenario.Scenario.RegionShare;
import io.dime.sim.scenario.Scenario.RequestClass;
import io.dime.sim.workload.ArrivalProcess;
import io.dime.sim.workload.ClosedLoopArrivals;
import io.dime.sim.workload.Request;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.util.FastMath;

/**
 * One replication of a scenario, built and run: clients in regions send requests of each
 * class; a router picks a node; the request crosses the network, waits and is served by a
 * batching (or fixed-slot) node; the response crosses back. Nodes fail and return; requests
 * they held are retried or fail; clients give up at their timeout. Every request that arrives
 * ends exactly once as completed, failed or dropped, or is still in flight at the end.
 *
 * <p>A scenario with live nodes (node groups with a {@code backend}) runs paced to the wall
 * clock: real servers answer those nodes' requests, and the answers arrive as posted events.
 * Such a scenario has exactly one replication; its backends are opened before the run and
 * closed after it, whatever happens.
 */
public final class World {
    /** Per-epoch auctions size the market to carry last epoch's work at this utilization. */
    private static final double CLEARING_UTILIZATION = 0.8;

    /** Reputation moves this share of the way towards 1 on success and towards 0 on failure. */
    private static final double REPUTATION_STEP = 0.1;

    private final Scenario scenario;
    private final Catalog catalog;
    private final int replication;
    private final long seed;
    private final Simulation sim;
    private final Network network;
    private final RandomGenerator networkRandom;
    private final List<Node> nodes = new ArrayList<>();
    private final List<NodeGroup> nodeGroup = new ArrayList<>();
    private final List<String> nodeRegionName = new ArrayList<>();
    private final int[] nodeRegion;
    private final double[] requestOverheadSeconds;
    private final double[] reputation;
    private final int[] inTransit;
    private final NodeState[] states;
    /** By node, its operator's ask: per 1M tokens, or under pricing lease per hour of a lease. */
    private final double[] nodeAsk;
    private final double[] lifetimeUpSeconds;
    private final Economy economy;
    private final Verifier verifier;
    private final RandomGenerator placementRandom;
    private long defected;
    private double clearingPricePerMTok;
    private final double[] upSeconds;
    private final double[] upSince;
    private final double[] nodeRevenueUsd;
    private final RoutingView[] classView;
    private final Map<String, List<Node>> nodesByModel = new HashMap<>();
    private final GroupMetrics[] groupMetrics;
    private final Router router;
    private final RandomGenerator routingRandom;
    private final RunMetrics metrics;
    private final RequestSampler sampler;
    private final double warmup;
    /** Per node group, its live backend; null for simulated groups. */
    private final LiveBackend[] groupBackend;
    private final List<LiveNode> liveNodes = new ArrayList<>();
    private long nextRequestId;
    /** Per request class, its stream when it is a closed loop (the next request follows an end), else null. */
    private final ArrivalStream[] closedLoops;
    /** Under pricing lease, the market of leases (tenants are request classes); else null. */
    private final LeaseMarket leaseMarket;
    /** Under pricing job-market, the per-group job markets; else null. */
    private final JobMarkets jobMarkets;
    /**
     * Whether users pay for time rather than per request (lease blocks, job deposits and fees):
     * those payments are counted as they happen, and a completion carries none.
     */
    private final boolean paymentsOutsideRequests;

    private World(Scenario scenario, int replication, Catalog catalog, LiveBackend[] groupBackend) {
        this.scenario = scenario;
        this.catalog = catalog;
        this.replication = replication;
        this.seed = Replications.seedOf(scenario.seed(), replication);
        this.sim = new Simulation(seed);
        this.groupBackend = groupBackend;
        if (scenario.hasLiveNodes()) {
            sim.paceToWallClock();
        }
        this.warmup = scenario.warmupSeconds();
        this.network = Network.build(scenario.network(), catalog, scenario.regions());
        this.networkRandom = sim.random().stream("network");
        // Job markets match jobs and nodes in their own FIFO queues: no router.
        this.router = scenario.market().jobMarkets() ? null : Routers.create(scenario.routing().policy());
        this.routingRandom = sim.random().stream("routing");
        this.metrics = new RunMetrics(scenario.workload().size());
        this.sampler = new RequestSampler(scenario, replication, seed);
        this.closedLoops = new ArrivalStream[scenario.workload().size()];
        int total = scenario.nodes().stream().mapToInt(NodeGroup::count).sum();
        this.nodeRegion = new int[total];
        this.requestOverheadSeconds = new double[total];
        this.reputation = new double[total];
        this.inTransit = new int[total];
        this.states = new NodeState[total];
        this.nodeAsk = new double[total];
        this.lifetimeUpSeconds = new double[total];
        this.upSeconds = new double[total];
        this.upSince = new double[total];
        this.nodeRevenueUsd = new double[total];
        java.util.Arrays.fill(reputation, 1.0);
        this.classView = new RoutingView[scenario.workload().size()];
        this.groupMetrics = new GroupMetrics[scenario.nodes().size()];
        for (int g = 0; g < groupMetrics.length; g++) {
            groupMetrics[g] = new GroupMetrics();
        }
        buildNodes();
        buildViews();
        this.paymentsOutsideRequests = scenario.market().timePriced();
        this.leaseMarket = scenario.market().leases() ? leaseMarket() : null;
        this.jobMarkets = scenario.market().jobMarkets() ? jobMarkets() : null;
        this.economy = scenario.hasToken() ? new Economy(scenario, sim, new EconomyNodes()) : null;
        boolean verifying = !scenario.verify().scheme().equals("none") || !scenario.adversaries().isEmpty();
        this.verifier = verifying ? new Verifier(scenario, new VerifierHost(), sim.random().stream("verify")) : null;
        this.placementRandom = sim.random().stream("verify/placement");
        if (economy != null) {
            economy.setReplication(replication);
        }
    }

    /** Runs replication {@code replication} of {@code scenario}; live backends are those on the class path. */
    public static ReplicationResult run(Scenario scenario, int replication, Catalog catalog) {
        return run(scenario, replication, catalog, LiveBackends.discover()); // discovery is lazy: no live node, no class-path scan
    }

    /**
     * Runs replication {@code replication} of {@code scenario}, opening its live nodes'
     * backends from {@code liveBackends} and closing them when the run ends, however it ends.
     */
    public static ReplicationResult run(Scenario scenario, int replication, Catalog catalog, LiveBackends liveBackends) {
        if (scenario.hasLiveNodes() && replication != 0) {
            throw new IllegalArgumentException("scenario '" + scenario.name() + "' has live nodes, so it has exactly one replication (0);"
                    + " asked for replication " + replication);
        }
        LiveBackend[] backends = new LiveBackend[scenario.nodes().size()];
        try {
            for (int g = 0; g < backends.length; g++) {
                Scenario.Backend spec = scenario.nodes().get(g).backend();
                if (spec != null) {
                    backends[g] = open(liveBackends, scenario.nodes().get(g).name(), spec);
                }
            }
            return new World(scenario, replication, catalog, backends).run();
        } finally {
            closeAll(backends);
        }
    }

    private static LiveBackend open(LiveBackends liveBackends, String group, Scenario.Backend spec) {
        try {
            return liveBackends.open(spec.type(), spec.factorySettings());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("node group '" + group + "': cannot open its backend (type '" + spec.type() + "'): "
                    + e.getMessage(), e);
        }
    }

    private static void closeAll(LiveBackend[] backends) {
        for (LiveBackend backend : backends) {
            if (backend == null) {
                continue;
            }
            try {
                backend.close();
            } catch (RuntimeException e) {
                // The run is over and measured; a backend that does not close cleanly cannot change
                // its results, and must not keep the others open.
            }
        }
    }

    public static ReplicationResult run(Scenario scenario, int replication) {
        return run(scenario, replication, Catalog.builtIn());
    }

    // ---------------------------------------------------------------- construction

    private void buildNodes() {
        List<NodeGroup> groups = scenario.nodes();
        for (int g = 0; g < groups.size(); g++) {
            NodeGroup group = groups.get(g);
            Gpu gpu = catalog.gpus().get(group.gpu());
            ModelShape model = scenario.model(group.model());
            int stages = group.pipelineStages();
            // Stage k of node i sits in regions[k·count + i]: shares hold over all GPUs, and a
            // pipeline's stages come from different parts of the list, so they mix regions.
            List<String> stageRegions = spreadOverRegions(group.regions(), group.count() * stages);
            // The API overhead is an inference server's; the fixed-slot engine is a bare queue, and
            // a live node's real server pays its own overhead inside the times it reports.
            double overhead = group.engine() == Engine.LIVE ? 0
                    : group.profile() != null ? group.profile().requestOverheadSeconds()
                    : group.engine() == Engine.BATCHING ? catalog.constant("serving.request_overhead_ms") * 1e-3 : 0;
            for (int k = 0; k < group.count(); k++) {
                int index = nodes.size();
                String entry = stageRegions.get(k);
                nodeRegionName.add(entry);
                nodeRegion[index] = network.regionIndex(entry);
                requestOverheadSeconds[index] = overhead;
                nodeGroup.add(group);
                nodeAsk[index] = ask(index, group);
                Node node = switch (group.engine()) {
                    case QUEUE -> queueNode(index, g, group, gpu, model);
                    case BATCHING -> new BatchingNode(index, g, batchingConfig(group, gpu, model, stageRegions, k), sim, this::completed);
                    case LIVE -> liveNode(index, g, group, gpu, model);
                };
                nodes.add(node);
                nodesByModel.computeIfAbsent(group.model(), m -> new ArrayList<>()).add(node);
                startAvailability(node, group.availability(), group.supply() != null && k >= group.supply().initial());
            }
        }
    }

    /**
     * An operator's ask per 1M tokens, or under pricing lease per hour of a lease: the group's,
     * spread uniformly by ± ask_spread.
     */
    private double ask(int index, NodeGroup group) {
        double base = scenario.market().leases() ? group.askPerHourUsd() : group.askPerMTok();
        if (group.askSpread() == 0) {
            return Math.min(base, group.askCapPerMTok());
        }
        double u = sim.random().stream("node/" + index + "/ask").nextDouble();
        return Math.min(base * (1 + group.askSpread() * (2 * u - 1)), group.askCapPerMTok());
    }

    private QueueNode queueNode(int index, int g, NodeGroup group, Gpu gpu, ModelShape model) {
        ServiceModel service = group.queue().service() != null
                ? new ServiceModel.Sampled(group.queue().service())
                : ServiceModel.Roofline.of(gpu, model, catalog);
        return new QueueNode(index, g, group.queue().slots(), group.queue().maxQueue(), service, sim, this::completed);
    }

    /** Until its server has answered once, a live node predicts TTFT from the roofline of its GPU and model. */
    private LiveNode liveNode(int index, int g, NodeGroup group, Gpu gpu, ModelShape model) {
        Scenario.Backend spec = group.backend();
        LiveNode node = new LiveNode(index, g, new LiveNode.Settings(spec.slots(), spec.maxQueue(), spec.timeoutSeconds()), groupBackend[g],
                ServiceModel.Roofline.of(gpu, model, catalog), sim, this::completed, this::nodeFailed);
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
            double activationBytes = model.hidden() * model.bytesPerParam();
            step = step.pipelined(stages, meanHop, activationBytes, scenario.network().bandwidthBitsPerSecond() / 8);
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

    /** One routing view per distinct set of node groups that classes may use. */
    private void buildViews() {
        Map<List<String>, RoutingView> bySet = new HashMap<>();
        for (int c = 0; c < scenario.workload().size(); c++) {
            List<String> groups = scenario.workload().get(c).nodeGroups();
            if (scenario.market().leases()) {
                // A tenant's requests go only to the nodes it leases: its own view, none admitted until leased.
                classView[c] = viewOf(groups);
                classView[c].admitNone();
            } else {
                classView[c] = bySet.computeIfAbsent(groups, this::viewOf);
            }
        }
    }

    /** The lease market: each request class is a tenant that may lease the nodes of its groups. */
    private LeaseMarket leaseMarket() {
        int[][] eligible = new int[classView.length][];
        List<String> tenants = new ArrayList<>();
        for (int c = 0; c < classView.length; c++) {
            RoutingView view = classView[c];
            eligible[c] = new int[view.size()];
            for (int i = 0; i < view.size(); i++) {
                eligible[c][i] = view.node(i).index();
            }
            tenants.add(scenario.workload().get(c).name());
        }
        return new LeaseMarket(scenario.market().lease(), sim, new LeaseHost(), sim.random().stream("market/lease-ties"), nodeAsk, eligible, tenants,
                warmup);
    }

    /** The job markets: one per node group (GPU class); each request class lists its jobs in its groups' markets. */
    private JobMarkets jobMarkets() {
        List<JobMarkets.Terms> terms = new ArrayList<>();
        for (NodeGroup group : scenario.nodes()) {
            terms.add(new JobMarkets.Terms(group.name(), group.pricePerHourUsd(), group.jobTimeoutSeconds()));
        }
        int[] marketOfNode = new int[nodes.size()];
        for (Node node : nodes) {
            marketOfNode[node.index()] = node.group();
        }
        List<String> groupNames = scenario.nodes().stream().map(NodeGroup::name).toList();
        int[][] marketsOfClass = new int[scenario.workload().size()][];
        for (int c = 0; c < marketsOfClass.length; c++) {
            marketsOfClass[c] = scenario.workload().get(c).nodeGroups().stream().mapToInt(groupNames::indexOf).toArray();
        }
        JobMarkets markets = new JobMarkets(terms, marketOfNode, marketsOfClass, scenario.market().jobMarket().networkFee(), sim, new JobHost());
        markets.open();
        return markets;
    }

    /** What the lease market sees of the nodes, and what a lease changes: where its tenant's requests may go, and what was paid. */
    private final class LeaseHost implements LeaseMarket.Host {
        @Override
        public boolean canHost(int node) {
            return nodes.get(node).isUp();
        }

        @Override
        public boolean hasLeft(int node) {
            return states[node].retired;
        }

        @Override
        public void leaseOpened(int tenant, int node) {
            classView[tenant].admit(classView[tenant].candidateOf(node), true);
        }

        @Override
        public void leaseClosed(int tenant, int node) {
            classView[tenant].admit(classView[tenant].candidateOf(node), false);
        }

        /** A block paid at the end of the measured window's blocks counts: the window starts at the warm-up. */
        @Override
        public void blockPaid(int tenant, int node, double tenantUsd, double providerUsd) {
            if (sim.now() > warmup) {
                metrics.paid(tenant, tenantUsd);
                sim.trace(Double.doubleToLongBits(tenantUsd));
                groupMetrics[nodes.get(node).group()].paidUsd += tenantUsd;
                earn(node, providerUsd);
            }
        }
    }

    /** What the job markets see of the nodes: whether up; they send jobs on, and report what users paid. */
    private final class JobHost implements JobMarkets.Host {
        @Override
        public boolean canServe(int node) {
            return nodes.get(node).isUp();
        }

        @Override
        public void dispatch(Request job, int node) {
            job.pricePerMTok = 0; // paid per second of the node's time, through the market
            sendTo(job, nodes.get(node));
        }

        @Override
        public void paid(Request job, int group, int node, double userUsd, double nodeUsd) {
            job.paidUsd += userUsd;
            if (job.measured) {
                metrics.paid(job.requestClass, userUsd);
                sim.trace(Double.doubleToLongBits(userUsd));
                groupMetrics[group].paidUsd += userUsd;
                if (node >= 0) {
                    earn(node, nodeUsd);
                }
            }
        }
    }

    private RoutingView viewOf(List<String> groups) {
        List<Node> candidates = new ArrayList<>();
        for (Node node : nodes) {
            if (groups.contains(nodeGroup.get(node.index()).name())) {
                candidates.add(node);
            }
        }
        int[] regions = new int[candidates.size()];
        double[] prices = new double[candidates.size()];
        double[] overheads = new double[candidates.size()];
        for (int i = 0; i < candidates.size(); i++) {
            int index = candidates.get(i).index();
            regions[i] = nodeRegion[index];
            prices[i] = postedPricing() ? nodeGroup.get(index).pricePerMTokUsd() : nodeAsk[index];
            overheads[i] = requestOverheadSeconds[index];
        }
        return new RoutingView(candidates, regions, prices, reputation, overheads, inTransit, network, scenario.routing().stalenessSeconds(), sim);
    }

    /** What the economy sees of the nodes and may do to them. */
    private final class EconomyNodes implements Economy.Nodes {
        @Override
        public int count() {
            return nodes.size();
        }

        @Override
        public int group(int node) {
            return nodes.get(node).group();
        }

        @Override
        public boolean isUp(int node) {
            return nodes.get(node).isUp();
        }

        @Override
        public boolean isRetired(int node) {
            return states[node].retired;
        }

        @Override
        public void setRetired(int node, boolean retired) {
            states[node].setRetired(retired);
        }

        @Override
        public double lifetimeBusySeconds(int node) {
            return nodes.get(node).lifetimeBusySeconds();
        }

        @Override
        public double lifetimeUpSeconds(int node) {
            accrueUptime(node, nodes.get(node).isUp());
            return lifetimeUpSeconds[node];
        }
    }

    /** What the verifier may do: run shadow work, punish, eject, release held results. */
    private final class VerifierHost implements Verifier.Host {
        @Override
        public Simulation sim() {
            return sim;
        }

        @Override
        public int nodeCount() {
            return nodes.size();
        }

        @Override
        public boolean isDecentralized(int node) {
            return nodeGroup.get(node).kind() == NodeKind.DECENTRALIZED;
        }

        @Override
        public boolean isUp(int node) {
            return nodes.get(node).isUp();
        }

        @Override
        public double costPerSecond(int node) {
            return nodeGroup.get(node).costPerHourUsd() / 3600;
        }

        @Override
        public String group(int node) {
            return nodeGroup.get(node).name();
        }

        @Override
        public Request submitShadow(int avoid, List<Integer> alsoAvoid, int promptTokens, int outputTokens, java.util.function.Consumer<Request> done) {
            Node target = pickVerifier(avoid, alsoAvoid);
            Request shadow = new Request(nextRequestId++, 0, sim.now(), promptTokens, outputTokens, false, nodeRegion[avoid]);
            shadow.shadow = true;
            shadow.onShadowEnd = done;
            if (target == null) {
                shadow.endTime = Double.NaN;
                sim.schedule(0, () -> done.accept(shadow));
                return shadow;
            }
            shadow.node = target.index();
            shadow.prefillTarget = promptTokens;
            double transfer = network.baseRttSeconds(nodeRegion[avoid], nodeRegion[target.index()]) / 2;
            sim.schedule(transfer, () -> {
                shadow.nodeArrivalTime = sim.now();
                if (!target.offer(shadow)) {
                    retryOrEnd(shadow, false);
                }
            });
            return shadow;
        }

        /**
         * A uniformly random up, decentralized node of the same model, other than those to
         * avoid: a few blind draws (cheap on large networks), then a scan.
         */
        private Node pickVerifier(int avoid, List<Integer> alsoAvoid) {
            List<Node> sameModel = nodesByModel.get(nodeGroup.get(avoid).model());
            for (int attempt = 0; attempt < 16; attempt++) {
                Node node = sameModel.get(placementRandom.nextInt(sameModel.size()));
                if (eligibleVerifier(node, avoid, alsoAvoid)) {
                    return node;
                }
            }
            List<Node> candidates = new ArrayList<>();
            for (Node node : sameModel) {
                if (eligibleVerifier(node, avoid, alsoAvoid)) {
                    candidates.add(node);
                }
            }
            return candidates.isEmpty() ? null : candidates.get(placementRandom.nextInt(candidates.size()));
        }

        private boolean eligibleVerifier(Node node, int avoid, List<Integer> alsoAvoid) {
            int i = node.index();
            return i != avoid && !alsoAvoid.contains(i) && node.isUp() && isDecentralized(i);
        }

        @Override
        public void punish(int node, double withheldUsd, double reputationFactor) {
            earn(node, -withheldUsd);
            reputation[node] *= reputationFactor;
            if (economy != null) {
                economy.slash(nodes.get(node).group(), scenario.verify().slashShare());
                economy.recordCaught(node);
            }
        }

        @Override
        public void eject(int node) {
            states[node].setRetired(true);
        }

        @Override
        public void readmit(int node) {
            reputation[node] = 1.0;
            states[node].setRetired(false);
        }

        @Override
        public void release(Request request) {
            World.this.release(request);
        }
    }

    // ---------------------------------------------------------------- running

    private ReplicationResult run() {
        // With demand response, each class has ceil(max_multiplier) independent populations of
        // potential users; each arrival comes with probability multiplier / populations.
        int populations = economy != null && scenario.demand() != null ? (int) Math.ceil(scenario.demand().maxMultiplier()) : 1;
        for (int c = 0; c < scenario.workload().size(); c++) {
            for (int p = 0; p < populations; p++) {
                ArrivalStream stream = new ArrivalStream(c, p, populations);
                if (stream.closedLoop != null) {
                    // Every client sends at the start, then again each time its request ends (closedLoopNext).
                    closedLoops[c] = stream;
                    for (int client = 0; client < stream.closedLoop.clients(); client++) {
                        stream.scheduleNext(0);
                    }
                } else {
                    stream.scheduleNext(0);
                }
            }
        }
        sim.scheduleAt(warmup, EventList.MIN_PRIORITY, this::startMeasuring);
        if (scenario.market().pricing().equals("auction-epoch")) {
            startEpochClearing();
        }
        if (leaseMarket != null) {
            leaseMarket.start();
        }
        if (economy != null) {
            economy.start();
        }
        if (verifier != null) {
            verifier.start();
        }
        sim.runUntil(scenario.durationSeconds());
        metrics.finish(sim.now());
        for (Node node : nodes) {
            accrueUptime(node.index(), node.isUp());
        }
        return result();
    }

    private boolean postedPricing() {
        return scenario.market().pricing().equals("posted");
    }

    /**
     * A uniform-price auction each epoch: the nodes needed to carry the last epoch's work at
     * {@link #CLEARING_UTILIZATION} are the cheapest asks; everyone is paid the first ask left
     * out (the second-price rule for many units), or the highest ask when all are needed.
     */
    private void startEpochClearing() {
        double epoch = scenario.hasToken() ? scenario.token().epochSeconds() : 3600;
        double[] lastBusy = {0};
        clearingPricePerMTok = clearingPrice(Integer.MAX_VALUE);
        sim.every(epoch, () -> {
            double busy = 0;
            for (Node node : nodes) {
                busy += node.lifetimeBusySeconds();
            }
            int needed = (int) Math.ceil((busy - lastBusy[0]) / epoch / CLEARING_UTILIZATION);
            lastBusy[0] = busy;
            clearingPricePerMTok = clearingPrice(needed);
        });
    }

    private double clearingPrice(int needed) {
        double[] asks = nodes.stream().filter(Node::isUp).mapToDouble(n -> nodeAsk[n.index()]).sorted().toArray();
        if (asks.length == 0) {
            return nodeAsk.length == 0 ? 0 : java.util.Arrays.stream(nodeAsk).max().orElse(0);
        }
        return needed < asks.length ? asks[Math.max(needed, 0)] : asks[asks.length - 1];
    }

    private void startMeasuring() {
        metrics.start(sim.now());
        for (Node node : nodes) {
            node.resetAccounting();
            // Bank the up time so far into the lifetime total (the economy bills it) before the
            // measured window starts from zero.
            accrueUptime(node.index(), node.isUp());
            upSeconds[node.index()] = 0;
        }
    }

    /** The requests of one class: each arrival creates and routes a request and schedules the next. */
    private final class ArrivalStream implements Event {
        private final int classIndex;
        private final RequestClass requestClass;
        private final ArrivalProcess process;
        /** The process when it is a closed loop, else null: decided once, not per arrival. */
        private final ClosedLoopArrivals closedLoop;
        private final RandomGenerator arrivals;
        private final RandomGenerator lengths;
        private final RandomGenerator origins;
        private final int[] originRegion;
        private final double[] originCumulative;
        private final int populations;
        private final RandomGenerator demandRandom;

        ArrivalStream(int classIndex, int population, int populations) {
            this.classIndex = classIndex;
            this.requestClass = scenario.workload().get(classIndex);
            this.process = ArrivalProcess.create(requestClass.arrival());
            this.closedLoop = process instanceof ClosedLoopArrivals closed ? closed : null;
            this.populations = populations;
            // The first population keeps the plain stream names: common random numbers with the
            // same scenario without demand response.
            String prefix = "workload/" + requestClass.name() + (population == 0 ? "" : "#" + population);
            this.demandRandom = populations > 1 || scenario.demand() != null ? sim.random().stream(prefix + "/demand") : null;
            this.arrivals = sim.random().stream(prefix + "/arrivals");
            this.lengths = sim.random().stream(prefix + "/lengths");
            this.origins = sim.random().stream(prefix + "/regions");
            List<RegionShare> shares = requestClass.regions();
            this.originRegion = new int[shares.size()];
            this.originCumulative = new double[shares.size()];
            double sum = 0;
            for (int i = 0; i < shares.size(); i++) {
                originRegion[i] = network.regionIndex(shares.get(i).region());
                sum += shares.get(i).share();
                originCumulative[i] = sum;
            }
        }

        void scheduleNext(double now) {
            double next = process.nextArrivalTime(now, arrivals);
            if (next < scenario.durationSeconds()) {
                sim.scheduleAt(next, 0, this);
            }
        }

        @Override
        public void fire() {
            double now = sim.now();
            if (demandRandom != null && economy != null) {
                if (demandRandom.nextDouble() >= economy.demandMultiplier() / populations) {
                    scheduleNext(now); // this potential user does not come at this price
                    return;
                }
                if (demandRandom.nextDouble() < economy.defectedShare()) {
                    if (now >= warmup) {
                        defected++; // gone to a centralized service after missed SLOs
                    }
                    scheduleNext(now);
                    return;
                }
            }
            if (closedLoop != null) {
                closedLoop.startRequest();
            }
            int prompt = process.promptTokensOfLast() >= 0 ? Math.max(1, process.promptTokensOfLast()) : tokens(requestClass.promptTokens().sample(lengths));
            int output = process.outputTokensOfLast() >= 0 ? Math.max(1, process.outputTokensOfLast()) : tokens(requestClass.outputTokens().sample(lengths));
            int region = originRegion.length == 1 ? originRegion[0] : pickOrigin();
            Request request = new Request(nextRequestId++, classIndex, now, prompt, output, now >= warmup, region);
            metrics.arrived(request, now);
            if (Double.isFinite(requestClass.timeoutSeconds())) {
                request.timeoutHandle = sim.schedule(requestClass.timeoutSeconds(), () -> timedOut(request));
            }
            route(request);
            if (closedLoop == null) {
                scheduleNext(now); // a closed loop's next request follows an end (closedLoopNext)
            }
        }

        private int pickOrigin() {
            double u = origins.nextDouble();
            for (int i = 0; i < originCumulative.length - 1; i++) {
                if (u < originCumulative[i]) {
                    return originRegion[i];
                }
            }
            return originRegion[originRegion.length - 1];
        }
    }

    private static int tokens(double sample) {
        return (int) Math.max(1, Math.round(sample));
    }

    /** Picks a node and sends the request on its way, or retries later, or drops it. */
    private void route(Request request) {
        if (jobMarkets != null) {
            jobMarkets.post(request); // a node of the market takes it now, or when one is free
            return;
        }
        RoutingView view = classView[request.requestClass];
        int choice = router.choose(view, request, routingRandom);
        if (choice < 0 && request.attempts > 0) {
            request.forgetTried(); // every node has refused it once: they may try again
            choice = router.choose(view, request, routingRandom);
        }
        if (choice < 0) {
            retryOrEnd(request, false);
            return;
        }
        double admissionLimit = scenario.routing().maxPredictedTtftSeconds();
        if (admissionLimit < Double.POSITIVE_INFINITY && view.predictedTtftSeconds(choice, request) > admissionLimit) {
            end(request, Outcome.DROPPED); // admission control: better a fast "no" than a slow answer
            return;
        }
        Node node = view.node(choice);
        int index = node.index();
        request.pricePerMTok = switch (scenario.market().pricing()) {
            case "posted" -> nodeGroup.get(index).pricePerMTokUsd();
            case "asks" -> nodeAsk[index];
            case "auction-request" -> view.secondLowestPrice(choice, request);
            case "auction-epoch" -> clearingPricePerMTok;
            case "lease" -> 0; // the tenant pays its leases per block, whatever they serve
            default -> throw new IllegalStateException(scenario.market().pricing());
        };
        if (economy != null && nodeGroup.get(index).kind() == NodeKind.DECENTRALIZED) {
            request.pricePerMTok *= economy.priceMultiplier();
        }
        sendTo(request, node);
    }

    /** Sends a request across the network to the node chosen for it. */
    private void sendTo(Request request, Node node) {
        int index = node.index();
        double uplink = network.oneWaySeconds(request.clientRegion, nodeRegion[index], network.tokenBytes(request.promptTokens), networkRandom);
        request.downlinkSeconds = network.oneWaySeconds(nodeRegion[index], request.clientRegion, network.tokenBytes(1), networkRandom);
        request.node = index;
        inTransit[index]++;
        // Once per request, at its first send: a request whose first attempt found no node up
        // (churn) is sent first on a retry, and redundancy must start its replicas then.
        if (verifier != null && request.verification == null) {
            verifier.onRouted(request, index);
        }
        sim.schedule(uplink + requestOverheadSeconds[index], () -> deliver(request, node));
    }

    private void deliver(Request request, Node node) {
        inTransit[node.index()]--;
        if (request.finished) {
            return; // the client gave up while the request was on its way
        }
        request.nodeArrivalTime = sim.now();
        if (!node.offer(request)) {
            retryOrEnd(request, false);
        }
    }

    /** A refused or lost request is tried again elsewhere while retries last. */
    private void retryOrEnd(Request request, boolean wasAccepted) {
        if (request.finished) {
            return;
        }
        if (request.shadow) {
            // Lost verification work is not retried: the verifier hears of it and moves on.
            request.finished = true;
            request.endTime = Double.NaN;
            request.onShadowEnd.accept(request);
            return;
        }
        if (jobMarkets != null) {
            jobMarkets.quit(request); // the node lost the job: no pay, deposit back; a retry lists a new job
        }
        if (request.attempts < scenario.routing().retries()) {
            request.attempts++;
            metrics.retried(request);
            if (request.node >= 0) {
                request.rememberTried(request.node);
            }
            request.resetServing();
            sim.schedule(scenario.routing().retryDelaySeconds(), () -> {
                if (!request.finished) {
                    route(request);
                }
            });
            return;
        }
        end(request, wasAccepted ? Outcome.FAILED : Outcome.DROPPED);
    }

    private void timedOut(Request request) {
        if (request.finished) {
            return;
        }
        request.timeoutHandle = -1;
        if (request.node >= 0) {
            nodes.get(request.node).abort(request);
        }
        end(request, Outcome.TIMED_OUT);
    }

    private enum Outcome { COMPLETED, FAILED, TIMED_OUT, DROPPED }

    /** The one place a request's fate is sealed; a request ends once. */
    private void end(Request request, Outcome outcome) {
        if (request.finished) {
            return;
        }
        request.finished = true;
        if (request.timeoutHandle >= 0) {
            sim.cancel(request.timeoutHandle);
        }
        double now = sim.now();
        if (jobMarkets != null) {
            jobMarkets.endedByUser(request); // a waiting job is delisted, a running one ended and its node paid so far
        }
        if (economy != null) {
            economy.failed();
        }
        switch (outcome) {
            case DROPPED -> metrics.dropped(request, now);
            case FAILED -> metrics.failed(request, false, now);
            case TIMED_OUT -> metrics.failed(request, true, now);
            case COMPLETED -> throw new IllegalStateException("completions go through completed()");
        }
        sample(request, outcome.name().toLowerCase(Locale.ROOT), Double.NaN, Double.NaN);
        closedLoopNext(request, now);
    }

    /** A closed-loop client whose request ended (its last token reached it, or it failed) sends its next one. */
    private void closedLoopNext(Request request, double endedAt) {
        ArrivalStream stream = closedLoops[request.requestClass];
        if (stream != null) {
            stream.scheduleNext(Math.max(sim.now(), endedAt));
        }
    }

    /**
     * A node could not serve a request it had accepted (a live node's server refused it, died
     * mid-answer or did not answer in time): the request fails. It is not retried elsewhere,
     * because the failure is part of what a run with a real server measures.
     */
    private void nodeFailed(Node node, Request request, String reason) {
        if (request.shadow) {
            retryOrEnd(request, true); // lost verification work: the verifier hears of it
            return;
        }
        if (request.finished) {
            return;
        }
        reputation[node.index()] *= 1 - REPUTATION_STEP;
        if (jobMarkets != null) {
            jobMarkets.quit(request);
        }
        end(request, Outcome.FAILED);
    }

    private void completed(Node node, Request request) {
        if (request.shadow) {
            request.finished = true;
            request.onShadowEnd.accept(request); // verification work: the verifier counts it, not the metrics
            return;
        }
        // The node posted the job's result: it is paid for its runtime, whether or not the user still waits.
        double jobPayUsd = jobMarkets != null ? jobMarkets.finished(request) : 0;
        if (request.finished) {
            return;
        }
        NodeGroup group = nodeGroup.get(node.index());
        RequestClass requestClass = scenario.workload().get(request.requestClass);
        double ttft = request.firstTokenTime + request.downlinkSeconds - request.arrivalTime;
        double e2e = request.endTime + request.downlinkSeconds - request.arrivalTime;
        if (e2e > requestClass.timeoutSeconds()) {
            // The last token would reach the client after it gave up: a timeout, not a completion.
            end(request, Outcome.TIMED_OUT);
            return;
        }
        boolean sloMet = ttft <= requestClass.slo().ttftSeconds() && e2e <= requestClass.slo().e2eSeconds();
        double amount = request.pricePerMTok * request.totalTokens() / 1e6;
        double operatorUsd;
        if (economy != null) {
            Economy.Payment payment = economy.settle(node.index(), node.group(), request.totalTokens(), amount, sloMet);
            request.paidUsd = payment.userUsd();
            operatorUsd = payment.operatorUsd();
        } else if (paymentsOutsideRequests) {
            operatorUsd = jobPayUsd; // already counted when paid (the market's host); the verifier may withhold it
        } else {
            request.paidUsd = amount;
            operatorUsd = group.kind() == NodeKind.DECENTRALIZED ? amount * (1 - scenario.market().protocolFee()) : amount;
        }
        if (request.measured && !paymentsOutsideRequests) {
            earn(node.index(), operatorUsd);
        }
        if (verifier != null && verifier.onResult(request, node.index(), operatorUsd)) {
            return; // the user waits for verification; release() finishes it
        }
        record(request, request.endTime);
    }

    /** Credits (or, when negative, debits) an operator's dollars, traced into the fingerprint. */
    private void earn(int node, double usd) {
        nodeRevenueUsd[node] += usd;
        sim.trace(node);
        sim.trace(Double.doubleToLongBits(usd));
    }

    /** Finishes a user request the verifier held (a vote, a proof), as of now. */
    private void release(Request request) {
        if (!request.finished) {
            record(request, sim.now());
        }
    }

    /** Seals a completed user request whose last token left at {@code endTime}. */
    private void record(Request request, double endTime) {
        request.finished = true;
        if (request.timeoutHandle >= 0) {
            sim.cancel(request.timeoutHandle);
        }
        int index = request.node;
        RequestClass requestClass = scenario.workload().get(request.requestClass);
        double ttft = request.firstTokenTime + request.downlinkSeconds - request.arrivalTime;
        double e2e = endTime + request.downlinkSeconds - request.arrivalTime;
        double queue = request.startTime - request.nodeArrivalTime;
        boolean sloMet = ttft <= requestClass.slo().ttftSeconds() && e2e <= requestClass.slo().e2eSeconds();
        double paidAtCompletion = paymentsOutsideRequests ? 0 : request.paidUsd; // else counted as paid
        metrics.completed(request, ttft, e2e, queue, sloMet, paidAtCompletion, sim.now());
        sim.trace(Double.doubleToLongBits(paidAtCompletion));
        if (request.measured) {
            groupMetrics[nodes.get(index).group()].completed(request, ttft, e2e, paidAtCompletion);
        }
        reputation[index] += REPUTATION_STEP * (1 - reputation[index]);
        sample(request, "completed", ttft, e2e);
        closedLoopNext(request, endTime + request.downlinkSeconds);
    }

    private void sample(Request request, String status, double ttft, double e2e) {
        sampler.record(request, status, ttft, e2e, network.regions().get(request.clientRegion).name(),
                request.node >= 0 ? nodeRegionName.get(request.node) : "");
    }

    // ---------------------------------------------------------------- churn

    /**
     * A node is online when it has not failed (failures at exponential times, mean MTBF;
     * repairs, mean MTTR) and, with a daily curve, when its owner has it on at this local hour:
     * each node draws a fixed threshold u, and is on in hour h when u is below the share for h,
     * so the same machines are the ones that stay on all night.
     */
    private void startAvailability(Node node, Availability availability, boolean startRetired) {
        upSince[node.index()] = 0;
        NodeState state = new NodeState(node, availability);
        states[node.index()] = state;
        if (startRetired) {
            state.setRetired(true);
        }
        if (availability.always()) {
            return;
        }
        state.random = sim.random().stream("node/" + node.index() + "/availability");
        if (Double.isFinite(availability.mtbfSeconds())) {
            state.scheduleFailure();
        }
        if (!availability.dailyOnline().isEmpty()) {
            state.threshold = state.random.nextDouble();
            Region region = network.regions().get(nodeRegion[node.index()]);
            state.localOffsetSeconds = region.longitude() / 15.0 * 3600.0; // solar time
            state.checkDailyAndScheduleNextHour();
        }
    }

    /**
     * Whether a node is online: not failed, not switched off by its owner, and not retired
     * (an operator who left the market, or has not joined yet).
     */
    private final class NodeState {
        final Node node;
        final Availability availability;
        RandomGenerator random;
        boolean failed;
        boolean switchedOff;
        boolean retired;
        double threshold;
        double localOffsetSeconds;

        NodeState(Node node, Availability availability) {
            this.node = node;
            this.availability = availability;
        }

        void scheduleFailure() {
            sim.schedule(exponential(availability.mtbfSeconds()), () -> {
                failed = true;
                update();
                sim.schedule(exponential(availability.mttrSeconds()), () -> {
                    failed = false;
                    update();
                    scheduleFailure();
                });
            });
        }

        void checkDailyAndScheduleNextHour() {
            double local = sim.now() + localOffsetSeconds;
            int hour = (int) Math.floorMod((long) Math.floor(local / 3600.0), 24L);
            switchedOff = threshold >= availability.dailyOnline().get(hour);
            update();
            double nextHour = (Math.floor(local / 3600.0) + 1) * 3600.0 - localOffsetSeconds;
            sim.scheduleAt(Math.max(nextHour, sim.now()), 0, this::checkDailyAndScheduleNextHour);
        }

        void setRetired(boolean value) {
            retired = value;
            update();
        }

        private double exponential(double mean) {
            return -mean * FastMath.log(1.0 - random.nextDouble());
        }

        private void update() {
            boolean shouldBeUp = !failed && !switchedOff && !retired;
            if (shouldBeUp == node.isUp()) {
                return;
            }
            accrueUptime(node.index(), node.isUp());
            if (shouldBeUp) {
                node.comeUp();
                if (jobMarkets != null) {
                    jobMarkets.nodeUp(node.index());
                }
                return;
            }
            if (jobMarkets != null) {
                jobMarkets.nodeDown(node.index());
            }
            if (!retired) {
                reputation[node.index()] *= 1 - REPUTATION_STEP; // unreliable, not departed
            }
            for (Request request : node.goDown()) {
                retryOrEnd(request, true);
            }
        }
    }

    private void accrueUptime(int index, boolean wasUp) {
        double now = sim.now();
        if (wasUp) {
            upSeconds[index] += Math.max(0, now - Math.max(upSince[index], warmup));
            lifetimeUpSeconds[index] += Math.max(0, now - upSince[index]);
        }
        upSince[index] = now;
    }

    // ---------------------------------------------------------------- results

    private ReplicationResult result() {
        long accounted = metrics.completed() + metrics.failed() + metrics.dropped() + metrics.inFlight();
        if (accounted != metrics.arrived() || metrics.inFlight() < 0) {
            // Every run checks this, not only the tests: a lost or double-counted request is a bug.
            throw new IllegalStateException("requests not conserved in replication " + replication + ": arrived " + metrics.arrived()
                    + ", completed " + metrics.completed() + " + failed " + metrics.failed() + " + dropped " + metrics.dropped()
                    + " + in flight " + metrics.inFlight());
        }
        double window = scenario.durationSeconds() - warmup;
        Map<String, Double> m = new LinkedHashMap<>();
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

        double utilization = 0;
        double operatorCost = 0;
        double operatorRevenue = 0;
        double availability = 0;
        long preemptions = 0;
        double batchSum = 0;
        int batchNodes = 0;
        List<ReplicationResult.NodeRow> rows = new ArrayList<>();
        for (Node node : nodes) {
            int index = node.index();
            NodeGroup group = nodeGroup.get(index);
            double nodeUtilization = node.utilization(window);
            // Operators pay for a machine while it is online (rented, or powered).
            double nodeCost = group.costPerHourUsd() * upSeconds[index] / 3600;
            utilization += nodeUtilization;
            operatorCost += nodeCost;
            operatorRevenue += nodeRevenueUsd[index];
            availability += upSeconds[index] / window;
            preemptions += node.preemptions();
            if (!Double.isNaN(node.meanBatchSize())) {
                batchSum += node.meanBatchSize();
                batchNodes++;
            }
            rows.add(new ReplicationResult.NodeRow(index, group.name(), group.gpu(), nodeRegionName.get(index),
                    node.served(), nodeUtilization, upSeconds[index] / window, node.preemptions(), node.meanBatchSize(),
                    nodeCost, nodeRevenueUsd[index]));
        }
        int n = nodes.size();
        m.put("utilization", utilization / n);
        m.put("nodes.availability", availability / n);
        m.put("nodes.preemptions", (double) preemptions);
        m.put("nodes.mean_batch", batchNodes == 0 ? Double.NaN : batchSum / batchNodes);
        m.put("cost_per_mtok_usd.users", tokens == 0 ? Double.NaN : metrics.revenueUsd() / tokens * 1e6);
        m.put("cost_per_mtok_usd.operators", tokens == 0 ? Double.NaN : operatorCost / tokens * 1e6);
        m.put("operator_profit_usd", operatorRevenue - operatorCost);
        m.put("protocol_revenue_usd", metrics.revenueUsd() - operatorRevenue);
        // Little's law: mean requests in the system = admitted arrival rate x mean time in the system.
        m.put("little.requests_in_system", metrics.inSystemArea() / window);
        m.put("little.admitted_per_s", (metrics.arrived() - metrics.dropped()) / window);
        if (scenario.nodes().size() > 1) {
            groupResults(m, window);
        }
        for (LiveNode node : liveNodes) {
            String prefix = "live." + scenario.nodes().get(node.group()).name().replace('.', '_') + ".";
            m.put(prefix + "failed", (double) node.failed());
            node.failuresByKind().forEach((kind, count) -> m.put(prefix + "failed_by_kind." + kind, (double) count));
            m.put(prefix + "output_token_mismatches", (double) node.outputTokenMismatches());
            m.put(prefix + "in_flight_at_end", (double) node.inFlight());
        }
        if (scenario.workload().size() > 1) {
            for (int c = 0; c < scenario.workload().size(); c++) {
                String prefix = "classes." + scenario.workload().get(c).name().replace('.', '_') + ".";
                RunMetrics.ClassMetrics cm = metrics.of(c);
                latencies(m, prefix, cm);
                m.put(prefix + "completed", (double) cm.completed());
                m.put(prefix + "slo_attainment", ratio(cm.sloMet(), cm.arrived()));
                m.put(prefix + "cost_per_mtok_usd.users", cm.tokens() == 0 ? Double.NaN : cm.revenueUsd() / cm.tokens() * 1e6);
            }
        }
        if (verifier != null) {
            double[] nodeCost = new double[nodes.size()];
            for (Node node : nodes) {
                nodeCost[node.index()] = nodeGroup.get(node.index()).costPerHourUsd() * upSeconds[node.index()] / 3600;
            }
            m.putAll(verifier.metrics(nodeRevenueUsd, nodeCost));
        }
        if (leaseMarket != null) {
            leaseMarket.checkInvariants();
            m.putAll(leaseMarket.metrics());
        }
        if (jobMarkets != null) {
            jobMarkets.checkInvariants();
            m.putAll(jobMarkets.metrics());
        }
        List<String> timeseries = List.of();
        if (economy != null) {
            economy.checkInvariants();
            m.putAll(economy.metrics());
            timeseries = economy.timeseriesRows();
        }
        List<String> verificationRows = verifier == null ? List.of() : verifier.timeseriesRows(replication);
        return new ReplicationResult(replication, seed, Fingerprint.hex(sim.fingerprint()), sim.eventsFired(), m, rows, sampler.rows(), timeseries,
                verificationRows);
    }

    /** Latency and money of one node group: what a user of that provider alone would see. */
    private static final class GroupMetrics {
        final LatencyRecorder ttft = new LatencyRecorder();
        final LatencyRecorder tpot = new LatencyRecorder();
        final LatencyRecorder maxItl = new LatencyRecorder();
        final LatencyRecorder e2e = new LatencyRecorder();
        long tokens;
        double paidUsd;

        void completed(Request request, double ttftSeconds, double e2eSeconds, double priceUsd) {
            ttft.record(ttftSeconds);
            e2e.record(e2eSeconds);
            if (request.outputTokens > 1) {
                tpot.record((e2eSeconds - ttftSeconds) / (request.outputTokens - 1));
                if (request.maxTokenGapSeconds > 0) {
                    maxItl.record(request.maxTokenGapSeconds);
                }
            }
            int requestTokens = request.totalTokens();
            tokens += requestTokens;
            paidUsd += priceUsd;
        }
    }

    private void groupResults(Map<String, Double> m, double window) {
        for (int g = 0; g < scenario.nodes().size(); g++) {
            NodeGroup group = scenario.nodes().get(g);
            GroupMetrics gm = groupMetrics[g];
            double cost = 0;
            double revenue = 0;
            double utilization = 0;
            for (Node node : nodes) {
                if (node.group() == g) {
                    cost += group.costPerHourUsd() * upSeconds[node.index()] / 3600;
                    revenue += nodeRevenueUsd[node.index()];
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
            m.put(prefix + "e2e_ms.p50", gm.e2e.percentileMs(50));
            m.put(prefix + "e2e_ms.p95", gm.e2e.percentileMs(95));
            m.put(prefix + "e2e_ms.p99", gm.e2e.percentileMs(99));
            m.put(prefix + "completed", (double) gm.ttft.count());
            m.put(prefix + "utilization", utilization);
            m.put(prefix + "cost_per_mtok_usd.users", gm.tokens == 0 ? Double.NaN : gm.paidUsd / gm.tokens * 1e6);
            m.put(prefix + "cost_per_mtok_usd.operators", gm.tokens == 0 ? Double.NaN : cost / gm.tokens * 1e6);
            m.put(prefix + "profit_usd", revenue - cost);
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
    }

    private static void latency(Map<String, Double> m, String name, LatencyRecorder recorder) {
        m.put(name + ".mean", recorder.meanMs());
        m.put(name + ".p50", recorder.percentileMs(50));
        m.put(name + ".p95", recorder.percentileMs(95));
        m.put(name + ".p99", recorder.percentileMs(99));
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
