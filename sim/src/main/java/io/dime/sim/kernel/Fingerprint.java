package io.dime.sim.kernel;

/** A 64-bit running hash of an event trace (a multiply-xorshift mix, as in SplitMix64's finaliser). */
public final class Fingerprint {
    static final long SEED = 0x243F6A8885A308D3L; // first hex digits of pi: any fixed odd constant

    private Fingerprint() {
    }

    public static long mix(long hash, long value) {
        long z = hash ^ (value + 0x9E3779B97F4A7C15L + (hash << 6) + (hash >>> 2));
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public static String hex(long hash) {
        return String.format("%016x", hash);
    }
}
