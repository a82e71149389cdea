package io.dime.sim.workload;

import io.dime.sim.workload.ArrivalSpec;
import org.apache.commons.math3.random.RandomGenerator;

/** Exponential gaps: a memoryless stream of independent users. Stateless. */
public final class PoissonArrivals implements ArrivalProcess {
    private final double ratePerSecond;

    PoissonArrivals(ArrivalSpec.Poisson spec) {
        this.ratePerSecond = spec.ratePerSecond();
    }

    @Override
    public double nextArrivalTime(double now, RandomGenerator random) {
        return now + Gaps.exponential(ratePerSecond, random);
    }

}
