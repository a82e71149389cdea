package io.dime.sim.pricing;

import io.dime.sim.routing.RoutingView;
import io.dime.sim.workload.Request;

/** {@code auction-request}: a second-price auction per request; the winner is paid the lowest ask it beat. */
final class AuctionPerRequest implements Pricing {
    AuctionPerRequest(Context context) {
    }

    @Override
    public double pricePerMTok(RoutingView view, int choice, Request request) {
        return view.secondLowestPrice(choice, request);
    }
}
