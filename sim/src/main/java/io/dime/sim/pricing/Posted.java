package io.dime.sim.pricing;

import io.dime.sim.routing.RoutingView;
import io.dime.sim.workload.Request;

/** {@code posted}: each node group's list price, as a cloud or a network's price sheet has it. */
final class Posted implements Pricing {
    private final Context context;

    Posted(Context context) {
        this.context = context;
    }

    @Override
    public double pricePerMTok(RoutingView view, int choice, Request request) {
        return context.postedPrice(view.node(choice).index());
    }

    @Override
    public double listedPrice(int node, Context context) {
        return context.postedPrice(node);
    }
}
