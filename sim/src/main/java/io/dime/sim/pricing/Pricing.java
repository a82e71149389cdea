package io.dime.sim.pricing;

import io.dime.sim.routing.RoutingView;
import io.dime.sim.workload.Request;

/**
 * A pricing mechanism ({@code market.pricing}): what a request pays per 1M tokens at the node
 * the router chose, and the price a router sees for each node. One instance per replication;
 * built by {@link PricingMechanisms} from the name a scenario uses.
 */
public interface Pricing {
    /** The price per 1M tokens of {@code request}, sent to candidate {@code choice} of {@code view}. */
    double pricePerMTok(RoutingView view, int choice, Request request);

    /** The price per 1M tokens a router compares for node {@code node} (cheapest-first routing): its operator's ask. */
    default double listedPrice(int node, Context context) {
        return context.asks()[node];
    }

    /** Starts what the mechanism does by itself over the run (an auction each epoch); nothing by default. */
    default void start() {
    }

    /** What a mechanism may read of the run. */
    interface Context {
        io.dime.sim.kernel.Simulation sim();

        java.util.List<io.dime.sim.node.Node> nodes();

        /** By node, its operator's ask per 1M tokens (under pricing lease, per hour of a lease). */
        double[] asks();

        /** By node, its group's posted price per 1M tokens. */
        double postedPrice(int node);

        /** The length of an epoch: the token economy's, or an hour without one. */
        double epochSeconds();
    }
}
