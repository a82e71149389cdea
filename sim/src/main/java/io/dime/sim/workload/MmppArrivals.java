package io.dime.sim.workload;

import io.dime.sim.workload.ArrivalSpec;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * On/off bursts: a two-state Markov-modulated Poisson process. The phase starts in the state
 * drawn from the stationary distribution (on with probability on_mean / (on_mean + off_mean));
 * since sojourns are exponential, the remaining time in that first state has the same law as a
 * whole sojourn, so the process is stationary from the start.
 */
public final class MmppArrivals implements ArrivalProcess {
    private final ArrivalSpec.Mmpp spec;
    private boolean started;
    private boolean on;
    private double stateEndTime;

    MmppArrivals(ArrivalSpec.Mmpp spec) {
        this.spec = spec;
    }

    @Override
    public double nextArrivalTime(double now, RandomGenerator random) {
        if (spec.onRatePerSecond() == 0 && spec.offRatePerSecond() == 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (!started) {
            on = random.nextDouble() * (spec.onMeanSeconds() + spec.offMeanSeconds()) < spec.onMeanSeconds();
            stateEndTime = now + sojourn(random);
            started = true;
        }
        while (stateEndTime <= now) {
            switchState(random);
        }
        double t = now;
        while (true) {
            double rate = on ? spec.onRatePerSecond() : spec.offRatePerSecond();
            if (rate > 0) {
                // Memoryless: a candidate past the switch is discarded and redrawn in the next state.
                double candidate = t + Gaps.exponential(rate, random);
                if (candidate < stateEndTime) {
                    return candidate;
                }
            }
            t = stateEndTime;
            switchState(random);
        }
    }

    private void switchState(RandomGenerator random) {
        on = !on;
        stateEndTime += sojourn(random);
    }

    private double sojourn(RandomGenerator random) {
        return Gaps.exponential(1 / (on ? spec.onMeanSeconds() : spec.offMeanSeconds()), random);
    }
}
