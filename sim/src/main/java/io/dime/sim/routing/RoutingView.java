package io.dime.sim.routing;

import io.dime.sim.kernel.Simulation;
import io.dime.sim.network.Network;
import io.dime.sim.node.Node;
import io.dime.sim.workload.Request;
import java.util.List;

/**
 * What a router knows about the nodes that serve one model: whether each is up, its load as
 * last reported (refreshed every {@code staleness}; live when 0), the round trip from the
 * client, its price, its reputation, and its own TTFT estimate. Up/down status is assumed known
 * at once (heartbeats are much more frequent than load reports).
 */
public final class RoutingView {
    private final List<Node> nodes;
    private final int[] nodeRegion;
    private final double[] pricePerMTokUsd;
    private final double[] reputation;
    private final double[] requestOverheadSeconds;
    private final int[] inTransit;
    private final Network network;
    private final int[] reportedLoad;
    private final boolean stale;
    /** By request class: the time to first token a router aims at (the SLO's, times routing.slo_margin). */
    private final double[] ttftSloSeconds;
    /** By candidate, whether it takes this view's requests (a tenant's leased nodes); null: every candidate does. */
    private boolean[] admitted;

    /**
     * @param reputation             by node index, shared and updated by the world
     * @param requestOverheadSeconds by candidate: API overhead a request pays on arrival
     * @param inTransit              by node index: requests sent to a node and not yet there
     * @param ttftSloSeconds         by request class: its SLO's time to first token
     */
    public RoutingView(List<Node> nodes, int[] nodeRegion, double[] pricePerMTokUsd, double[] reputation, double[] requestOverheadSeconds,
            int[] inTransit, Network network, double stalenessSeconds, Simulation sim, double[] ttftSloSeconds) {
        this.ttftSloSeconds = ttftSloSeconds.clone();
        this.nodes = List.copyOf(nodes);
        this.nodeRegion = nodeRegion.clone();
        this.pricePerMTokUsd = pricePerMTokUsd.clone();
        this.reputation = reputation;
        this.requestOverheadSeconds = requestOverheadSeconds.clone();
        this.inTransit = inTransit;
        this.network = network;
        this.reportedLoad = new int[nodes.size()];
        this.stale = stalenessSeconds > 0;
        if (stale) {
            // Reports start at time 0 and repeat; the first one sees empty nodes.
            refreshEvery(stalenessSeconds, sim);
        }
    }

    private void refreshEvery(double period, Simulation sim) {
        sim.schedule(period, () -> {
            for (int i = 0; i < nodes.size(); i++) {
                reportedLoad[i] = nodes.get(i).load();
            }
            refreshEvery(period, sim);
        });
    }

    public int size() {
        return nodes.size();
    }

    public Node node(int i) {
        return nodes.get(i);
    }

    /** Whether candidate i is up and, when the view admits only some (a tenant's leases), admitted. */
    public boolean available(int i) {
        return nodes.get(i).isUp() && (admitted == null || admitted[i]);
    }

    /** From now on no candidate takes this view's requests until {@link #admit admitted}. */
    public void admitNone() {
        admitted = new boolean[nodes.size()];
    }

    /** Admits candidate i (a node the view's tenant leased), or stops admitting it. */
    public void admit(int i, boolean admit) {
        if (admitted == null) {
            admitted = new boolean[nodes.size()];
            java.util.Arrays.fill(admitted, true);
        }
        admitted[i] = admit;
    }

    /** The candidate that is node {@code nodeIndex}, or −1. */
    public int candidateOf(int nodeIndex) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).index() == nodeIndex) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Load as the router sees it: the last report (stale: many independent clients, none of
     * which knows what the others sent since), or live, counting requests already sent and
     * still on their way (a router knows what it sent).
     */
    public int load(int i) {
        Node node = nodes.get(i);
        return stale ? reportedLoad[i] : node.load() + inTransit[node.index()];
    }

    public double rttSeconds(int i, Request request) {
        return network.baseRttSeconds(request.clientRegion, nodeRegion[i]);
    }

    /** The candidate's price per 1M tokens (posted, or its ask), in the market's currency. */
    public double pricePerMTokUsd(int i) {
        return pricePerMTokUsd[i];
    }

    public int capacity(int i) {
        return nodes.get(i).capacity();
    }

    /**
     * The lowest price among eligible candidates other than {@code winner}: what the winner of
     * a sealed second-price (Vickrey) reverse auction is paid. Its own price when alone.
     */
    public double secondLowestPrice(int winner, Request request) {
        double second = Double.POSITIVE_INFINITY;
        for (int i = 0; i < nodes.size(); i++) {
            if (i != winner && available(i) && pricePerMTokUsd[i] < second && !request.hasTried(nodes.get(i).index())) {
                second = pricePerMTokUsd[i];
            }
        }
        return Double.isInfinite(second) ? pricePerMTokUsd[winner] : Math.max(second, pricePerMTokUsd[winner]);
    }

    /** The time to first token a router aims at for the request's class: its SLO's, times routing.slo_margin. */
    public double ttftSloSeconds(Request request) {
        return ttftSloSeconds[request.requestClass];
    }

    public double reputation(int i) {
        return reputation[nodes.get(i).index()];
    }

    /**
     * Round trip, the API overhead on arrival, and the node's own estimate of the wait and
     * prefill (always its current state: nodes answer such queries directly).
     */
    public double predictedTtftSeconds(int i, Request request) {
        return rttSeconds(i, request) + requestOverheadSeconds[i] + nodes.get(i).predictedTtftSeconds(request.promptTokens);
    }
}
