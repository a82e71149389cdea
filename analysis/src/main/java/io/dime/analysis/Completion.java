package io.dime.analysis;

import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Why a run's latency and cost read n/a, or describe only the few requests that got through:
 * no request arrived, none completed, or fewer than half did. Said in words from the run's own
 * counts, so that every page and table that shows such a run can say why beside its n/a.
 */
public final class Completion {
    /** Below this share of the arrived requests completed, a run is called saturated. */
    public static final double SATURATED_BELOW = 0.5;

    private Completion() {
    }

    /** The problem, if any, from the means of a run's metrics ({@code NaN} for a metric it lacks). */
    public static Optional<String> problem(ToDoubleFunction<String> mean) {
        double arrived = mean.applyAsDouble("requests.arrived");
        double completed = mean.applyAsDouble("requests.completed");
        if (!Double.isFinite(arrived) || !Double.isFinite(completed)) {
            return Optional.empty();
        }
        if (arrived == 0) {
            return Optional.of("no request arrived in the measured window (after the warm-up): check the arrival rate, the warm-up and the duration");
        }
        double dropped = orZero(mean.applyAsDouble("requests.dropped"));
        double failed = orZero(mean.applyAsDouble("requests.failed"));
        double waiting = Math.max(0, arrived - completed - dropped - failed);
        String counts = String.format(Locale.ROOT, "%s arrived, %s completed, %s dropped, %s failed, %s still queued or in service at the end",
                count(arrived), count(completed), count(dropped), count(failed), count(waiting));
        double utilization = mean.applyAsDouble("utilization");
        String busy = Double.isFinite(utilization) ? String.format(Locale.ROOT, " (nodes busy %.0f%% of the time)", 100 * utilization) : "";
        String cause = dropped + failed > waiting
                ? "requests were turned away or timed out faster than they were served" + busy
                : "the nodes serve more slowly than requests arrive, or one answer takes longer than the run" + busy;
        if (completed == 0) {
            return Optional.of("no request completed: " + counts + "; " + cause);
        }
        if (completed < SATURATED_BELOW * arrived) {
            return Optional.of(String.format(Locale.ROOT, "saturated: only %.0f%% of the requests completed (%s); %s; latencies describe"
                    + " only those that got through", 100 * completed / arrived, counts, cause));
        }
        return Optional.empty();
    }

    private static double orZero(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    private static String count(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
