package io.dime.sim.routing;

import io.dime.sim.workload.Request;
import org.apache.commons.math3.random.RandomGenerator;

/** Picks a node for a request among those that serve its model. */
public sealed interface Router permits Routers.RandomChoice, Routers.RoundRobin, Routers.LeastLoaded, Routers.PowerOfTwo,
        Routers.Nearest, Routers.Cheapest, Routers.SloAware, Routers.ReputationWeighted, Routers.Hybrid {
    /**
     * Index into {@code view} of the chosen node, or −1 when no node is available. Nodes the
     * request has tried (refused or lost it) are not chosen; the caller forgets them and asks
     * again when no other node is left.
     */
    int choose(RoutingView view, Request request, RandomGenerator random);
}
