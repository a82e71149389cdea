package io.dime.sim.routing;

import io.dime.sim.workload.Request;
import io.dime.sim.kernel.Registry;
import java.util.List;
import java.util.function.Supplier;
import org.apache.commons.math3.random.RandomGenerator;

/** The registry of routing policies, by the name a scenario uses. */
public final class Routers {
    /**
     * Every policy by the name {@code routing.policy} uses, in the order the docs list them.
     * Adding one: a class implementing {@link Router}, one {@code add} line here, and its row in
     * scenarios/README.md ({@code sim/README.md} has the steps).
     */
    private static final Registry<Supplier<Router>> REGISTRY = Registry.<Supplier<Router>>of("routing policy")
            .add("random", RandomChoice::new)
            .add("round-robin", RoundRobin::new)
            .add("least-loaded", LeastLoaded::new)
            .add("power-of-two", PowerOfTwo::new)
            .add("nearest", Nearest::new)
            .add("cheapest", Cheapest::new)
            .add("slo-aware", SloAware::new)
            .add("reputation", ReputationWeighted::new)
            .add("hybrid", Hybrid::new)
            .build();

    public static final List<String> NAMES = REGISTRY.names();

    private Routers() {
    }

    public static Registry<Supplier<Router>> registry() {
        return REGISTRY;
    }

    /** A new router (routers may keep state, so one per run). */
    public static Router create(String name) {
        return REGISTRY.get(name).get();
    }

    /** Whether candidate i may take the request: up, and not a node that already refused or lost it. */
    static boolean eligible(RoutingView view, int i, Request request) {
        return view.available(i) && !request.hasTried(view.node(i).index());
    }

    /** A uniformly random eligible candidate, or −1: a few blind draws, then a scan. */
    static int randomEligible(RoutingView view, Request request, RandomGenerator random) {
        int n = view.size();
        for (int attempt = 0; attempt < 8; attempt++) {
            int i = random.nextInt(n);
            if (eligible(view, i, request)) {
                return i;
            }
        }
        int count = 0;
        int chosen = -1;
        for (int i = 0; i < n; i++) {
            if (eligible(view, i, request) && random.nextInt(++count) == 0) {
                chosen = i;
            }
        }
        return chosen;
    }

    /**
     * The eligible candidate with the lowest score; ties broken uniformly at random (reservoir).
     */
    private static int argMin(RoutingView view, Request request, RandomGenerator random, Score score) {
        int best = -1;
        double bestScore = Double.POSITIVE_INFINITY;
        int ties = 0;
        for (int i = 0; i < view.size(); i++) {
            if (!eligible(view, i, request)) {
                continue;
            }
            double s = score.of(i);
            if (s < bestScore) {
                bestScore = s;
                best = i;
                ties = 1;
            } else if (s == bestScore && random.nextInt(++ties) == 0) {
                best = i;
            }
        }
        return best;
    }

    @FunctionalInterface
    private interface Score {
        double of(int candidate);
    }

    /** Uniformly at random: Poisson splitting, so each node sees a Poisson stream. */
    public static final class RandomChoice implements Router {
        @Override
        public int choose(RoutingView view, Request request, RandomGenerator random) {
            return randomEligible(view, request, random);
        }
    }

    public static final class RoundRobin implements Router {
        private int next;

        @Override
        public int choose(RoutingView view, Request request, RandomGenerator random) {
            for (int k = 0; k < view.size(); k++) {
                int i = (next + k) % view.size();
                if (eligible(view, i, request)) {
                    next = i + 1;
                    return i;
                }
            }
            return -1;
        }
    }

    /** Fewest requests in the node, as last reported; ties go to a random one of them. */
    public static final class LeastLoaded implements Router {
        @Override
        public int choose(RoutingView view, Request request, RandomGenerator random) {
            return argMin(view, request, random, view::load);
        }
    }

    /** Two random candidates, the less loaded wins (Mitzenmacher's power of two choices). */
    public static final class PowerOfTwo implements Router {
        @Override
        public int choose(RoutingView view, Request request, RandomGenerator random) {
            int a = randomEligible(view, request, random);
            if (a < 0) {
                return -1;
            }
            int b = randomEligible(view, request, random);
            return b >= 0 && view.load(b) < view.load(a) ? b : a;
        }
    }

    /** Smallest round trip from the client; among equals (a region), the least loaded. */
    public static final class Nearest implements Router {
        @Override
        public int choose(RoutingView view, Request request, RandomGenerator random) {
            return argMin(view, request, random, i -> view.rttSeconds(i, request) * 1e6 + view.load(i));
        }
    }

    /**
     * Cheapest first, as a market clears: the lowest price among nodes with room (fewer
     * requests than they can serve at once), the least loaded among equals; when every node is
     * full, the least loaded of all.
     */
    public static final class Cheapest implements Router {
        @Override
        public int choose(RoutingView view, Request request, RandomGenerator random) {
            int withRoom = argMin(view, request, random,
                    i -> view.load(i) < view.capacity(i) ? view.pricePerMTokUsd(i) * 1e6 + view.load(i) : Double.POSITIVE_INFINITY);
            return withRoom >= 0 && view.load(withRoom) < view.capacity(withRoom) ? withRoom : argMin(view, request, random, view::load);
        }
    }

    /** Lowest predicted TTFT: round trip plus the node's estimate of its queue and the prefill. */
    public static final class SloAware implements Router {
        @Override
        public int choose(RoutingView view, Request request, RandomGenerator random) {
            return argMin(view, request, random, i -> view.predictedTtftSeconds(i, request));
        }
    }

    /**
     * Hybrid routing: the cheapest node whose predicted time to first token (round trip, API
     * overhead, its own estimate of its queue and the prefill) meets the request class's TTFT SLO,
     * the fastest among equal prices; when none would meet it, the fastest of all. With a cloud
     * dearer than the network, a class with a loose SLO goes to the network's cheap nodes, and a
     * latency-sensitive one to the cloud whenever the network, as it is now (loaded, far away,
     * partly down), would miss its SLO.
     */
    public static final class Hybrid implements Router {
        @Override
        public int choose(RoutingView view, Request request, RandomGenerator random) {
            double slo = view.ttftSloSeconds(request);
            int cheapest = argMin(view, request, random, i -> {
                double ttft = view.predictedTtftSeconds(i, request);
                return ttft <= slo ? view.pricePerMTokUsd(i) * 1e6 + ttft : Double.POSITIVE_INFINITY;
            });
            if (cheapest >= 0 && view.predictedTtftSeconds(cheapest, request) <= slo) {
                return cheapest;
            }
            return argMin(view, request, random, i -> view.predictedTtftSeconds(i, request));
        }
    }

    /**
     * Two candidates drawn with probability proportional to reputation (rejection sampling on
     * a uniform draw), the less loaded wins: nodes that fail or cheat get less traffic.
     */
    public static final class ReputationWeighted implements Router {
        @Override
        public int choose(RoutingView view, Request request, RandomGenerator random) {
            int a = draw(view, request, random);
            if (a < 0) {
                return -1;
            }
            int b = draw(view, request, random);
            return b >= 0 && view.load(b) < view.load(a) ? b : a;
        }

        private static int draw(RoutingView view, Request request, RandomGenerator random) {
            for (int attempt = 0; attempt < 64; attempt++) {
                int i = randomEligible(view, request, random);
                if (i < 0) {
                    return -1;
                }
                if (random.nextDouble() < view.reputation(i)) {
                    return i;
                }
            }
            return randomEligible(view, request, random);
        }
    }
}
