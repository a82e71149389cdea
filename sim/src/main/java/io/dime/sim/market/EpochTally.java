package io.dime.sim.market;

import java.util.Arrays;

/**
 * What the current epoch's requests did, counted as they settle and read at the epoch's end:
 * work and revenue per node, what validators measure of each node, each node's reward when it
 * is known per node, and the totals demand answers to.
 */
final class EpochTally {
    private final Economy.Nodes nodes;
    /** io.net-style check at the epoch's end (token.emission.up_check). */
    private final boolean upCheck;
    /** Yuma over single nodes (yuma.miners: nodes): validators measure each node. */
    final boolean minersAreNodes;
    /** Each node's reward this epoch is known per node (nodes as miners, or alpha). */
    final boolean exactNodeRewards;

    final double[] nodeRevenueUsd;
    final long[] nodeWorkTokens;
    final long[] nodeResults;
    final long[] nodeSloMetTokens;
    final long[] nodeCaught;
    /** Each node's reward this epoch in USD, when exactNodeRewards. */
    final double[] nodeRewardUsd;

    private double userUsd;
    private long tokens;
    private long completed;
    private long sloMissed;

    EpochTally(Economy.Nodes nodes, boolean upCheck, boolean minersAreNodes, boolean exactNodeRewards) {
        this.nodes = nodes;
        this.upCheck = upCheck;
        this.minersAreNodes = minersAreNodes;
        this.exactNodeRewards = exactNodeRewards;
        int n = nodes.count();
        this.nodeResults = new long[minersAreNodes ? n : 0];
        this.nodeSloMetTokens = new long[minersAreNodes ? n : 0];
        this.nodeCaught = new long[minersAreNodes ? n : 0];
        this.nodeRewardUsd = new double[exactNodeRewards ? n : 0];
        this.nodeRevenueUsd = new double[n];
        this.nodeWorkTokens = new long[n];
    }

    /** A request ended: completed (with its tokens) for demand's price and quality. */
    void countRequest(long requestTokens, boolean sloMet) {
        completed++;
        tokens += requestTokens;
        if (!sloMet) {
            sloMissed++;
        }
    }

    /** A request that ended without an answer: a quality miss. */
    void countFailure() {
        completed++;
        sloMissed++;
    }

    /** An operator node's work on a settled request, and what validators measure of it. */
    void countWork(int node, long requestTokens, boolean sloMet) {
        nodeWorkTokens[node] += requestTokens;
        if (minersAreNodes) {
            nodeResults[node]++;
            if (sloMet) {
                nodeSloMetTokens[node] += requestTokens;
            }
        }
    }

    void countCaught(int node) {
        if (minersAreNodes) {
            nodeCaught[node]++;
        }
    }

    void addUserUsd(double usd) {
        userUsd += usd;
    }

    double userUsd() {
        return userUsd;
    }

    long tokens() {
        return tokens;
    }

    long completed() {
        return completed;
    }

    long sloMissed() {
        return sloMissed;
    }

    /** io.net-style check at the epoch's end: a node down then is not paid its share of the epoch. */
    boolean rewardWithheld(int node) {
        return upCheck && !nodes.isUp(node);
    }

    /** Clears what validators measured, once the epoch's emission is split. */
    void clearMeasures() {
        if (minersAreNodes) {
            Arrays.fill(nodeResults, 0);
            Arrays.fill(nodeSloMetTokens, 0);
            Arrays.fill(nodeCaught, 0);
        }
    }

    /** Clears a node's revenue, work and reward, once its epoch is booked. */
    void clearNode(int node) {
        nodeRevenueUsd[node] = 0;
        nodeWorkTokens[node] = 0;
        if (exactNodeRewards) {
            nodeRewardUsd[node] = 0;
        }
    }

    /** Clears demand's totals, at the epoch's very end. */
    void clearTotals() {
        userUsd = 0;
        tokens = 0;
        completed = 0;
        sloMissed = 0;
    }
}
