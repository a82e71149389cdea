package io.dime.sim.pricing;

import io.dime.sim.routing.RoutingView;
import io.dime.sim.workload.Request;

/**
 * {@code lease} and {@code job-market}: users pay for a node's time (lease blocks, job
 * deposits and fees) through their market, not per token; a request carries no price.
 */
final class TimePriced implements Pricing {
    TimePriced(Context context) {
    }

    @Override
    public double pricePerMTok(RoutingView view, int choice, Request request) {
        return 0; // the tenant pays its leases per block, whatever they serve
    }
}
