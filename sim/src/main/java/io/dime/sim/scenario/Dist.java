package io.dime.sim.scenario;

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
    List<String> NAMES = List.of("fixed", "uniform", "lognormal", "exponential");

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
