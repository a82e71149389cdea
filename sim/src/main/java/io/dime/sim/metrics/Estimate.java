package io.dime.sim.metrics;

import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * A metric across replications: the mean and a Student-t 95% confidence interval (n−1 degrees
 * of freedom). With one replication, or when any value is undefined, the interval is NaN.
 */
public record Estimate(double mean, double low, double high, List<Double> values) {
    public Estimate {
        values = List.copyOf(values);
    }

    public static Estimate of(List<Double> values) {
        int n = values.size();
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / n;
        if (n < 2 || Double.isNaN(mean)) {
            return new Estimate(mean, Double.NaN, Double.NaN, values);
        }
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        double standardError = Math.sqrt(squares / (n - 1) / n);
        double t = new TDistribution(null, n - 1).inverseCumulativeProbability(0.975);
        return new Estimate(mean, mean - t * standardError, mean + t * standardError, values);
    }

    public double halfWidth() {
        return (high - low) / 2;
    }

    public boolean covers(double value) {
        return value >= low && value <= high;
    }
}
