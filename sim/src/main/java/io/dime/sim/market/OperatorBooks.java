package io.dime.sim.market;

import io.dime.sim.scenario.Scenario;
import io.dime.sim.token.Account;
import io.dime.sim.token.Asset;
import java.util.Arrays;

/**
 * Step two of an epoch: each node's GPU bill, revenue and reward over the epoch, the profit
 * they make per node and group, and since when each node has been losing money.
 */
final class OperatorBooks {
    /** What step two booked: profit and up hours per group, utilization, active operator nodes. */
    record Booked(double[] groupProfit, double[] groupHours, double utilization, int active) {
    }

    private final Scenario scenario;
    private final double epoch;
    private final EconomyAccounts accounts;
    private final EpochTally tally;
    private final Economy.Nodes nodes;
    /** Null when registration is off. */
    private final UidRegistrations registrations;
    private final double[] lastBusy;
    private final double[] lastUp;
    /** When each node's current run of losing epochs began; NaN when it is not losing. */
    private final double[] nodeLossSince;
    private double operatorProfitUsd;
    /** Token rewards paid to operator nodes over the measured epochs: USD at each epoch's price, tokens, and the nodes' up time. */
    private double rewardUsd;
    private double rewardTokens;
    private double operatorUpSeconds;

    OperatorBooks(Scenario scenario, EconomyAccounts accounts, EpochTally tally, Economy.Nodes nodes, UidRegistrations registrations) {
        this.scenario = scenario;
        this.epoch = scenario.token().epochSeconds();
        this.accounts = accounts;
        this.tally = tally;
        this.nodes = nodes;
        this.registrations = registrations;
        int n = nodes.count();
        this.nodeLossSince = new double[n];
        this.lastBusy = new double[n];
        this.lastUp = new double[n];
        Arrays.fill(nodeLossSince, Double.NaN);
    }

    /** Books the epoch ending now: costs, revenue and profit per node, tokens valued at this price. */
    Booked close(double now, double price, EmissionSplit.Emitted emitted) {
        int groups = scenario.nodes().size();
        double[] groupProfit = new double[groups];
        double[] groupHours = new double[groups];
        double busy = 0;
        double upTotal = 0;
        int active = 0;
        // The measured share of this epoch: an epoch that began in the warm-up counts only its
        // part after it, so profit with rewards covers the same window as the run's other metrics.
        double measured = Math.max(0, Math.min(1, (now - scenario.warmupSeconds()) / epoch));
        for (int node = 0; node < nodes.count(); node++) {
            int g = nodes.group(node);
            Account operator = accounts.operators[g];
            double upSeconds = nodes.lifetimeUpSeconds(node) - lastUp[node];
            lastUp[node] = nodes.lifetimeUpSeconds(node);
            double busySeconds = nodes.lifetimeBusySeconds(node) - lastBusy[node];
            lastBusy[node] = nodes.lifetimeBusySeconds(node);
            busy += busySeconds;
            upTotal += upSeconds;
            if (nodes.isUp(node) && operator != null) {
                active++; // operators of the network; centralized providers are not counted
            }
            double cost = scenario.nodes().get(g).costPerHourUsd() * upSeconds / 3600;
            double tokenReward = emitted.work() > 0 && operator != null ? emitted.tokens() * tally.nodeWorkTokens[node] / emitted.work() : 0;
            double rewardUsd = tally.exactNodeRewards ? tally.nodeRewardUsd[node] : tokenReward * price;
            if (registrations != null) {
                registrations.scoreReward(node, rewardUsd);
            }
            double profit = tally.nodeRevenueUsd[node] + rewardUsd - cost;
            if (operator != null && cost > 0) {
                accounts.ledger.transfer(Asset.USD, operator, accounts.gpuProviders, cost);
            }
            groupProfit[g] += profit;
            groupHours[g] += upSeconds / 3600;
            if (measured > 0 && operator != null) {
                operatorProfitUsd += measured * profit;
                this.rewardUsd += measured * rewardUsd;
                rewardTokens += price > 0 ? measured * rewardUsd / price : 0;
                operatorUpSeconds += measured * upSeconds;
            }
            trackLosses(node, profit, upSeconds, now);
            tally.clearNode(node);
        }
        return new Booked(groupProfit, groupHours, upTotal > 0 ? busy / upTotal : 0, active);
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

    /** Whether the node has lost money in every epoch for at least these seconds. */
    boolean losingFor(int node, double now, double seconds) {
        return !Double.isNaN(nodeLossSince[node]) && now - nodeLossSince[node] >= seconds;
    }

    void forgetLosses(int node) {
        nodeLossSince[node] = Double.NaN;
    }

    /** A node joining: its next epoch counts its up and busy time from now. */
    void restartClock(int node) {
        lastUp[node] = nodes.lifetimeUpSeconds(node);
        lastBusy[node] = nodes.lifetimeBusySeconds(node);
    }

    /** Token rewards per operator node and day up over the measured epochs, in tokens (a subnet's alpha at its TAO value); NaN before any. */
    double rewardTokensPerNodeDay() {
        return operatorUpSeconds > 0 ? rewardTokens / (operatorUpSeconds / 86400) : Double.NaN;
    }

    /** The same in USD, valued at each epoch's token price. */
    double rewardUsdPerNodeDay() {
        return operatorUpSeconds > 0 ? rewardUsd / (operatorUpSeconds / 86400) : Double.NaN;
    }

    /** Operators' profit over the measured window (USD): the measured epochs, the first one prorated. */
    double operatorProfitUsd() {
        return operatorProfitUsd;
    }
}
