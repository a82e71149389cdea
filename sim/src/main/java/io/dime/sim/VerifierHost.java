package io.dime.sim;

import io.dime.sim.kernel.Simulation;
import io.dime.sim.market.Economy;
import io.dime.sim.network.Network;
import io.dime.sim.node.Node;
import io.dime.sim.verify.Verifier;
import io.dime.sim.workload.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.math3.random.RandomGenerator;

/** What the verifier may do to the world: run shadow work on other nodes, punish, eject, readmit, release held results. */
final class VerifierHost implements Verifier.Host {
    private final Simulation sim;
    private final Network network;
    private final NodeTable table;
    private final Churn churn;
    private final RequestLifecycle lifecycle;
    /** The token economy that slashes a caught operator's stake; null without one. */
    private final Economy economy;
    private final double slashShare;
    private final RandomGenerator placementRandom;

    VerifierHost(Simulation sim, Network network, NodeTable table, Churn churn, RequestLifecycle lifecycle, Economy economy, double slashShare) {
        this.sim = sim;
        this.network = network;
        this.table = table;
        this.churn = churn;
        this.lifecycle = lifecycle;
        this.economy = economy;
        this.slashShare = slashShare;
        this.placementRandom = sim.random().stream("verify/placement");
    }

    @Override
    public Simulation sim() {
        return sim;
    }

    @Override
    public int nodeCount() {
        return table.size();
    }

    @Override
    public boolean isDecentralized(int node) {
        return table.isDecentralized(node);
    }

    @Override
    public boolean isUp(int node) {
        return table.node(node).isUp();
    }

    @Override
    public double costPerSecond(int node) {
        return table.group.get(node).costPerHourUsd() / 3600;
    }

    @Override
    public String group(int node) {
        return table.group.get(node).name();
    }

    @Override
    public Request submitShadow(int avoid, List<Integer> alsoAvoid, int promptTokens, int outputTokens, Consumer<Request> done) {
        Node target = pickVerifier(avoid, alsoAvoid);
        Request shadow = Request.shadow(lifecycle.nextRequestId(), sim.now(), promptTokens, outputTokens, table.region[avoid], done);
        if (target == null) {
            shadow.ended(Double.NaN);
            sim.schedule(0, () -> done.accept(shadow));
            return shadow;
        }
        shadow.assignTo(target.index());
        double transfer = network.baseRttSeconds(table.region[avoid], table.region[target.index()]) / 2;
        sim.schedule(transfer, () -> {
            shadow.arrivedAtNode(sim.now());
            if (!target.offer(shadow)) {
                lifecycle.retryOrEnd(shadow, false);
            }
        });
        return shadow;
    }

    /**
     * A uniformly random up, decentralized node of the same model, other than those to avoid: a
     * few blind draws (cheap on large networks), then a scan.
     */
    private Node pickVerifier(int avoid, List<Integer> alsoAvoid) {
        List<Node> sameModel = table.byModel.get(table.group.get(avoid).model());
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
        table.earn(node, -withheldUsd);
        table.reputation[node] *= reputationFactor;
        if (economy != null) {
            economy.slash(table.node(node).group(), slashShare);
            economy.recordCaught(node);
        }
    }

    @Override
    public void eject(int node) {
        churn.setRetired(node, true);
    }

    @Override
    public void readmit(int node) {
        table.reputation[node] = 1.0;
        churn.setRetired(node, false);
    }

    @Override
    public void release(Request request) {
        lifecycle.release(request);
    }
}
