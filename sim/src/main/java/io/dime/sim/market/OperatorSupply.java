package io.dime.sim.market;

import io.dime.sim.kernel.Simulation;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.SupplySpec;
import io.dime.sim.token.Account;
import io.dime.sim.token.Asset;
import io.dime.sim.token.ConstantProductPool;
import io.dime.sim.token.Staking;
import java.util.ArrayList;
import java.util.List;

/**
 * Step seven of an epoch, operator supply ({@code nodes[].supply}): nodes join where the last
 * window paid and leave after sustained losses; a joining node stakes its minimum (bought on the
 * pool) and registers a UID, a leaving one unbonds its stake and gives its UID up.
 */
final class OperatorSupply {
    private final Scenario scenario;
    private final Simulation sim;
    private final double epoch;
    private final double minStake;
    private final EconomyAccounts accounts;
    private final Economy.Nodes nodes;
    private final OperatorBooks books;
    /** Null when registration is off. */
    private final UidRegistrations registrations;
    /** Null when the emission split is not Yuma. */
    private final YumaSplit yuma;
    private final boolean[] pendingJoin;
    /** Per epoch, each group's profit per up node-hour (NaN with no up hours). */
    private final List<double[]> groupProfitHistory = new ArrayList<>();
    private long joins;
    private long leaves;

    OperatorSupply(Scenario scenario, Simulation sim, EconomyAccounts accounts, Economy.Nodes nodes, OperatorBooks books,
            UidRegistrations registrations, YumaSplit yuma) {
        this.scenario = scenario;
        this.sim = sim;
        this.epoch = scenario.token().epochSeconds();
        this.minStake = scenario.token().staking().minStake();
        this.accounts = accounts;
        this.nodes = nodes;
        this.books = books;
        this.registrations = registrations;
        this.yuma = yuma;
        this.pendingJoin = new boolean[nodes.count()];
    }

    /** Genesis: every node active at the start has its minimum stake, from the treasury. */
    void stakeAtGenesis() {
        for (int node = 0; node < nodes.count(); node++) {
            if (!nodes.isRetired(node)) {
                stakeFor(node, false);
            }
        }
    }

    /** Operators answer the epoch's profit per group: first leaving, then joining, group by group. */
    void respond(double now, OperatorBooks.Booked booked) {
        groupProfitHistory.add(perHour(booked.groupProfit(), booked.groupHours()));
        for (int g = 0; g < scenario.nodes().size(); g++) {
            SupplySpec supply = scenario.nodes().get(g).supply();
            if (supply == null) {
                continue;
            }
            // Leave: nodes that have lost money for leave_after in a row.
            for (int node = 0; node < nodes.count(); node++) {
                if (nodes.group(node) == g && !nodes.isRetired(node) && books.losingFor(node, now, supply.leaveAfterSeconds())) {
                    retire(node);
                }
            }
            joinIfPaid(g, supply);
        }
    }

    /** Join: the group's active nodes earned more than the threshold per hour over the window. */
    private void joinIfPaid(int g, SupplySpec supply) {
        int epochs = Math.max(1, (int) Math.round(supply.windowSeconds() / epoch));
        if (groupProfitHistory.size() < epochs) {
            return;
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
        if (counted > 0 && sum / counted > supply.joinThresholdUsdPerHour() && (registrations == null || registrations.paysBack(sum / counted))) {
            int joining = 0;
            // In a subnet a join is a registration: machines without a UID come first, and a miner
            // ejected by the verifier, which still holds its UID, returns only after them.
            for (int pass = registrations == null ? 1 : 0; pass < 2; pass++) {
                for (int node = 0; node < nodes.count() && joining < supply.joinStep(); node++) {
                    boolean eligible = nodes.group(node) == g && nodes.isRetired(node) && !pendingJoin[node];
                    if (eligible && (pass == 1 || !registrations.holdsUid(node))) {
                        join(node, supply.onboardingSeconds());
                        joining++;
                    }
                }
            }
        }
    }

    private static double[] perHour(double[] profit, double[] hours) {
        double[] rate = new double[profit.length];
        for (int g = 0; g < profit.length; g++) {
            rate[g] = hours[g] > 0 ? profit[g] / hours[g] : Double.NaN;
        }
        return rate;
    }

    private void join(int node, double onboardingSeconds) {
        pendingJoin[node] = true;
        sim.schedule(onboardingSeconds, () -> {
            pendingJoin[node] = false;
            if (registrations != null) {
                int replaced = registrations.register(node);
                if (replaced >= 0) {
                    retire(replaced);
                }
            }
            stakeFor(node, true);
            books.forgetLosses(node);
            books.restartClock(node);
            nodes.setRetired(node, false);
            if (sim.now() > scenario.warmupSeconds()) {
                joins++;
            }
        });
    }

    private void retire(int node) {
        nodes.setRetired(node, true);
        books.forgetLosses(node);
        if (registrations != null) {
            registrations.release(node);
        }
        if (yuma != null) {
            yuma.forgetNode(node);
        }
        int g = nodes.group(node);
        Staking staking = accounts.staking;
        if (minStake > 0 && accounts.operators[g] != null) {
            staking.requestUnbond(accounts.operators[g], Math.min(minStake, staking.staked(accounts.operators[g])), sim.now());
        }
        if (sim.now() > scenario.warmupSeconds()) {
            leaves++;
        }
    }

    /** The node's minimum stake: from the treasury at genesis, bought on the pool by a joining operator. */
    private void stakeFor(int node, boolean buyFromPool) {
        Account operator = accounts.operators[nodes.group(node)];
        if (minStake <= 0 || operator == null) {
            return;
        }
        if (buyFromPool) {
            ConstantProductPool pool = accounts.pool;
            double missing = Math.max(0, minStake - operator.tokens());
            if (missing > 0) {
                pool.buyExactTokens(operator, Math.min(missing, pool.tokenReserve() * 0.5));
            }
        } else {
            accounts.ledger.transfer(Asset.TOKEN, accounts.treasury, operator, Math.min(minStake, accounts.treasury.tokens()));
        }
        accounts.staking.stake(operator, Math.min(minStake, operator.tokens()));
    }

    long joins() {
        return joins;
    }

    long leaves() {
        return leaves;
    }
}
