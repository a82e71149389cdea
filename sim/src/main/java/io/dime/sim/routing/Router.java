package io.dime.sim.routing;

import io.dime.sim.node.Node;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;

/** Picks a node among the candidates that serve a request's model. */
public sealed interface Router permits Routers.RandomChoice, Routers.RoundRobin, Routers.LeastLoaded, Routers.PowerOfTwo {
    /** Index into {@code candidates} of the chosen node. */
    int choose(List<Node> candidates, RandomGenerator random);
}
