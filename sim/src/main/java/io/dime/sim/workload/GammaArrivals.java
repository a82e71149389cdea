package io.dime.sim.workload;

import io.dime.sim.workload.ArrivalSpec;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * A renewal process with independent gamma gaps (shape 1/cv^2, mean 1/rate). The first gap is
 * an ordinary one, drawn from the start: for cv &gt; 1 the first few arrivals are therefore a
 * little less likely to come in a burst than later ones.
 */
public final class GammaArrivals implements ArrivalProcess {
    private final ArrivalSpec.Gamma spec;
    /** commons-math3 binds a distribution to its generator; rebuilt only if the caller switches streams. */
    private GammaDistribution gaps;
    private RandomGenerator gapsRandom;

    GammaArrivals(ArrivalSpec.Gamma spec) {
        this.spec = spec;
    }

    @Override
    public double nextArrivalTime(double now, RandomGenerator random) {
        if (random != gapsRandom) {
            gaps = new GammaDistribution(random, spec.shape(), spec.scaleSeconds());
            gapsRandom = random;
        }
        return now + gaps.sample();
    }
}
