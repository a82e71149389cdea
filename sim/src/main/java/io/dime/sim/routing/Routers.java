package io.dime.sim.routing;

import io.dime.sim.node.Node;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;

/** The registry of routing policies, by the name a scenario uses. */
public final class Routers {
    public static final List<String> NAMES = List.of("random", "round-robin", "least-loaded", "power-of-two");

    private Routers() {
    }

    /** A new router (routers may keep state, so one per run). */
    public static Router create(String name) {
        return switch (name) {
            case "random" -> new RandomChoice();
            case "round-robin" -> new RoundRobin();
            case "least-loaded" -> new LeastLoaded();
            case "power-of-two" -> new PowerOfTwo();
            default -> throw new IllegalArgumentException("unknown routing policy '" + name + "'; known: " + String.join(", ", NAMES));
        };
    }

    /** Uniformly at random: Poisson splitting, so each node sees a Poisson stream. */
    public static final class RandomChoice implements Router {
        @Override
        public int choose(List<Node> candidates, RandomGenerator random) {
            return random.nextInt(candidates.size());
        }
    }

    public static final class RoundRobin implements Router {
        private int next;

        @Override
        public int choose(List<Node> candidates, RandomGenerator random) {
            int chosen = next % candidates.size();
            next = chosen + 1;
            return chosen;
        }
    }

    /** Fewest requests in the node (fresh information); ties go to a random one of them. */
    public static final class LeastLoaded implements Router {
        @Override
        public int choose(List<Node> candidates, RandomGenerator random) {
            int best = -1;
            int bestLoad = Integer.MAX_VALUE;
            int ties = 0;
            for (int i = 0; i < candidates.size(); i++) {
                int load = candidates.get(i).load();
                if (load < bestLoad) {
                    bestLoad = load;
                    best = i;
                    ties = 1;
                } else if (load == bestLoad && random.nextInt(++ties) == 0) {
                    best = i; // reservoir choice among equals
                }
            }
            return best;
        }
    }

    /** Two random candidates, the less loaded wins (Mitzenmacher's power of two choices). */
    public static final class PowerOfTwo implements Router {
        @Override
        public int choose(List<Node> candidates, RandomGenerator random) {
            int n = candidates.size();
            if (n == 1) {
                return 0;
            }
            int a = random.nextInt(n);
            int b = random.nextInt(n - 1);
            if (b >= a) {
                b++;
            }
            return candidates.get(b).load() < candidates.get(a).load() ? b : a;
        }
    }
}
