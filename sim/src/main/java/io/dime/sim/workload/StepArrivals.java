package io.dime.sim.workload;

import io.dime.sim.workload.ArrivalSpec;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Poisson arrivals with a piecewise-constant rate. Exact: a gap drawn at one step's rate that
 * would cross into the next step is discarded at the boundary and drawn again at the new rate,
 * which memorylessness makes correct.
 */
public final class StepArrivals implements ArrivalProcess {
    private final List<Double> starts;
    private final List<Double> rates;

    StepArrivals(ArrivalSpec.Steps spec) {
        this.starts = spec.startsSeconds();
        this.rates = spec.ratesPerSecond();
    }

    @Override
    public double nextArrivalTime(double now, RandomGenerator random) {
        double t = now;
        while (true) {
            int step = stepAt(t);
            double rate = rates.get(step);
            double end = step + 1 < starts.size() ? starts.get(step + 1) : Double.POSITIVE_INFINITY;
            if (rate <= 0) {
                if (Double.isInfinite(end)) {
                    return Double.POSITIVE_INFINITY;
                }
                t = end;
                continue;
            }
            double next = t + Gaps.exponential(rate, random);
            if (next < end) {
                return next;
            }
            t = end;
        }
    }

    private int stepAt(double t) {
        int step = 0;
        while (step + 1 < starts.size() && starts.get(step + 1) <= t) {
            step++;
        }
        return step;
    }
}
