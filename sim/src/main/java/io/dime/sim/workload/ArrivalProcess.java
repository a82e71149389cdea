package io.dime.sim.workload;

import io.dime.sim.workload.ArrivalSpec;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Draws the arrival times of one request class in one replication. Instances may keep state
 * (the phase of a burst, the next row of a trace), so each replication creates its own with
 * {@link #create(ArrivalSpec)}; the random numbers come from the caller's stream, so two
 * scenarios that share a stream share their arrivals.
 */
/*
 * Sampling uses commons-math3 (FastMath, GammaDistribution) rather than java.lang.Math, whose
 * intrinsics may differ in the last bit between machines and would break pinned fingerprints.
 */
public sealed interface ArrivalProcess permits PoissonArrivals, GammaArrivals, DiurnalArrivals, MmppArrivals, TraceArrivals, StepArrivals, ClosedLoopArrivals {
    /** A fresh process in its initial state. */
    static ArrivalProcess create(ArrivalSpec spec) {
        return ArrivalProcesses.registry().get(spec.process()).apply(spec);
    }

    /**
     * The absolute time of the next arrival, at or after {@code now}, or
     * {@link Double#POSITIVE_INFINITY} when the class sends no more requests. {@code now} is the
     * time of the previous arrival (or the start) and never decreases from call to call.
     */
    double nextArrivalTime(double now, RandomGenerator random);

    /** The prompt length of the arrival last returned, or -1 when the class's length distribution applies. */
    default int promptTokensOfLast() {
        return -1;
    }

    /** The output length of the arrival last returned, or -1 when the class's length distribution applies. */
    default int outputTokensOfLast() {
        return -1;
    }


}
