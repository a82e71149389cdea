package io.dime.sim;

import io.dime.sim.catalog.Catalog;
import io.dime.sim.kernel.EventList;
import io.dime.sim.kernel.Replications;
import io.dime.sim.kernel.Simulation;
import io.dime.sim.live.LiveBackend;
import io.dime.sim.live.LiveBackends;
import io.dime.sim.market.Economy;
import io.dime.sim.market.JobMarkets;
import io.dime.sim.market.LeaseMarket;
import io.dime.sim.metrics.RunMetrics;
import io.dime.sim.network.Network;
import io.dime.sim.node.LiveNode;
import io.dime.sim.node.Node;
import io.dime.sim.pricing.Pricing;
import io.dime.sim.pricing.PricingMechanisms;
import io.dime.sim.routing.Routers;
import io.dime.sim.routing.RoutingView;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.Scenario.NodeGroup;
import io.dime.sim.verify.Verifier;
import io.dime.sim.workload.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

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
    private final Scenario scenario;
    private final int replication;
    private final long seed;
    private final Simulation sim;
    private final NodeTable table;
    private final List<LiveNode> liveNodes;
    private final RunMetrics metrics;
    private final RequestSampler sampler;
    private final Arrivals arrivals;
    private final ReplicationReport report;
    /** What starts when the run does, in this order: pricing's own rounds, the lease market, the economy, the verifier. */
    private final List<Runnable> starts = new ArrayList<>();

    private World(Scenario scenario, int replication, Catalog catalog, LiveBackend[] groupBackend) {
        this.scenario = scenario;
        this.replication = replication;
        this.seed = Replications.seedOf(scenario.seed(), replication);
        this.sim = new Simulation(seed);
        if (scenario.hasLiveNodes()) {
            sim.paceToWallClock();
        }
        Network network = Network.build(scenario.network(), catalog, scenario.regions());
        this.metrics = new RunMetrics(scenario.workload().size());
        this.sampler = new RequestSampler(scenario, replication, seed);
        int total = scenario.nodes().stream().mapToInt(NodeGroup::count).sum();
        this.table = new NodeTable(total, sim, scenario.warmupSeconds());
        GroupMetrics[] groupMetrics = GroupMetrics.of(scenario.nodes().size());
        RequestLifecycle lifecycle = new RequestLifecycle(scenario, sim, network, table, metrics, sampler, groupMetrics);
        Churn churn = new Churn(total, sim, network, table);
        churn.onLost(request -> lifecycle.retryOrEnd(request, true));
        NodeFactory factory = new NodeFactory(scenario, catalog, sim, network, table, churn, groupBackend, lifecycle::completed, lifecycle::nodeFailed);
        factory.buildNodes();
        this.liveNodes = factory.liveNodes;
        this.report = new ReplicationReport(scenario, sim, table, metrics, groupMetrics, liveNodes);
        Pricing.Context pricingContext = pricingContext(scenario, table);
        Pricing pricing = PricingMechanisms.create(scenario.market().pricing(), pricingContext);
        RoutingView[] classView = ClassViews.build(scenario, table, pricing, pricingContext, network, sim);
        LeaseMarket leaseMarket = scenario.market().leases() ? leaseMarket(classView, churn, groupMetrics) : null;
        JobMarkets jobMarkets = scenario.market().jobMarkets() ? jobMarkets(lifecycle, groupMetrics) : null;
        Economy economy = scenario.hasToken() ? new Economy(scenario, sim, new MarketHosts.EconomyNodes(table, churn)) : null;
        boolean verifying = !(scenario.verify().check() instanceof io.dime.sim.scenario.VerificationSpec.None) || !scenario.adversaries().isEmpty();
        Verifier verifier = verifying ? new Verifier(scenario, new VerifierHost(sim, network, table, churn, lifecycle, economy,
                scenario.verify().consequences().slashShare()), sim.random().stream("verify")) : null;
        if (economy != null) {
            economy.setReplication(replication);
        }
        this.arrivals = new Arrivals(scenario, sim, network, lifecycle, economy);
        lifecycle.closedLoops(arrivals);
        wireDispatch(lifecycle, jobMarkets, classView, pricing, economy);
        wireSettlement(lifecycle, jobMarkets, economy);
        starts.add(pricing::start);
        if (leaseMarket != null) {
            starts.add(leaseMarket::start);
        }
        if (jobMarkets != null) {
            wireJobMarkets(lifecycle, churn, jobMarkets);
        }
        if (economy != null) {
            wireEconomy(lifecycle, economy);
        }
        if (verifier != null) {
            wireVerifier(lifecycle, verifier);
        }
        reportParts(verifier, leaseMarket, jobMarkets, economy);
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

    // ---------------------------------------------------------------- wiring

    private static Pricing.Context pricingContext(Scenario scenario, NodeTable table) {
        double epoch = scenario.hasToken() ? scenario.token().epochSeconds() : 3600;
        return new Pricing.Context() {
            @Override
            public Simulation sim() {
                return table.sim();
            }

            @Override
            public List<Node> nodes() {
                return table.nodes;
            }

            @Override
            public double[] asks() {
                return table.ask;
            }

            @Override
            public double postedPrice(int node) {
                // Called by the per-token pricings only, where every group has a token price.
                return ((NodeGroup.TokenAsk) table.group.get(node).offer()).pricePerMTok();
            }

            @Override
            public double epochSeconds() {
                return epoch;
            }
        };
    }

    /** Job markets match jobs and nodes in their own FIFO queues: no router. */
    private void wireDispatch(RequestLifecycle lifecycle, JobMarkets jobMarkets, RoutingView[] classView, Pricing pricing, Economy economy) {
        if (jobMarkets != null) {
            lifecycle.dispatchBy(jobMarkets::post); // a node of the market takes it now, or when one is free
            return;
        }
        DoubleSupplier multiplier = economy != null ? economy::priceMultiplier : () -> 1.0;
        lifecycle.dispatchBy(new RouterDispatch(scenario, lifecycle, table, classView, Routers.create(scenario.routing().policy()),
                sim.random().stream("routing"), pricing, multiplier));
    }

    /** Who is paid what for a completed request: the token economy, the time-priced market already, or the user directly. */
    private void wireSettlement(RequestLifecycle lifecycle, JobMarkets jobMarkets, Economy economy) {
        if (economy != null) {
            lifecycle.settleBy((request, node, amount, sloMet, jobPayUsd) -> {
                Economy.Payment payment = economy.settle(node.index(), node.group(), request.totalTokens(), amount, sloMet);
                request.setPaidUsd(payment.userUsd());
                return payment.operatorUsd();
            });
        } else if (scenario.market().timePriced()) {
            // Already counted when paid (the market's host); the verifier may withhold it.
            lifecycle.settleBy((request, node, amount, sloMet, jobPayUsd) -> jobPayUsd);
        } else {
            double fee = scenario.market().protocolFee();
            lifecycle.settleBy((request, node, amount, sloMet, jobPayUsd) -> {
                request.setPaidUsd(amount);
                return table.isDecentralized(node.index()) ? amount * (1 - fee) : amount;
            });
        }
        if (jobMarkets != null) {
            lifecycle.paidOnResult(jobMarkets::finished);
        }
    }

    private void wireJobMarkets(RequestLifecycle lifecycle, Churn churn, JobMarkets jobMarkets) {
        lifecycle.listen(new RequestListener() {
            @Override
            public void lost(Request request) {
                jobMarkets.quit(request); // the node lost the job: no pay, deposit back; a retry lists a new job
            }

            @Override
            public void ended(Request request) {
                jobMarkets.endedByUser(request); // a waiting job is delisted, a running one ended and its node paid so far
            }
        });
        churn.listen(new Churn.Listener() {
            @Override
            public void up(int node) {
                jobMarkets.nodeUp(node);
            }

            @Override
            public void down(int node) {
                jobMarkets.nodeDown(node);
            }
        });
    }

    private void wireEconomy(RequestLifecycle lifecycle, Economy economy) {
        lifecycle.listen(new RequestListener() {
            @Override
            public void ended(Request request) {
                economy.failed();
            }
        });
        starts.add(economy::start);
    }

    private void wireVerifier(RequestLifecycle lifecycle, Verifier verifier) {
        lifecycle.listen(new RequestListener() {
            @Override
            public void sent(Request request, int node) {
                // Once per request, at its first send: a request whose first attempt found no node up
                // (churn) is sent first on a retry, and redundancy must start its replicas then.
                if (request.verification() == null) {
                    verifier.onRouted(request, node);
                }
            }
        });
        lifecycle.gateBy(verifier::onResult);
        starts.add(verifier::start);
    }

    /** The parts' metrics, in this order after the world's own: verifier, lease market, job markets, economy. */
    private void reportParts(Verifier verifier, LeaseMarket leaseMarket, JobMarkets jobMarkets, Economy economy) {
        if (verifier != null) {
            report.addPart(m -> {
                double[] nodeCost = new double[table.size()];
                for (Node node : table.nodes) {
                    nodeCost[node.index()] = table.costUsd(node.index());
                }
                m.putAll(verifier.metrics(table.revenueUsd, nodeCost));
            });
            report.verificationRows(() -> verifier.timeseriesRows(replication));
        }
        if (leaseMarket != null) {
            report.addPart(m -> {
                leaseMarket.checkInvariants();
                m.putAll(leaseMarket.metrics());
            });
        }
        if (jobMarkets != null) {
            report.addPart(m -> {
                jobMarkets.checkInvariants();
                m.putAll(jobMarkets.metrics());
            });
        }
        if (economy != null) {
            report.addPart(m -> {
                economy.checkInvariants();
                m.putAll(economy.metrics());
            });
            report.timeseries(economy::timeseriesRows);
        }
    }

    private LeaseMarket leaseMarket(RoutingView[] classView, Churn churn, GroupMetrics[] groupMetrics) {
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
        MarketHosts.Leases host = new MarketHosts.Leases(sim, table, churn, classView, metrics, groupMetrics, scenario.warmupSeconds());
        return new LeaseMarket(scenario.market().lease(), sim, host, sim.random().stream("market/lease-ties"), table.ask, eligible, tenants,
                scenario.warmupSeconds());
    }

    /** The job markets: one per node group (GPU class); each request class lists its jobs in its groups' markets. */
    private JobMarkets jobMarkets(RequestLifecycle lifecycle, GroupMetrics[] groupMetrics) {
        List<JobMarkets.Terms> terms = new ArrayList<>();
        for (NodeGroup group : scenario.nodes()) {
            NodeGroup.JobPrice price = (NodeGroup.JobPrice) group.offer(); // every group is a job market under pricing job-market
            terms.add(new JobMarkets.Terms(group.name(), price.pricePerHourUsd(), price.jobTimeoutSeconds()));
        }
        int[] marketOfNode = new int[table.size()];
        for (Node node : table.nodes) {
            marketOfNode[node.index()] = node.group();
        }
        List<String> groupNames = scenario.nodes().stream().map(NodeGroup::name).toList();
        int[][] marketsOfClass = new int[scenario.workload().size()][];
        for (int c = 0; c < marketsOfClass.length; c++) {
            marketsOfClass[c] = scenario.workload().get(c).nodeGroups().stream().mapToInt(groupNames::indexOf).toArray();
        }
        MarketHosts.Jobs host = new MarketHosts.Jobs(sim, table, metrics, groupMetrics);
        host.sendWith(lifecycle);
        JobMarkets markets = new JobMarkets(terms, marketOfNode, marketsOfClass, scenario.market().jobMarket().networkFee(), sim, host);
        markets.open();
        return markets;
    }

    // ---------------------------------------------------------------- running

    private ReplicationResult run() {
        arrivals.start();
        sim.scheduleAt(scenario.warmupSeconds(), EventList.MIN_PRIORITY, this::startMeasuring);
        starts.forEach(Runnable::run);
        sim.runUntil(scenario.durationSeconds());
        metrics.finish(sim.now());
        for (Node node : table.nodes) {
            table.accrueUptime(node.index(), node.isUp());
        }
        return report.result(replication, seed, sampler, arrivals.defected());
    }

    private void startMeasuring() {
        metrics.start(sim.now());
        for (Node node : table.nodes) {
            node.resetAccounting();
            // Bank the up time so far into the lifetime total (the economy bills it) before the
            // measured window starts from zero.
            table.accrueUptime(node.index(), node.isUp());
            table.upSeconds[node.index()] = 0;
        }
    }
}
