package io.dime.sim.workload;

import io.dime.sim.workload.ArrivalSpec;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.util.FastMath;

/**
 * A non-homogeneous Poisson process with a cosine cycle, drawn by thinning (P. A. W. Lewis and
 * G. S. Shedler, "Simulation of nonhomogeneous Poisson processes by thinning", Naval Research
 * Logistics Quarterly 26(3), 1979): candidates come at the peak rate, and a candidate at time t
 * is kept with probability rate(t) / peak rate. Stateless; simulated time 0 is midnight.
 */
public final class DiurnalArrivals implements ArrivalProcess {
    private final double meanRatePerSecond;
    private final double amplitude;
    private final double peakSeconds;
    private final double periodSeconds;

    DiurnalArrivals(ArrivalSpec.Diurnal spec) {
        this.meanRatePerSecond = spec.ratePerSecond();
        this.amplitude = spec.amplitude();
        this.peakSeconds = spec.peakSeconds();
        this.periodSeconds = spec.periodSeconds();
    }

    @Override
    public double nextArrivalTime(double now, RandomGenerator random) {
        double candidateRate = meanRatePerSecond * (1 + amplitude);
        double t = now;
        while (true) {
            t += Gaps.exponential(candidateRate, random);
            if (random.nextDouble() * (1 + amplitude) < relativeRate(t)) {
                return t;
            }
        }
    }

    /** rate(t) / mean rate = 1 + amplitude·cos(2π(t − peak)/period). */
    double relativeRate(double t) {
        // Reduce to one period first: cos of a huge argument loses the phase to rounding.
        double phase = ((t - peakSeconds) % periodSeconds) / periodSeconds;
        return 1 + amplitude * FastMath.cos(2 * FastMath.PI * phase);
    }
}
