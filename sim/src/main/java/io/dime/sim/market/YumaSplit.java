package io.dime.sim.market;

import io.dime.sim.kernel.Simulation;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.TokenSpec;
import io.dime.sim.token.Account;
import io.dime.sim.token.Asset;
import io.dime.sim.token.Ledger;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Bittensor-style emission split ({@code emission.split: yuma}): validators weigh the miners,
 * operator groups by the work they did or single nodes by measured quality, Yuma consensus clips
 * them, and the emission goes to the owner (treasury), the miners and the validators.
 */
final class YumaSplit {
    private final Scenario scenario;
    private final TokenSpec.YumaSettings settings;
    private final Yuma yuma;
    private final RandomGenerator streams;
    private final EconomyAccounts accounts;
    private final Ledger ledger;
    private final EpochTally tally;
    private final Economy.Nodes nodes;
    /** UID registration, or null when off. */
    private final UidRegistrations registrations;
    /** Yuma over single nodes: the miners in a fixed order. */
    private final int[] minerNodes;
    private final int[] minerIndexOfNode;
    /** Share of results the verification scheme checks: validators scale what it caught by it. */
    private final double checkedShare;
    /** Per group, what its miners were paid over the run (token or alpha). */
    private final double[] groupMinerRewards;
    private double strayValidatorDividends;
    private int epochs;

    YumaSplit(Scenario scenario, Simulation sim, EconomyAccounts accounts, EpochTally tally, Economy.Nodes nodes, UidRegistrations registrations) {
        this.scenario = scenario;
        this.settings = scenario.token().emission().yuma();
        this.yuma = new Yuma(settings.kappa(), settings.bondAlpha());
        this.streams = sim.random().stream("token/yuma");
        this.accounts = accounts;
        this.ledger = accounts.ledger;
        this.tally = tally;
        this.nodes = nodes;
        this.registrations = registrations;
        int n = nodes.count();
        boolean minersAreNodes = settings.minersAreNodes();
        this.minerNodes = IntStream.range(0, minersAreNodes ? n : 0).filter(node -> accounts.isOperator(nodes.group(node))).toArray();
        this.minerIndexOfNode = new int[minersAreNodes ? n : 0];
        Arrays.fill(minerIndexOfNode, -1);
        for (int j = 0; j < minerNodes.length; j++) {
            minerIndexOfNode[minerNodes[j]] = j;
        }
        this.checkedShare = scenario.verify().checkedShare();
        this.groupMinerRewards = new double[scenario.nodes().size()];
    }

    /**
     * Over operator groups: each validator weighs the groups by the work it saw them do; stray
     * validators put all their weight on one group drawn at random; Yuma consensus clips them.
     * The owner's share goes to the treasury, miners' by incentive to the operator groups,
     * validators' by dividends to the validators' account.
     */
    void split(double emitted, Asset asset, double unitUsd, long[] groupWork) {
        if (settings.minersAreNodes()) {
            splitAmongNodes(emitted, asset, unitUsd);
            return;
        }
        Account[] operators = accounts.operators;
        int[] miners = IntStream.range(0, operators.length).filter(g -> operators[g] != null).toArray();
        int validators = settings.validators();
        int stray = (int) Math.round(settings.strayShare() * validators);
        double[] stake = new double[validators];
        Arrays.fill(stake, 1);
        double[][] weights = new double[validators][miners.length];
        for (int v = 0; v < validators; v++) {
            if (v < stray && miners.length > 0) {
                weights[v][streams.nextInt(miners.length)] = 1;
            } else {
                for (int m = 0; m < miners.length; m++) {
                    weights[v][m] = groupWork[miners[m]];
                }
            }
        }
        Yuma.Epoch result = yuma.epoch(stake, weights);
        double[] split = Yuma.split(emitted, settings.ownerShare(), result);
        ledger.transfer(asset, accounts.rewards, accounts.treasury, split[0]);
        for (int m = 0; m < miners.length; m++) {
            if (split[1 + m] > 0) {
                ledger.transfer(asset, accounts.rewards, operators[miners[m]], split[1 + m]);
                groupMinerRewards[miners[m]] += split[1 + m];
                if (tally.exactNodeRewards) {
                    shareAmongGroupNodes(miners[m], split[1 + m] * unitUsd, groupWork);
                }
            }
        }
        payValidators(asset, split, miners.length, validators);
        strayValidatorDividends += Arrays.stream(result.dividends()).limit(stray).sum();
        epochs++;
    }

    private void payValidators(Asset asset, double[] split, int miners, int validators) {
        double toValidators = 0;
        for (int v = 0; v < validators; v++) {
            toValidators += split[1 + miners + v];
        }
        if (toValidators > 0) {
            ledger.transfer(asset, accounts.rewards, accounts.validators, Math.min(toValidators, accounts.rewards.balance(asset)));
        }
    }

    /** A group's reward, valued in USD, shared among its nodes by the work each had counted this epoch. */
    private void shareAmongGroupNodes(int group, double usd, long[] groupWork) {
        if (groupWork[group] <= 0) {
            return;
        }
        for (int node = 0; node < nodes.count(); node++) {
            if (nodes.group(node) == group && !tally.rewardWithheld(node)) {
                tally.nodeRewardUsd[node] += usd * tally.nodeWorkTokens[node] / groupWork[group];
            }
        }
    }

    /**
     * Over single nodes: each validator weighs every miner holding a UID (every active operator
     * node without registration) by its measured quality this epoch; stray validators put all
     * their weight on one such miner drawn at random. The miners' share is paid to each node's
     * operator group.
     */
    private void splitAmongNodes(double emitted, Asset asset, double unitUsd) {
        int validators = settings.validators();
        int stray = (int) Math.round(settings.strayShare() * validators);
        int miners = minerNodes.length;
        double[] quality = new double[miners];
        int[] active = new int[miners];
        int activeCount = 0;
        for (int j = 0; j < miners; j++) {
            int node = minerNodes[j];
            boolean holdsUid = registrations != null ? registrations.holdsUid(node) : !nodes.isRetired(node) || tally.nodeResults[node] > 0;
            if (holdsUid) {
                active[activeCount++] = j;
                quality[j] = measuredQuality(node);
            }
        }
        double[] stake = new double[validators];
        Arrays.fill(stake, 1);
        double[][] weights = new double[validators][];
        for (int v = 0; v < validators; v++) {
            if (v < stray && activeCount > 0) {
                weights[v] = new double[miners];
                weights[v][active[streams.nextInt(activeCount)]] = 1;
            } else {
                weights[v] = quality;
            }
        }
        Yuma.Epoch result = yuma.epoch(stake, weights);
        double[] split = Yuma.split(emitted, settings.ownerShare(), result);
        ledger.transfer(asset, accounts.rewards, accounts.treasury, split[0]);
        for (int j = 0; j < miners; j++) {
            if (split[1 + j] > 0) {
                int node = minerNodes[j];
                int g = nodes.group(node);
                ledger.transfer(asset, accounts.rewards, accounts.operators[g], split[1 + j]);
                groupMinerRewards[g] += split[1 + j];
                tally.nodeRewardUsd[node] += split[1 + j] * unitUsd;
            }
        }
        payValidators(asset, split, miners, validators);
        strayValidatorDividends += Arrays.stream(result.dividends()).limit(stray).sum();
        epochs++;
    }

    /**
     * What validators measure of a node this epoch: the tokens of its results that met their
     * SLO, times one minus the share of its results they estimate wrong. The scheme checks only
     * a share of results, so each result caught stands for 1 / checked share of them.
     */
    private double measuredQuality(int node) {
        if (tally.nodeResults[node] == 0) {
            return 0;
        }
        double wrongShare = checkedShare > 0 ? Math.min(1, tally.nodeCaught[node] / (checkedShare * tally.nodeResults[node])) : 0;
        return tally.nodeSloMetTokens[node] * (1 - wrongShare);
    }

    /** A node leaving: as a miner, its bonds are forgotten. */
    void forgetNode(int node) {
        if (settings.minersAreNodes() && minerIndexOfNode[node] >= 0) {
            yuma.forgetMiner(minerIndexOfNode[node]);
        }
    }

    void putMetrics(Map<String, Double> m) {
        m.put("yuma.validators_tokens", accounts.validators.tokens());
        m.put("yuma.stray_dividend_share", epochs == 0 ? Double.NaN : strayValidatorDividends / epochs);
        if (settings.minersAreNodes() || accounts.subnetPool != null) {
            double paid = Arrays.stream(groupMinerRewards).sum();
            for (int g = 0; g < accounts.operators.length; g++) {
                if (accounts.operators[g] != null) {
                    m.put("yuma.miner_share." + scenario.nodes().get(g).name(), paid > 0 ? groupMinerRewards[g] / paid : Double.NaN);
                }
            }
        }
    }
}
