package io.dime.sim;

import io.dime.sim.kernel.Simulation;
import io.dime.sim.node.Node;
import io.dime.sim.scenario.Scenario.NodeGroup;
import io.dime.sim.scenario.Scenario.NodeKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The nodes of one replication and what the world keeps about each, by node index: its group,
 * region, request overhead, reputation, requests on their way to it, its operator's ask, its
 * up time and the dollars its operator earned. Arrays, not objects per node: the request path
 * reads them millions of times a run.
 */
final class NodeTable {
    /** Reputation moves this share of the way towards 1 on success and towards 0 on failure. */
    static final double REPUTATION_STEP = 0.1;

    private final Simulation sim;
    private final double warmup;
    final List<Node> nodes = new ArrayList<>();
    final List<NodeGroup> group = new ArrayList<>();
    final List<String> regionName = new ArrayList<>();
    final Map<String, List<Node>> byModel = new HashMap<>();
    final int[] region;
    final double[] requestOverheadSeconds;
    final double[] reputation;
    final int[] inTransit;
    /** By node, its operator's ask: per 1M tokens, or under pricing lease per hour of a lease. */
    final double[] ask;
    final double[] lifetimeUpSeconds;
    /** Up time inside the measured window. */
    final double[] upSeconds;
    final double[] upSince;
    final double[] revenueUsd;

    NodeTable(int total, Simulation sim, double warmup) {
        this.sim = sim;
        this.warmup = warmup;
        this.region = new int[total];
        this.requestOverheadSeconds = new double[total];
        this.reputation = new double[total];
        this.inTransit = new int[total];
        this.ask = new double[total];
        this.lifetimeUpSeconds = new double[total];
        this.upSeconds = new double[total];
        this.upSince = new double[total];
        this.revenueUsd = new double[total];
        Arrays.fill(reputation, 1.0);
    }

    Simulation sim() {
        return sim;
    }

    int size() {
        return nodes.size();
    }

    Node node(int index) {
        return nodes.get(index);
    }

    boolean isDecentralized(int index) {
        return group.get(index).kind() == NodeKind.DECENTRALIZED;
    }

    /** Credits (or, when negative, debits) an operator's dollars, traced into the fingerprint. */
    void earn(int index, double usd) {
        revenueUsd[index] += usd;
        sim.trace(index);
        sim.trace(Double.doubleToLongBits(usd));
    }

    void succeeded(int index) {
        reputation[index] += REPUTATION_STEP * (1 - reputation[index]);
    }

    void failed(int index) {
        reputation[index] *= 1 - REPUTATION_STEP;
    }

    /** Banks a node's up time since it last changed state, in the measured window and in its lifetime. */
    void accrueUptime(int index, boolean wasUp) {
        double now = sim.now();
        if (wasUp) {
            upSeconds[index] += Math.max(0, now - Math.max(upSince[index], warmup));
            lifetimeUpSeconds[index] += Math.max(0, now - upSince[index]);
        }
        upSince[index] = now;
    }

    /** What a node's operator paid for it in the measured window: machines cost while online (rented, or powered). */
    double costUsd(int index) {
        return group.get(index).costPerHourUsd() * upSeconds[index] / 3600;
    }
}
