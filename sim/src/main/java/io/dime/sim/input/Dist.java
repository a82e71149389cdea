package io.dime.sim.input;

import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.util.FastMath;

/**
 * A distribution of a positive quantity: token counts, or service times in seconds.
 * Samples are truncated at {@code max} where a distribution has one.
 */
/*
 * Sampling uses commons-math3's FastMath, which is pure Java: java.lang.Math may use CPU
 * intrinsics whose last bit differs between machines, and then pinned fingerprints would too.
 */
public sealed interface Dist {
    List<String> NAMES = List.of("fixed", "uniform", "lognormal", "exponential", "empirical");

    double mean();

    double sample(RandomGenerator random);

    /** As written back in the resolved scenario; {@code seconds} spells values as durations. */
    Map<String, Object> describe(boolean seconds);

    record Fixed(double value) implements Dist {
        @Override
        public double mean() {
            return value;
        }

        @Override
        public double sample(RandomGenerator random) {
            return value;
        }

        @Override
        public Map<String, Object> describe(boolean seconds) {
            return ordered("dist", "fixed", "value", spell(value, seconds));
        }
    }

    record Uniform(double min, double max) implements Dist {
        @Override
        public double mean() {
            return (min + max) / 2;
        }

        @Override
        public double sample(RandomGenerator random) {
            return min + (max - min) * random.nextDouble();
        }

        @Override
        public Map<String, Object> describe(boolean seconds) {
            return ordered("dist", "uniform", "min", spell(min, seconds), "max", spell(max, seconds));
        }
    }

    /** Lognormal by its median (e^mu) and sigma, as workload papers report lengths. */
    record LogNormal(double median, double sigma, double max) implements Dist {
        @Override
        public double mean() {
            // Mean of the untruncated distribution; the cap only lowers it.
            return Math.min(max, median * Math.exp(sigma * sigma / 2));
        }

        @Override
        public double sample(RandomGenerator random) {
            return Math.min(max, median * FastMath.exp(sigma * random.nextGaussian()));
        }

        @Override
        public Map<String, Object> describe(boolean seconds) {
            return ordered("dist", "lognormal", "median", spell(median, seconds), "sigma", sigma, "max", spell(max, seconds));
        }
    }

    record Exponential(double mean, double max) implements Dist {
        @Override
        public double sample(RandomGenerator random) {
            // Inversion: -mean·ln(U), with U in (0, 1].
            return Math.min(max, -mean * FastMath.log(1.0 - random.nextDouble()));
        }

        @Override
        public Map<String, Object> describe(boolean seconds) {
            return ordered("dist", "exponential", "mean", spell(mean, seconds), "max", spell(max, seconds));
        }
    }

    /**
     * One of a few observed values, each with a weight: e.g. the prompt lengths a service's
     * templates produce. Weights need not sum to 1; they are kept as written so that the
     * resolved scenario reads back to an equal value. A class rather than a record because
     * its arrays must be copied in and out and compared by content.
     */
    final class Empirical implements Dist {
        private final double[] values;
        private final double[] weights;
        /** Running sums of the weights, searched by bisection when sampling. */
        private final double[] cumulativeWeights;
        /** The last value with a positive weight: a draw that rounds up to the total lands here. */
        private final int lastDrawable;

        public Empirical(double[] values, double[] weights) {
            if (values.length == 0 || values.length != weights.length) {
                throw new IllegalArgumentException("need as many weights as values, and at least one value");
            }
            this.values = values.clone();
            this.weights = weights.clone();
            this.cumulativeWeights = new double[weights.length];
            double total = 0;
            int last = -1;
            for (int i = 0; i < weights.length; i++) {
                if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
                    throw new IllegalArgumentException("weight " + weights[i] + " is not a finite non-negative number");
                }
                total += weights[i];
                cumulativeWeights[i] = total;
                if (weights[i] > 0) {
                    last = i;
                }
            }
            if (last < 0) {
                throw new IllegalArgumentException("the weights sum to 0");
            }
            this.lastDrawable = last;
        }

        /** Equal weights. */
        public Empirical(double[] values) {
            this(values, equalWeights(values.length));
        }

        private static double[] equalWeights(int count) {
            double[] weights = new double[count];
            java.util.Arrays.fill(weights, 1.0);
            return weights;
        }

        public double[] values() {
            return values.clone();
        }

        public double[] weights() {
            return weights.clone();
        }

        @Override
        public double mean() {
            double weighted = 0;
            for (int i = 0; i < values.length; i++) {
                weighted += weights[i] * values[i];
            }
            return weighted / cumulativeWeights[cumulativeWeights.length - 1];
        }

        @Override
        public double sample(RandomGenerator random) {
            double u = random.nextDouble() * cumulativeWeights[cumulativeWeights.length - 1];
            // The first index whose running sum exceeds u; zero-weight values are skipped.
            int low = 0;
            int high = lastDrawable;
            while (low < high) {
                int middle = (low + high) >>> 1;
                if (cumulativeWeights[middle] > u) {
                    high = middle;
                } else {
                    low = middle + 1;
                }
            }
            return values[low];
        }

        @Override
        public Map<String, Object> describe(boolean seconds) {
            List<Object> spelledValues = new java.util.ArrayList<>();
            List<Object> spelledWeights = new java.util.ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                spelledValues.add(spell(values[i], seconds));
                spelledWeights.add(spell(weights[i], false));
            }
            return ordered("dist", "empirical", "values", spelledValues, "weights", spelledWeights);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Empirical e && java.util.Arrays.equals(values, e.values) && java.util.Arrays.equals(weights, e.weights);
        }

        @Override
        public int hashCode() {
            return 31 * java.util.Arrays.hashCode(values) + java.util.Arrays.hashCode(weights);
        }

        @Override
        public String toString() {
            return "Empirical[values=" + java.util.Arrays.toString(values) + ", weights=" + java.util.Arrays.toString(weights) + "]";
        }
    }

    private static Object spell(double value, boolean seconds) {
        if (Double.isInfinite(value)) {
            return "none";
        }
        if (seconds) {
            return Units.formatSeconds(value);
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? (Object) (long) value : (Object) value;
    }

    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
