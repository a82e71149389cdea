package io.dime.sim;

import io.dime.sim.node.Node;
import io.dime.sim.pricing.Pricing;
import io.dime.sim.routing.Router;
import io.dime.sim.routing.RoutingView;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.workload.Request;
import java.util.function.DoubleSupplier;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Routed dispatch: the routing policy picks a node among those the request's class may use,
 * admission control may refuse it, and the pricing mechanism sets its price per 1M tokens (a
 * token economy's multiplier on top, for decentralized nodes).
 */
final class RouterDispatch implements RequestLifecycle.Dispatch {
    private final RequestLifecycle lifecycle;
    private final NodeTable table;
    private final RoutingView[] classView;
    private final Router router;
    private final RandomGenerator routingRandom;
    private final Pricing pricing;
    private final DoubleSupplier decentralizedPriceMultiplier;
    private final double admissionLimit;

    RouterDispatch(Scenario scenario, RequestLifecycle lifecycle, NodeTable table, RoutingView[] classView, Router router,
            RandomGenerator routingRandom, Pricing pricing, DoubleSupplier decentralizedPriceMultiplier) {
        this.lifecycle = lifecycle;
        this.table = table;
        this.classView = classView;
        this.router = router;
        this.routingRandom = routingRandom;
        this.pricing = pricing;
        this.decentralizedPriceMultiplier = decentralizedPriceMultiplier;
        this.admissionLimit = scenario.routing().maxPredictedTtftSeconds();
    }

    /** Picks a node and sends the request on its way, or retries later, or drops it. */
    @Override
    public void dispatch(Request request) {
        RoutingView view = classView[request.requestClass];
        int choice = router.choose(view, request, routingRandom);
        if (choice < 0 && request.attempts() > 0) {
            request.forgetTried(); // every node has refused it once: they may try again
            choice = router.choose(view, request, routingRandom);
        }
        if (choice < 0) {
            lifecycle.unroutable(request);
            return;
        }
        if (admissionLimit < Double.POSITIVE_INFINITY && view.predictedTtftSeconds(choice, request) > admissionLimit) {
            lifecycle.refused(request);
            return;
        }
        Node node = view.node(choice);
        request.setPricePerMTok(pricing.pricePerMTok(view, choice, request));
        if (table.isDecentralized(node.index())) {
            request.setPricePerMTok(request.pricePerMTok() * decentralizedPriceMultiplier.getAsDouble());
        }
        lifecycle.sendTo(request, node);
    }
}
