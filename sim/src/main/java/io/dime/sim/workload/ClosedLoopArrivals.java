package io.dime.sim.workload;

import io.dime.sim.workload.ArrivalSpec;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * A closed loop's arrivals. The world asks for the next arrival once per client at the start and
 * then once each time one of the class's requests ends, so {@link #nextArrivalTime} only adds the
 * think time; with a lengths trace it hands out the rows in order and then stops. Draws no random
 * numbers.
 */
public final class ClosedLoopArrivals implements ArrivalProcess {
    private final ArrivalSpec.Closed spec;
    private int scheduled;
    private int nextRow;
    private int promptTokensOfLast = -1;
    private int outputTokensOfLast = -1;

    ClosedLoopArrivals(ArrivalSpec.Closed spec) {
        this.spec = spec;
    }

    /** Clients, each of which asks for its first arrival at the start. */
    public int clients() {
        return spec.clients();
    }

    @Override
    public double nextArrivalTime(double now, RandomGenerator random) {
        if (spec.lengths() != null && scheduled == spec.lengths().rows()) {
            return Double.POSITIVE_INFINITY;
        }
        scheduled++;
        return now + spec.thinkSeconds();
    }

    /**
     * An arrival happens: with a lengths trace, the next row gives its lengths. Rows go to
     * arrivals in the order they happen, not in the order they were scheduled, as a benchmark's
     * clients take the next request from a shared list.
     */
    public void startRequest() {
        if (spec.lengths() != null) {
            promptTokensOfLast = spec.lengths().promptTokens(nextRow);
            outputTokensOfLast = spec.lengths().outputTokens(nextRow);
            nextRow++;
        }
    }

    @Override
    public int promptTokensOfLast() {
        return promptTokensOfLast;
    }

    @Override
    public int outputTokensOfLast() {
        return outputTokensOfLast;
    }
}
