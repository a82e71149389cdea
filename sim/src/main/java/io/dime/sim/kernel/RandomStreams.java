package io.dime.sim.kernel;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Named random streams. Each stream's seed is derived from (root seed, stream name) alone, so
 * adding a stream, a node or a request class never shifts the numbers any other stream draws,
 * and two scenarios that differ only elsewhere see the same arrivals (common random numbers).
 * Streams are commons-math3 generators, so commons-math3 distributions draw from them.
 */
public final class RandomStreams {
    private final long rootSeed;
    private final Map<String, RandomGenerator> streams = new HashMap<>();

    public RandomStreams(long rootSeed) {
        this.rootSeed = rootSeed;
    }

    public long rootSeed() {
        return rootSeed;
    }

    /** The stream of this name, created on first use. */
    public RandomGenerator stream(String name) {
        return streams.computeIfAbsent(name, n -> newGenerator(derive(rootSeed, n)));
    }

    /** A fresh generator for the name, not shared with {@link #stream(String)}. */
    public RandomGenerator fresh(String name) {
        return newGenerator(derive(rootSeed, name));
    }

    /** The seed of stream {@code name} under {@code rootSeed}: a hash of both, stable across versions. */
    public static long derive(long rootSeed, String name) {
        long hash = Fingerprint.mix(Fingerprint.SEED, rootSeed);
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            hash = Fingerprint.mix(hash, b);
        }
        return Fingerprint.mix(hash, name.length());
    }

    private static RandomGenerator newGenerator(long seed) {
        // Well19937c: long period, good equidistribution, and commons-math3's recommended default.
        return new Well19937c(new int[] {(int) seed, (int) (seed >>> 32)});
    }
}
