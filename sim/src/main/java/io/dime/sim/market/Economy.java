package io.dime.sim.market;

import io.dime.sim.kernel.Simulation;
import io.dime.sim.scenario.DemandSpec;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.Scenario.NodeGroup;
import io.dime.sim.scenario.Scenario.NodeKind;
import io.dime.sim.scenario.SupplySpec;
import io.dime.sim.scenario.TokenSpec;
import io.dime.sim.token.Account;
import io.dime.sim.token.Asset;
import io.dime.sim.token.ConstantProductPool;
import io.dime.sim.token.EmissionSchedule;
import io.dime.sim.token.Ledger;
import io.dime.sim.token.PidController;
import io.dime.sim.token.PidSettings;
import io.dime.sim.token.SlashDestination;
import io.dime.sim.token.Staking;
import io.dime.sim.token.SubnetPool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.util.FastMath;

/**
 * The token economy of one replication: who holds what, what a request costs in USD, and
 * what happens at the end of every epoch — emissions to operators by work done, operators
 * selling tokens to pay their GPUs, buyback-and-burn, speculative flow into the pool, the
 * controllers' corrections, operators joining and leaving on profit, and demand answering
 * price and quality.
 *
 * <p>Accounts: {@code treasury} (the genesis supply, protocol fees), {@code pool} (the
 * constant-product token/USD pool), {@code users} and {@code speculators} and each operator
 * group (dollars from outside the model: their USD may go negative), {@code gpu-providers}
 * (where operators' GPU bills go), per-group stake accounts. Dollars are only moved, tokens
 * only minted and burned, so {@link Ledger#checkConservation()} checks the bookkeeping.
 *
 * <p>Bittensor's parts, each off unless its key is set: Yuma consensus over operator groups or
 * over single nodes scored by measured quality ({@code emission.split: yuma}); UID registration
 * by burn, with immunity and replacement of the lowest-scoring UID ({@code registration},
 * {@link Registration}); and the subnet's dTAO pool, into which the emission is injected while
 * alpha is paid out ({@code alpha_pool}, {@link SubnetPool}).
 */
public final class Economy {
    /** What the world lets the economy see and do with nodes. */
    public interface Nodes {
        int count();

        int group(int node);

        boolean isUp(int node);

        boolean isRetired(int node);

        void setRetired(int node, boolean retired);

        double lifetimeBusySeconds(int node);

        double lifetimeUpSeconds(int node);
    }

    /** What a request paid, in USD, and who received what (USD value at the current price). */
    public record Payment(double userUsd, double operatorUsd, double protocolUsd) {
    }

    private final Scenario scenario;
    /** The market's settlement, read once rather than compared as text on every completion. */
    private final boolean burnAndMint;
    private final TokenSpec spec;
    private final Simulation sim;
    private final Nodes nodes;
    private final double epoch;
    private final Ledger ledger;
    private final ConstantProductPool pool;
    private final Staking staking;
    private final EmissionSchedule emission;
    private final Account treasury;
    private final Account users;
    private final Account speculators;
    private final Account gpuProviders;
    private final Account rewards;
    /** Bittensor-style emission split, when token.emission.split is yuma; else null. */
    private final Yuma yuma;
    private final RandomGenerator yumaStreams;
    private final Account validatorsAccount;
    private double strayValidatorDividends;
    private final RandomGenerator checkerStreams;
    private long livenessChecks;
    private long livenessSlashes;
    private long livenessFalseSlashes;
    private long livenessMissed;
    /** Tokens of work whose reward the end-of-epoch up check withheld, whole run. */
    private long withheldWork;
    private int yumaEpochs;
    private final Account[] operators;
    private final Account[] centralized;

    // Yuma over single nodes (yuma.miners: nodes): the miners in a fixed order, and what
    // validators measured of each this epoch.
    private final boolean minersAreNodes;
    private final int[] minerNodes;
    private final int[] minerIndexOfNode;
    private final long[] nodeResults;
    private final long[] nodeSloMetTokens;
    private final long[] nodeCaught;
    /** Share of results the verification scheme checks: validators scale what it caught by it. */
    private final double checkedShare;
    /** Per group, what its miners were paid by the Yuma split over the run (token or alpha). */
    private final double[] groupMinerRewards;
    /** Each node's reward this epoch in USD, when it is known per node (nodes as miners, or alpha). */
    private final boolean exactNodeRewards;
    private final double[] nodeRewardUsd;

    // UID registration (null when off).
    private final Registration registration;
    /** Each node's reward in USD at the last epoch: the pruning score. */
    private final double[] lastRewardUsd;
    private long registrations;
    private long deregistrations;
    private double registrationBurnedTokens;

    // The subnet's dTAO pool (null when off).
    private final SubnetPool subnetPool;
    private final double initialSubnetK;
    private long subnetKDecreases;
    private double alphaPriceAtWarmup = Double.NaN;
    private double alphaInjectedTao;
    private double alphaInjected;
    private double alphaRecycled;
    private double alphaEmitted;
    private double alphaSold;
    private final List<ControlLoop> controllers = new ArrayList<>();
    private final RandomGenerator speculation;
    private final DemandSpec demand;
    private final List<String> timeseries = new ArrayList<>();
    private final double initialPoolK;

    // Actuator values, moved by controllers.
    private double burnShare;
    private double protocolFee;
    private double priceMultiplier = 1;

    // Per epoch.
    private final double[] nodeRevenueUsd;
    private final long[] nodeWorkTokens;
    private final double[] nodeLossSince;
    private final double[] lastBusy;
    private final double[] lastUp;
    private final boolean[] pendingJoin;
    private final List<double[]> groupProfitHistory = new ArrayList<>();
    private double epochUserUsd;
    /** What operators received from users' payments (USD, or tokens valued at the pool price), whole run. */
    private double operatorPaymentsUsd;
    private long epochTokens;
    private long epochCompleted;
    private long epochSloMissed;

    // Demand.
    private double demandMultiplier = 1;
    private double defectedShare;

    // Summary.
    private final List<Double> prices = new ArrayList<>();
    private final List<Double> activeCounts = new ArrayList<>();
    private double priceAtWarmup = Double.NaN;
    private long joins;
    private long leaves;
    private double operatorProfitUsd;
    private long kDecreases;

    public Economy(Scenario scenario, Simulation sim, Nodes nodes) {
        this.scenario = scenario;
        this.burnAndMint = scenario.market().burnAndMint();
        this.spec = scenario.token();
        this.sim = sim;
        this.nodes = nodes;
        this.epoch = spec.epochSeconds();
        this.demand = scenario.demand();
        this.burnShare = spec.burnShare();
        this.protocolFee = scenario.market().protocolFee();
        this.ledger = new Ledger(spec.initialSupply(), "treasury");
        this.ledger.traceInto(sim::trace);
        this.treasury = ledger.account("treasury");
        Account outside = ledger.account("outside-usd", true);
        this.users = ledger.account("users", true);
        this.speculators = ledger.account("speculators", true);
        this.gpuProviders = ledger.account("gpu-providers");
        this.rewards = ledger.account("rewards");
        var yumaSettings = spec.emission().yuma();
        this.yuma = yumaSettings == null ? null : new Yuma(yumaSettings.kappa(), yumaSettings.bondAlpha());
        this.yumaStreams = sim.random().stream("token/yuma");
        this.checkerStreams = sim.random().stream("token/checkers");
        this.validatorsAccount = ledger.account("validators");
        // The pool opens at the starting price with the USD depth given; its tokens come from the treasury.
        Account poolAccount = ledger.account("pool");
        ledger.transfer(Asset.TOKEN, treasury, poolAccount, spec.pool().usdReserve() / spec.initialPriceUsd());
        ledger.transfer(Asset.USD, outside, poolAccount, spec.pool().usdReserve());
        this.pool = new ConstantProductPool(ledger, poolAccount, spec.pool().fee());
        if (spec.treasuryUsd() > 0) {
            ledger.transfer(Asset.USD, outside, treasury, spec.treasuryUsd());
        }
        this.initialPoolK = pool.k();
        // Speculators hold as many tokens as the pool, so they can sell as well as buy.
        ledger.transfer(Asset.TOKEN, treasury, speculators, Math.min(pool.tokenReserve(), treasury.tokens()));
        this.staking = new Staking(ledger, spec.staking().unbondingSeconds());
        this.emission = switch (spec.emission().schedule()) {
            case "constant" -> new EmissionSchedule.Constant(spec.emission().tokensPerDay() / 86400);
            case "halving" -> new EmissionSchedule.Halving(spec.emission().tokensPerDay() / 86400, spec.emission().halvingSeconds());
            case "decay" -> new EmissionSchedule.Decay(spec.emission().tokensPerDay() / 86400, spec.emission().declinePerMonth(), 30 * 86400.0);
            case "controller" -> new EmissionSchedule.Controlled(spec.emission().tokensPerDay() / 86400);
            default -> throw new IllegalStateException(spec.emission().schedule());
        };
        List<NodeGroup> groups = scenario.nodes();
        this.operators = new Account[groups.size()];
        this.centralized = new Account[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            String name = groups.get(g).name();
            if (groups.get(g).kind() == NodeKind.CENTRALIZED) {
                centralized[g] = ledger.account("provider/" + name);
            } else {
                operators[g] = ledger.account("operators/" + name, true);
            }
        }
        this.speculation = sim.random().stream("token/speculation");
        for (TokenSpec.Controller c : spec.controllers()) {
            controllers.add(new ControlLoop(c));
        }
        int n = nodes.count();
        this.minersAreNodes = yumaSettings != null && yumaSettings.minersAreNodes();
        this.minerNodes = java.util.stream.IntStream.range(0, minersAreNodes ? n : 0).filter(node -> operators[nodes.group(node)] != null).toArray();
        this.minerIndexOfNode = new int[minersAreNodes ? n : 0];
        java.util.Arrays.fill(minerIndexOfNode, -1);
        for (int j = 0; j < minerNodes.length; j++) {
            minerIndexOfNode[minerNodes[j]] = j;
        }
        this.nodeResults = new long[minersAreNodes ? n : 0];
        this.nodeSloMetTokens = new long[minersAreNodes ? n : 0];
        this.nodeCaught = new long[minersAreNodes ? n : 0];
        this.checkedShare = scenario.verify().checkedShare();
        this.groupMinerRewards = new double[groups.size()];
        this.exactNodeRewards = minersAreNodes || spec.alphaPool() != null;
        this.nodeRewardUsd = new double[exactNodeRewards ? n : 0];
        if (spec.alphaPool() != null) {
            var a = spec.alphaPool();
            this.subnetPool = SubnetPool.open(ledger, ledger.account("subnet-pool"), treasury, a.taoReserve(), a.alphaPriceTao(), a.fee());
            this.initialSubnetK = subnetPool.k();
        } else {
            this.subnetPool = null;
            this.initialSubnetK = 0;
        }
        if (spec.registration() != null) {
            var r = spec.registration();
            this.registration = new Registration(new Registration.Settings(r.burnTokens(), r.minBurnTokens(), r.maxBurnTokens(),
                    r.adjustmentIntervalSeconds(), r.targetPerInterval(), r.adjustmentAlpha(), r.immunitySeconds(), r.maxUids()), n);
            this.lastRewardUsd = new double[n];
            for (int node = 0; node < n; node++) {
                if (operators[nodes.group(node)] != null && !nodes.isRetired(node)) {
                    registration.registerAtGenesis(node);
                }
            }
        } else {
            this.registration = null;
            this.lastRewardUsd = null;
        }
        this.nodeRevenueUsd = new double[n];
        this.nodeWorkTokens = new long[n];
        this.nodeLossSince = new double[n];
        this.lastBusy = new double[n];
        this.lastUp = new double[n];
        this.pendingJoin = new boolean[n];
        java.util.Arrays.fill(nodeLossSince, Double.NaN);
        // Genesis: every node active at the start has its minimum stake, from the treasury.
        for (int node = 0; node < n; node++) {
            if (!nodes.isRetired(node)) {
                stakeFor(node, false);
            }
        }
    }

    /** Starts the epoch loop. */
    public void start() {
        sim.every(epoch, this::endEpoch);
        if (spec.checkers() != null) {
            sim.every(spec.checkers().everySeconds(), this::checkLiveness);
        }
        if (registration != null) {
            double interval = registration.settings().adjustmentIntervalSeconds();
            sim.every(interval, registration::adjustBurn);
        }
    }

    /**
     * One round of liveness checks: a committee probes each operator node; each checker reports
     * the truth except with the error rate; a majority "down" slashes the node's share of its
     * group's stake. Slashing an up node is a false slash.
     */
    private void checkLiveness() {
        var checkers = spec.checkers();
        for (int node = 0; node < nodes.count(); node++) {
            int g = nodes.group(node);
            if (operators[g] == null || nodes.isRetired(node)) {
                continue;
            }
            boolean up = nodes.isUp(node);
            int saysDown = 0;
            for (int c = 0; c < checkers.committee(); c++) {
                boolean wrong = checkerStreams.nextDouble() < checkers.errorRate();
                if (up == wrong) {
                    saysDown++;
                }
            }
            livenessChecks++;
            if (2 * saysDown > checkers.committee()) {
                slash(g, checkers.slashShare() / scenario.nodes().get(g).count());
                livenessSlashes++;
                if (up) {
                    livenessFalseSlashes++;
                }
            } else if (!up) {
                livenessMissed++;
            }
        }
    }

    // ---------------------------------------------------------------- requests

    /** What multiplies every posted or asked price (a controller acting on price). */
    public double priceMultiplier() {
        return priceMultiplier;
    }

    /** Share of potential users who come, before defection: (price / reference)^(−elasticity). */
    public double demandMultiplier() {
        return demandMultiplier;
    }

    public double defectedShare() {
        return defectedShare;
    }

    /** USD value of one token, at the pool's price. */
    public double tokenPriceUsd() {
        return pool.price();
    }

    /**
     * Moves the money for a completed request: {@code amount} in the market's currency (USD for
     * centralized providers, always). In tokens, users first buy the tokens from the pool.
     */
    public Payment settle(int node, int group, long requestTokens, double amount, boolean sloMet) {
        epochCompleted++;
        epochTokens += requestTokens;
        if (!sloMet) {
            epochSloMissed++;
        }
        if (centralized[group] != null) {
            ledger.transfer(Asset.USD, users, centralized[group], amount);
            epochUserUsd += amount;
            return new Payment(amount, amount, 0);
        }
        nodeWorkTokens[node] += requestTokens;
        if (minersAreNodes) {
            nodeResults[node]++;
            if (sloMet) {
                nodeSloMetTokens[node] += requestTokens;
            }
        }
        if (burnAndMint) {
            // Burn-and-mint: the USD price, less the protocol fee, buys tokens that are burned at
            // once; the operator's pay is its share of the epoch's emission (nodeWorkTokens above).
            double bmeFee = amount * protocolFee;
            ledger.transfer(Asset.USD, users, treasury, bmeFee);
            if (amount - bmeFee > 0) {
                double bought = pool.buyTokensWithUsd(users, amount - bmeFee);
                ledger.burn(users, bought);
            }
            epochUserUsd += amount;
            return new Payment(amount, 0, amount);
        }
        double fee = amount * protocolFee;
        double userUsd;
        double price = pool.price();
        if (scenario.market().inTokens()) {
            userUsd = amount > 0 ? pool.buyExactTokens(users, amount) : 0;
            ledger.transfer(Asset.TOKEN, users, operators[group], amount - fee);
            double burned = fee * burnShare;
            ledger.transfer(Asset.TOKEN, users, treasury, fee);
            if (burned > 0) {
                ledger.burn(treasury, burned);
            }
            nodeRevenueUsd[node] += (amount - fee) * price;
        } else {
            userUsd = amount;
            ledger.transfer(Asset.USD, users, operators[group], amount - fee);
            ledger.transfer(Asset.USD, users, treasury, fee);
            nodeRevenueUsd[node] += amount - fee;
        }
        epochUserUsd += userUsd;
        double operatorUsd = scenario.market().inTokens() ? (amount - fee) * price : amount - fee;
        operatorPaymentsUsd += operatorUsd;
        return new Payment(userUsd, operatorUsd, userUsd - operatorUsd);
    }

    /** A request that ended without an answer counts as a quality miss for demand. */
    public void failed() {
        epochCompleted++;
        epochSloMissed++;
    }

    /** The verification caught one of this node's results wrong (validators scoring single nodes see it). */
    public void recordCaught(int node) {
        if (minersAreNodes) {
            nodeCaught[node]++;
        }
    }

    /** Slashes a share of a group's stake (verification); returns the tokens slashed. */
    public double slash(int group, double fraction) {
        if (operators[group] == null) {
            return 0;
        }
        return staking.slashFraction(operators[group], fraction, SlashDestination.burn());
    }

    // ---------------------------------------------------------------- epochs

    /**
     * Bittensor-style split: each validator weighs the operator groups (miners) by the work it
     * saw them do; stray validators put all their weight on one group drawn at random; Yuma
     * consensus clips them. The owner's share goes to the treasury, miners' by incentive to the
     * operator groups, validators' by dividends to the validators' account.
     */
    private void splitByYuma(double emitted, Asset asset, double unitUsd, long[] groupWork) {
        var settings = spec.emission().yuma();
        if (settings.minersAreNodes()) {
            splitByYumaAmongNodes(emitted, asset, unitUsd);
            return;
        }
        int[] miners = java.util.stream.IntStream.range(0, operators.length).filter(g -> operators[g] != null).toArray();
        int validators = settings.validators();
        int stray = (int) Math.round(settings.strayShare() * validators);
        double[] stake = new double[validators];
        java.util.Arrays.fill(stake, 1);
        double[][] weights = new double[validators][miners.length];
        for (int v = 0; v < validators; v++) {
            if (v < stray && miners.length > 0) {
                weights[v][yumaStreams.nextInt(miners.length)] = 1;
            } else {
                for (int m = 0; m < miners.length; m++) {
                    weights[v][m] = groupWork[miners[m]];
                }
            }
        }
        Yuma.Epoch result = yuma.epoch(stake, weights);
        double[] split = Yuma.split(emitted, settings.ownerShare(), result);
        ledger.transfer(asset, rewards, treasury, split[0]);
        for (int m = 0; m < miners.length; m++) {
            if (split[1 + m] > 0) {
                ledger.transfer(asset, rewards, operators[miners[m]], split[1 + m]);
                groupMinerRewards[miners[m]] += split[1 + m];
                if (exactNodeRewards) {
                    shareAmongGroupNodes(miners[m], split[1 + m] * unitUsd, groupWork);
                }
            }
        }
        payValidators(asset, split, miners.length, validators);
        strayValidatorDividends += java.util.Arrays.stream(result.dividends()).limit(stray).sum();
        yumaEpochs++;
    }

    private void payValidators(Asset asset, double[] split, int miners, int validators) {
        double toValidators = 0;
        for (int v = 0; v < validators; v++) {
            toValidators += split[1 + miners + v];
        }
        if (toValidators > 0) {
            ledger.transfer(asset, rewards, validatorsAccount, Math.min(toValidators, rewards.balance(asset)));
        }
    }

    /** A group's reward, valued in USD, shared among its nodes by the work each had counted this epoch. */
    private void shareAmongGroupNodes(int group, double usd, long[] groupWork) {
        if (groupWork[group] <= 0) {
            return;
        }
        for (int node = 0; node < nodes.count(); node++) {
            if (nodes.group(node) == group && !rewardWithheld(node)) {
                nodeRewardUsd[node] += usd * nodeWorkTokens[node] / groupWork[group];
            }
        }
    }

    /**
     * Yuma over single nodes: each validator weighs every miner holding a UID (every active
     * operator node without registration) by its measured quality this epoch; stray validators
     * put all their weight on one such miner drawn at random. The miners' share is paid to each
     * node's operator group.
     */
    private void splitByYumaAmongNodes(double emitted, Asset asset, double unitUsd) {
        var settings = spec.emission().yuma();
        int validators = settings.validators();
        int stray = (int) Math.round(settings.strayShare() * validators);
        int miners = minerNodes.length;
        double[] quality = new double[miners];
        int[] active = new int[miners];
        int activeCount = 0;
        for (int j = 0; j < miners; j++) {
            int node = minerNodes[j];
            boolean holdsUid = registration != null ? registration.holdsUid(node) : !nodes.isRetired(node) || nodeResults[node] > 0;
            if (holdsUid) {
                active[activeCount++] = j;
                quality[j] = measuredQuality(node);
            }
        }
        double[] stake = new double[validators];
        java.util.Arrays.fill(stake, 1);
        double[][] weights = new double[validators][];
        for (int v = 0; v < validators; v++) {
            if (v < stray && activeCount > 0) {
                weights[v] = new double[miners];
                weights[v][active[yumaStreams.nextInt(activeCount)]] = 1;
            } else {
                weights[v] = quality;
            }
        }
        Yuma.Epoch result = yuma.epoch(stake, weights);
        double[] split = Yuma.split(emitted, settings.ownerShare(), result);
        ledger.transfer(asset, rewards, treasury, split[0]);
        for (int j = 0; j < miners; j++) {
            if (split[1 + j] > 0) {
                int node = minerNodes[j];
                int g = nodes.group(node);
                ledger.transfer(asset, rewards, operators[g], split[1 + j]);
                groupMinerRewards[g] += split[1 + j];
                nodeRewardUsd[node] += split[1 + j] * unitUsd;
            }
        }
        payValidators(asset, split, miners, validators);
        strayValidatorDividends += java.util.Arrays.stream(result.dividends()).limit(stray).sum();
        yumaEpochs++;
    }

    /**
     * What validators measure of a node this epoch: the tokens of its results that met their
     * SLO, times one minus the share of its results they estimate wrong. The scheme checks only
     * a share of results, so each result caught stands for 1 / checked share of them.
     */
    private double measuredQuality(int node) {
        if (nodeResults[node] == 0) {
            return 0;
        }
        double wrongShare = checkedShare > 0 ? Math.min(1, nodeCaught[node] / (checkedShare * nodeResults[node])) : 0;
        return nodeSloMetTokens[node] * (1 - wrongShare);
    }

    /**
     * dTAO: the epoch's token emission goes into the subnet's pool with matching alpha (the price
     * stays), capped at the alpha injection limit; the excess buys alpha that is recycled.
     */
    private void injectIntoSubnet(double emittedTao) {
        double maxAlpha = spec.alphaPool().maxInjectionAlphaPerDay() * epoch / 86400;
        SubnetPool.Injection injection = subnetPool.inject(rewards, emittedTao, maxAlpha);
        alphaInjectedTao += injection.tao();
        alphaInjected += injection.alphaMinted();
        alphaRecycled += injection.alphaRecycled();
    }

    /** dTAO: the epoch's alpha for participants, minted and split by Yuma (owner, miners, validators). */
    private void emitAlpha(double tokenPriceUsd, long[] groupWork) {
        double alpha = spec.alphaPool().alphaPerDay() * epoch / 86400;
        if (alpha <= 0) {
            return;
        }
        ledger.mint(rewards, Asset.ALPHA, alpha);
        alphaEmitted += alpha;
        splitByYuma(alpha, Asset.ALPHA, subnetPool.alphaPriceTao() * tokenPriceUsd, groupWork);
        if (rewards.alpha() > 0) {
            ledger.transfer(Asset.ALPHA, rewards, treasury, rewards.alpha()); // unclaimed: to the owner
        }
    }

    private void endEpoch() {
        double now = sim.now();
        staking.releaseUnbonded(now);
        int groups = scenario.nodes().size();
        double price = pool.price();

        // 1. Emission, split among operator groups by the work their nodes did.
        double emitted = emission.tokensBetween(now - epoch, now);
        long work = 0;
        long[] groupWork = new long[groups];
        for (int node = 0; node < nodes.count(); node++) {
            work += operators[nodes.group(node)] != null ? nodeWorkTokens[node] : 0;
            // io.net-style check at the epoch's end: a node that is down then is not paid for
            // the epoch; its share stays with the rewards account and goes to the treasury.
            if (rewardWithheld(node) && nodeWorkTokens[node] > 0) {
                withheldWork += nodeWorkTokens[node];
                continue;
            }
            groupWork[nodes.group(node)] += nodeWorkTokens[node];
        }
        if (emitted > 0) {
            ledger.mint(rewards, emitted);
            if (subnetPool != null) {
                injectIntoSubnet(emitted);
            } else if (yuma != null) {
                splitByYuma(emitted, Asset.TOKEN, price, groupWork);
            } else {
                for (int g = 0; g < groups; g++) {
                    if (operators[g] != null && work > 0 && groupWork[g] > 0) {
                        ledger.transfer(Asset.TOKEN, rewards, operators[g], emitted * groupWork[g] / work);
                    }
                }
            }
            if (rewards.tokens() > 0) {
                ledger.transfer(Asset.TOKEN, rewards, treasury, rewards.tokens()); // no work: to the treasury
            }
        }
        if (subnetPool != null) {
            emitAlpha(price, groupWork);
        }
        if (minersAreNodes) {
            java.util.Arrays.fill(nodeResults, 0);
            java.util.Arrays.fill(nodeSloMetTokens, 0);
            java.util.Arrays.fill(nodeCaught, 0);
        }

        // 2. Costs, revenue and profit per node over the epoch (tokens valued at this price).
        double[] groupProfit = new double[groups];
        double[] groupHours = new double[groups];
        double busy = 0;
        double upTotal = 0;
        int active = 0;
        for (int node = 0; node < nodes.count(); node++) {
            int g = nodes.group(node);
            double upSeconds = nodes.lifetimeUpSeconds(node) - lastUp[node];
            lastUp[node] = nodes.lifetimeUpSeconds(node);
            double busySeconds = nodes.lifetimeBusySeconds(node) - lastBusy[node];
            lastBusy[node] = nodes.lifetimeBusySeconds(node);
            busy += busySeconds;
            upTotal += upSeconds;
            if (nodes.isUp(node) && operators[g] != null) {
                active++; // operators of the network; centralized providers are not counted
            }
            double cost = scenario.nodes().get(g).costPerHourUsd() * upSeconds / 3600;
            double tokenReward = work > 0 && operators[g] != null ? emitted * nodeWorkTokens[node] / work : 0;
            double rewardUsd = exactNodeRewards ? nodeRewardUsd[node] : tokenReward * price;
            if (lastRewardUsd != null) {
                lastRewardUsd[node] = rewardUsd;
            }
            double profit = nodeRevenueUsd[node] + rewardUsd - cost;
            if (operators[g] != null && cost > 0) {
                ledger.transfer(Asset.USD, operators[g], gpuProviders, cost);
            }
            groupProfit[g] += profit;
            groupHours[g] += upSeconds / 3600;
            if (now > scenario.warmupSeconds()) {
                operatorProfitUsd += operators[g] != null ? profit : 0;
            }
            trackLosses(node, profit, upSeconds, now);
            nodeRevenueUsd[node] = 0;
            nodeWorkTokens[node] = 0;
            if (exactNodeRewards) {
                nodeRewardUsd[node] = 0;
            }
        }

        // 3. Operators sell a share of their tokens to pay their bills (first their alpha for tokens).
        if (subnetPool != null && spec.alphaPool().sellShare() > 0) {
            for (Account operator : operators) {
                if (operator != null && operator.alpha() > 0) {
                    alphaSold += operator.alpha() * spec.alphaPool().sellShare();
                    subnetPool.sellAlphaForTao(operator, operator.alpha() * spec.alphaPool().sellShare());
                }
            }
        }
        for (Account operator : operators) {
            if (operator != null && operator.tokens() > 0 && spec.operatorSellShare() > 0) {
                pool.sellTokensForUsd(operator, operator.tokens() * spec.operatorSellShare());
            }
        }

        // 4. Buyback-and-burn: the treasury spends a share of its dollars (fees, and any reserve)
        //    on tokens and burns them. A controller on "burn" moves that share, so the treasury
        //    works as a buffer: it spends more while the price is low and saves while it is high.
        double buyback = burnShare * treasury.usd();
        if (buyback > 1e-9) {
            double bought = pool.buyTokensWithUsd(treasury, buyback);
            ledger.burn(treasury, bought);
        }

        // 5. Speculative flow: a random walk with jumps, as a share of the pool's depth.
        speculate();

        // 6. Controllers see this epoch's measures and move their actuators.
        double utilization = upTotal > 0 ? busy / upTotal : 0;
        for (ControlLoop loop : controllers) {
            loop.update(now, pool.price(), utilization, active);
        }

        // 7. Operators join where the last window paid, and leave after sustained losses.
        groupProfitHistory.add(perHour(groupProfit, groupHours));
        supplyResponse(now);

        // 8. Demand answers the price users paid and the misses they saw.
        updateDemand();

        if (pool.k() < initialPoolK * (1 - 1e-9)) {
            kDecreases++;
        }
        if (subnetPool != null && subnetPool.k() < initialSubnetK * (1 - 1e-9)) {
            subnetKDecreases++;
        }
        recordEpoch(now, emitted, utilization, active, groupProfit);
        epochUserUsd = 0;
        epochTokens = 0;
        epochCompleted = 0;
        epochSloMissed = 0;
    }

    private static double[] perHour(double[] profit, double[] hours) {
        double[] rate = new double[profit.length];
        for (int g = 0; g < profit.length; g++) {
            rate[g] = hours[g] > 0 ? profit[g] / hours[g] : Double.NaN;
        }
        return rate;
    }

    private void speculate() {
        TokenSpec.Speculation s = spec.speculation();
        double share = s.volatility() * speculation.nextGaussian();
        if (speculation.nextDouble() < s.jumpProbability()) {
            share += (speculation.nextBoolean() ? 1 : -1) * s.jumpSize();
        }
        double usd = share * pool.usdReserve();
        if (usd > 0) {
            pool.buyTokensWithUsd(speculators, usd);
        } else if (usd < 0) {
            double tokens = Math.min(speculators.tokens(), pool.tokensNeededForUsd(Math.min(-usd, pool.usdReserve() * 0.5)));
            if (tokens > 0) {
                pool.sellTokensForUsd(speculators, tokens);
            }
        }
    }

    private void trackLosses(int node, double profit, double upSeconds, double now) {
        if (upSeconds <= 0) {
            return;
        }
        if (profit < 0) {
            if (Double.isNaN(nodeLossSince[node])) {
                nodeLossSince[node] = now - epoch;
            }
        } else {
            nodeLossSince[node] = Double.NaN;
        }
    }

    private void supplyResponse(double now) {
        for (int g = 0; g < scenario.nodes().size(); g++) {
            SupplySpec supply = scenario.nodes().get(g).supply();
            if (supply == null) {
                continue;
            }
            // Leave: nodes that have lost money for leave_after in a row.
            for (int node = 0; node < nodes.count(); node++) {
                if (nodes.group(node) == g && !nodes.isRetired(node) && !Double.isNaN(nodeLossSince[node])
                        && now - nodeLossSince[node] >= supply.leaveAfterSeconds()) {
                    retire(node);
                }
            }
            // Join: the group's active nodes earned more than the threshold per hour over the window.
            int epochs = Math.max(1, (int) Math.round(supply.windowSeconds() / epoch));
            if (groupProfitHistory.size() < epochs) {
                continue;
            }
            double sum = 0;
            int counted = 0;
            for (int k = groupProfitHistory.size() - epochs; k < groupProfitHistory.size(); k++) {
                double rate = groupProfitHistory.get(k)[g];
                if (!Double.isNaN(rate)) {
                    sum += rate;
                    counted++;
                }
            }
            if (counted > 0 && sum / counted > supply.joinThresholdUsdPerHour() && registrationPaysBack(sum / counted)) {
                int joining = 0;
                for (int node = 0; node < nodes.count() && joining < supply.joinStep(); node++) {
                    if (nodes.group(node) == g && nodes.isRetired(node) && !pendingJoin[node]) {
                        join(node, supply.onboardingSeconds());
                        joining++;
                    }
                }
            }
        }
    }

    /**
     * Under registration an operator joins only if the profit per node-hour it sees would repay
     * the burn within the immunity period, the time its UID is safe (assumed: Dime's reading of
     * a miner's decision; Bittensor documents the cost, not how miners weigh it).
     */
    private boolean registrationPaysBack(double profitPerNodeHourUsd) {
        if (registration == null) {
            return true;
        }
        double burnUsd = registration.burnCostTokens() * pool.price();
        return profitPerNodeHourUsd * registration.settings().immunitySeconds() / 3600 >= burnUsd;
    }

    /**
     * The joining node's operator burns the registration cost (buying on the pool what it lacks)
     * and takes a UID; when the subnet is full, the UID it replaces is deregistered and that node
     * leaves.
     */
    private void registerUid(int node) {
        if (registration.holdsUid(node)) {
            return; // it never gave up its UID (ejected by the verifier, back again)
        }
        Account operator = operators[nodes.group(node)];
        double cost = registration.burnCostTokens();
        double missing = Math.max(0, cost - operator.tokens());
        if (missing > 0) {
            pool.buyExactTokens(operator, Math.min(missing, pool.tokenReserve() * 0.5));
        }
        double burned = Math.min(cost, operator.tokens());
        if (burned > 0) {
            ledger.burn(operator, burned);
        }
        registrationBurnedTokens += burned;
        registrations++;
        int replaced = registration.register(node, sim.now(), lastRewardUsd);
        if (replaced >= 0) {
            deregistrations++;
            retire(replaced);
        }
    }

    private void join(int node, double onboardingSeconds) {
        pendingJoin[node] = true;
        sim.schedule(onboardingSeconds, () -> {
            pendingJoin[node] = false;
            if (registration != null) {
                registerUid(node);
            }
            stakeFor(node, true);
            nodeLossSince[node] = Double.NaN;
            lastUp[node] = nodes.lifetimeUpSeconds(node);
            lastBusy[node] = nodes.lifetimeBusySeconds(node);
            nodes.setRetired(node, false);
            if (sim.now() > scenario.warmupSeconds()) {
                joins++;
            }
        });
    }

    private void retire(int node) {
        nodes.setRetired(node, true);
        nodeLossSince[node] = Double.NaN;
        if (registration != null) {
            registration.release(node);
        }
        if (minersAreNodes && minerIndexOfNode[node] >= 0) {
            yuma.forgetMiner(minerIndexOfNode[node]);
        }
        int g = nodes.group(node);
        double stake = spec.staking().minStake();
        if (stake > 0 && operators[g] != null) {
            staking.requestUnbond(operators[g], Math.min(stake, staking.staked(operators[g])), sim.now());
        }
        if (sim.now() > scenario.warmupSeconds()) {
            leaves++;
        }
    }

    /** The node's minimum stake: from the treasury at genesis, bought on the pool by a joining operator. */
    private void stakeFor(int node, boolean buyFromPool) {
        int g = nodes.group(node);
        double stake = spec.staking().minStake();
        if (stake <= 0 || operators[g] == null) {
            return;
        }
        if (buyFromPool) {
            double missing = Math.max(0, stake - operators[g].tokens());
            if (missing > 0) {
                pool.buyExactTokens(operators[g], Math.min(missing, pool.tokenReserve() * 0.5));
            }
        } else {
            ledger.transfer(Asset.TOKEN, treasury, operators[g], Math.min(stake, treasury.tokens()));
        }
        staking.stake(operators[g], Math.min(stake, operators[g].tokens()));
    }

    private void updateDemand() {
        if (demand == null) {
            return;
        }
        if (epochTokens > 0) {
            double pricePerMTok = epochUserUsd / epochTokens * 1e6;
            demandMultiplier = Math.min(demand.maxMultiplier(),
                    FastMath.pow(Math.max(pricePerMTok, 1e-12) / demand.referencePriceUsd(), -demand.elasticity()));
        }
        double missed = epochCompleted == 0 ? 0 : (double) epochSloMissed / epochCompleted;
        defectedShare += demand.defectRate() * missed * (1 - defectedShare) - demand.returnRate() * defectedShare;
        defectedShare = Math.max(0, Math.min(1, defectedShare));
    }

    // ---------------------------------------------------------------- controllers

    /** One PID controller and the actuator it moves. Time runs in hours, so gains are per hour. */
    private final class ControlLoop {
        final TokenSpec.Controller spec;
        final PidController pid;
        final double base;
        double lastError;

        ControlLoop(TokenSpec.Controller spec) {
            this.spec = spec;
            this.pid = new PidController(new PidSettings(spec.kp(), spec.ki(), spec.kd(), spec.leakPerHour(), spec.minOutput(), spec.maxOutput(),
                    spec.noiseBarrier(), spec.updateSeconds() / 3600, true));
            this.base = switch (spec.actsOn()) {
                case "burn" -> burnShare;
                case "fee" -> protocolFee;
                default -> 1;
            };
        }

        void update(double nowSeconds, double price, double utilization, int active) {
            double measured = switch (spec.target()) {
                case "price" -> price;
                case "utilization" -> utilization;
                case "operators" -> active;
                default -> throw new IllegalStateException(spec.target());
            };
            lastError = (spec.setpoint() - measured) / spec.setpoint();
            double output = pid.update(nowSeconds / 3600, lastError);
            double move = spec.direction() * output;
            switch (spec.actsOn()) {
                case "emission" -> ((EmissionSchedule.Controlled) emission).setMultiplier(Math.max(0, 1 + move));
                case "burn" -> burnShare = clamp(base + move, 0, 1);
                case "fee" -> protocolFee = clamp(base * (1 + move), 0, 0.9);
                case "price" -> priceMultiplier = Math.max(0.01, 1 + move);
                default -> throw new IllegalStateException(spec.actsOn());
            }
        }
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }

    // ---------------------------------------------------------------- outputs

    public static String timeseriesHeader(Scenario scenario) {
        StringBuilder header = new StringBuilder("replication,time_h,price_usd,supply,staked,minted,burned,pool_tokens,pool_usd,"
                + "active_operators,utilization,operator_profit_usd,treasury_usd,treasury_tokens,emission_multiplier,burn_share,"
                + "protocol_fee,price_multiplier,demand_multiplier,defected_share");
        if (scenario.token() != null) {
            for (TokenSpec.Controller c : scenario.token().controllers()) {
                header.append(",error_").append(c.actsOn()).append(",output_").append(c.actsOn());
            }
            if (scenario.token().registration() != null) {
                header.append(",burn_cost_tokens,uids");
            }
            if (scenario.token().alphaPool() != null) {
                header.append(",alpha_price_tao,alpha_pool_tao");
            }
        }
        return header.toString();
    }

    private int replication = -1;

    public void setReplication(int replication) {
        this.replication = replication;
    }

    private void recordEpoch(double now, double emitted, double utilization, int active, double[] groupProfit) {
        double price = pool.price();
        if (now >= scenario.warmupSeconds()) {
            if (Double.isNaN(priceAtWarmup)) {
                priceAtWarmup = price;
            }
            if (subnetPool != null && Double.isNaN(alphaPriceAtWarmup)) {
                alphaPriceAtWarmup = subnetPool.alphaPriceTao();
            }
            prices.add(price);
            activeCounts.add((double) active);
        }
        double profit = 0;
        for (int g = 0; g < groupProfit.length; g++) {
            profit += operators[g] != null ? groupProfit[g] : 0;
        }
        double multiplier = emission instanceof EmissionSchedule.Controlled c ? c.multiplier() : 1;
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT,
                "%d,%.4f,%.8g,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%d,%.6f,%.4f,%.4f,%.10g,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f",
                replication, now / 3600, price, ledger.supply(), staking.totalStaked(), ledger.minted(), ledger.burned(),
                pool.tokenReserve(), pool.usdReserve(), active, utilization, profit, treasury.usd(), treasury.tokens(),
                multiplier, burnShare, protocolFee, priceMultiplier, demandMultiplier, defectedShare));
        for (ControlLoop loop : controllers) {
            row.append(String.format(Locale.ROOT, ",%.6f,%.6f", loop.lastError, loop.pid.output()));
        }
        if (registration != null) {
            row.append(String.format(Locale.ROOT, ",%.8g,%d", registration.burnCostTokens(), registration.uids()));
        }
        if (subnetPool != null) {
            row.append(String.format(Locale.ROOT, ",%.8g,%.10g", subnetPool.alphaPriceTao(), subnetPool.taoReserve()));
        }
        timeseries.add(row.toString());
    }

    public List<String> timeseriesRows() {
        return List.copyOf(timeseries);
    }

    /** The economy's summary metrics over the measured epochs. */
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        double start = Double.isNaN(priceAtWarmup) ? pool.price() : priceAtWarmup;
        double min = prices.stream().mapToDouble(Double::doubleValue).min().orElse(pool.price());
        double max = prices.stream().mapToDouble(Double::doubleValue).max().orElse(pool.price());
        m.put("token.price_start", start);
        m.put("token.price_end", pool.price());
        m.put("token.price_min", min);
        m.put("token.price_max", max);
        m.put("token.volatility", volatility());
        m.put("token.price_dispersion", dispersion());
        m.put("token.supply_end", ledger.supply());
        m.put("token.minted", ledger.minted());
        m.put("token.burned", ledger.burned());
        m.put("token.staked_end", staking.totalStaked());
        m.put("token.pool_usd_end", pool.usdReserve());
        m.put("treasury.usd", treasury.usd());
        m.put("treasury.tokens", treasury.tokens());
        double meanActive = activeCounts.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        m.put("operators.active_mean", meanActive);
        m.put("operators.joins", (double) joins);
        m.put("operators.leaves", (double) leaves);
        m.put("operators.churn", meanActive > 0 ? leaves / meanActive : Double.NaN);
        m.put("operators.profit_usd", operatorProfitUsd);
        m.put("operators.payments_usd", operatorPaymentsUsd);
        if (spec.checkers() != null) {
            m.put("checkers.checks", (double) livenessChecks);
            m.put("checkers.slashes", (double) livenessSlashes);
            m.put("checkers.false_slashes", (double) livenessFalseSlashes);
            m.put("checkers.missed_downs", (double) livenessMissed);
        }
        if (spec.emission().upCheck()) {
            m.put("token.withheld_work_tokens", (double) withheldWork);
        }
        if (yuma != null) {
            m.put("yuma.validators_tokens", validatorsAccount.tokens());
            m.put("yuma.stray_dividend_share", yumaEpochs == 0 ? Double.NaN : strayValidatorDividends / yumaEpochs);
            if (minersAreNodes || subnetPool != null) {
                double paid = java.util.Arrays.stream(groupMinerRewards).sum();
                for (int g = 0; g < operators.length; g++) {
                    if (operators[g] != null) {
                        m.put("yuma.miner_share." + scenario.nodes().get(g).name(), paid > 0 ? groupMinerRewards[g] / paid : Double.NaN);
                    }
                }
            }
        }
        if (registration != null) {
            m.put("registration.registrations", (double) registrations);
            m.put("registration.deregistrations", (double) deregistrations);
            m.put("registration.burned_tokens", registrationBurnedTokens);
            m.put("registration.burn_cost_end", registration.burnCostTokens());
            m.put("registration.uids_end", (double) registration.uids());
        }
        if (subnetPool != null) {
            m.put("alpha.price_tao_start", Double.isNaN(alphaPriceAtWarmup) ? subnetPool.alphaPriceTao() : alphaPriceAtWarmup);
            m.put("alpha.price_tao_end", subnetPool.alphaPriceTao());
            m.put("alpha.pool_tao_end", subnetPool.taoReserve());
            m.put("alpha.injected_tao", alphaInjectedTao);
            m.put("alpha.injected_alpha", alphaInjected);
            m.put("alpha.recycled", alphaRecycled);
            m.put("alpha.emitted", alphaEmitted);
            m.put("alpha.sold", alphaSold);
            m.put("alpha.validators", validatorsAccount.alpha());
            m.put("alpha.supply_end", ledger.alphaSupply());
        }
        m.put("demand.multiplier_end", demandMultiplier);
        m.put("demand.defected_share_end", defectedShare);
        return m;
    }

    /** Coefficient of variation of the price over the measured epochs: how far it wanders, not how it jitters. */
    private double dispersion() {
        if (prices.size() < 2) {
            return Double.NaN;
        }
        double mean = prices.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double squares = 0;
        for (double p : prices) {
            squares += (p - mean) * (p - mean);
        }
        return Math.sqrt(squares / (prices.size() - 1)) / mean;
    }

    /** Standard deviation of the epoch-to-epoch log returns of the token price. */
    private double volatility() {
        if (prices.size() < 3) {
            return Double.NaN;
        }
        double[] returns = new double[prices.size() - 1];
        double mean = 0;
        for (int i = 1; i < prices.size(); i++) {
            returns[i - 1] = FastMath.log(prices.get(i) / prices.get(i - 1));
            mean += returns[i - 1];
        }
        mean /= returns.length;
        double squares = 0;
        for (double r : returns) {
            squares += (r - mean) * (r - mean);
        }
        return Math.sqrt(squares / (returns.length - 1));
    }

    /** Bookkeeping checks run at the end of every replication: conservation and the pool's product. */
    public void checkInvariants() {
        ledger.checkConservation();
        if (kDecreases > 0) {
            throw new IllegalStateException("the pool's product x*y fell below its opening value in " + kDecreases + " epochs");
        }
        if (subnetKDecreases > 0) {
            throw new IllegalStateException("the subnet pool's product fell below its opening value in " + subnetKDecreases + " epochs");
        }
    }

    public Ledger ledger() {
        return ledger;
    }

    public ConstantProductPool pool() {
        return pool;
    }

    /** io.net-style check at the epoch's end: a node down then is not paid its share of the epoch. */
    private boolean rewardWithheld(int node) {
        return spec.emission().upCheck() && !nodes.isUp(node);
    }
}
