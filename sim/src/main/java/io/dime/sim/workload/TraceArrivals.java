package io.dime.sim.workload;

import io.dime.sim.workload.ArrivalSpec;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Replays a recorded trace: row i arrives offset_i × time_scale after the first call, with the
 * row's own prompt and output lengths. Draws no random numbers. Without {@code loop} the class
 * stops arriving after the last row; with it, pass p adds p loop periods.
 */
public final class TraceArrivals implements ArrivalProcess {
    private final ArrivalSpec.Trace trace;
    private double originTime = Double.NaN;
    private int nextRow;
    private long pass;
    private int promptTokensOfLast = -1;
    private int outputTokensOfLast = -1;

    TraceArrivals(ArrivalSpec.Trace trace) {
        this.trace = trace;
    }

    @Override
    public double nextArrivalTime(double now, RandomGenerator random) {
        if (Double.isNaN(originTime)) {
            originTime = now;
        }
        if (nextRow == trace.rows()) {
            if (!trace.loop()) {
                return Double.POSITIVE_INFINITY;
            }
            nextRow = 0;
            pass++;
        }
        double offsetSeconds = pass * trace.loopPeriodSeconds() + trace.offsetSeconds(nextRow);
        promptTokensOfLast = trace.promptTokens(nextRow);
        outputTokensOfLast = trace.outputTokens(nextRow);
        nextRow++;
        return Math.max(now, originTime + offsetSeconds * trace.timeScale());
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
