package io.dime.sim.workload;

import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.util.FastMath;

/** Exponential draws shared by the Poisson-based processes. */
final class Gaps {
    private Gaps() {
    }

    /** Inversion: -ln(U)/rate with U in (0, 1], so the log is finite. */
    static double exponential(double ratePerSecond, RandomGenerator random) {
        return -FastMath.log(1.0 - random.nextDouble()) / ratePerSecond;
    }
}
