package io.dime.sim.metrics;

import org.HdrHistogram.Histogram;

/**
 * A latency distribution: HdrHistogram for percentiles (3 significant digits, microsecond
 * resolution, memory independent of the number of samples) and an exact sum for the mean.
 */
public final class LatencyRecorder {
    private final Histogram histogram = new Histogram(3);
    private double sumSeconds;
    private long count;

    public void record(double seconds) {
        long micros = Math.max(0, Math.round(seconds * 1e6));
        histogram.recordValue(micros);
        sumSeconds += seconds;
        count++;
    }

    public long count() {
        return count;
    }

    public double meanMs() {
        return count == 0 ? Double.NaN : sumSeconds / count * 1e3;
    }

    /** The value at {@code percentile} (0-100) in milliseconds; NaN when empty. */
    public double percentileMs(double percentile) {
        return count == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1e3;
    }
}
