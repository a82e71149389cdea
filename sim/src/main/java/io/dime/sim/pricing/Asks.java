package io.dime.sim.pricing;

import io.dime.sim.routing.RoutingView;
import io.dime.sim.workload.Request;

/** {@code asks}: each operator is paid its own ask (pay-as-bid). */
final class Asks implements Pricing {
    private final double[] asks;

    Asks(Context context) {
        this.asks = context.asks();
    }

    @Override
    public double pricePerMTok(RoutingView view, int choice, Request request) {
        return asks[view.node(choice).index()];
    }
}
