package io.dime.sim.workload;

import io.dime.sim.scenario.Scenario.Arrival;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.util.FastMath;

/** Draws the gap to the next arrival of a request class. */
public sealed interface ArrivalProcess {
    double nextGapSeconds(double now, RandomGenerator random);

    static ArrivalProcess of(Arrival arrival) {
        return switch (arrival.process()) {
            case "poisson" -> new Poisson(arrival.ratePerSecond());
            default -> throw new IllegalArgumentException("unknown arrival process " + arrival.process());
        };
    }

    /** Exponential gaps: a memoryless stream of independent users. */
    record Poisson(double ratePerSecond) implements ArrivalProcess {
        @Override
        public double nextGapSeconds(double now, RandomGenerator random) {
            return -FastMath.log(1.0 - random.nextDouble()) / ratePerSecond;
        }
    }
}
