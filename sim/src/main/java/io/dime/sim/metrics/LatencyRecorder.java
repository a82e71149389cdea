package io.dime.sim.metrics;

import org.HdrHistogram.Histogram;

/**
 * A latency distribution: HdrHistogram for percentiles (3 significant digits, microsecond
 * resolution, memory independent of the number of samples) and exact sums for the mean and the
 * coefficient of variation.
 */
public final class LatencyRecorder {
    private final Histogram histogram = new Histogram(3);
    private double sumSeconds;
    private double sumSquares;
    private long count;

    public void record(double seconds) {
        long micros = Math.max(0, Math.round(seconds * 1e6));
        histogram.recordValue(micros);
        sumSeconds += seconds;
        sumSquares += seconds * seconds;
        count++;
    }

    public long count() {
        return count;
    }

    public double meanMs() {
        return count == 0 ? Double.NaN : sumSeconds / count * 1e3;
    }

    /**
     * Coefficient of variation: the standard deviation (n − 1) over the mean, from exact sums;
     * NaN with fewer than two samples or a zero mean.
     */
    public double coefficientOfVariation() {
        if (count < 2 || sumSeconds <= 0) {
            return Double.NaN;
        }
        double mean = sumSeconds / count;
        double variance = Math.max(0, (sumSquares - count * mean * mean) / (count - 1));
        return Math.sqrt(variance) / mean;
    }

    /** The value at {@code percentile} (0-100) in milliseconds; NaN when empty. */
    public double percentileMs(double percentile) {
        return count == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1e3;
    }
}
