package io.dime.sim.routing;

import io.dime.sim.workload.Request;
import org.apache.commons.math3.random.RandomGenerator;

/** Picks a node for a request among those that serve its model. */
public sealed interface Router permits Routers.RandomChoice, Routers.RoundRobin, Routers.LeastLoaded, Routers.PowerOfTwo,
        Routers.Nearest, Routers.Cheapest, Routers.SloAware, Routers.ReputationWeighted {
    /**
     * Index into {@code view} of the chosen node, or −1 when no node is available. The node
     * named by {@code request.node} (the one that just refused or lost it) is not chosen; the
     * caller clears it and asks again when that node is the only one left.
     */
    int choose(RoutingView view, Request request, RandomGenerator random);
}
