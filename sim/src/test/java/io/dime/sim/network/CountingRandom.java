package io.dime.sim.network;

import org.apache.commons.math3.random.RandomGenerator;

/** A generator that counts every call, to prove that some code draws nothing. */
final class CountingRandom implements RandomGenerator {
    private final RandomGenerator delegate;
    private long calls;

    CountingRandom(RandomGenerator delegate) {
        this.delegate = delegate;
    }

    long calls() {
        return calls;
    }

    @Override
    public void setSeed(int seed) {
        calls++;
        delegate.setSeed(seed);
    }

    @Override
    public void setSeed(int[] seed) {
        calls++;
        delegate.setSeed(seed);
    }

    @Override
    public void setSeed(long seed) {
        calls++;
        delegate.setSeed(seed);
    }

    @Override
    public void nextBytes(byte[] bytes) {
        calls++;
        delegate.nextBytes(bytes);
    }

    @Override
    public int nextInt() {
        calls++;
        return delegate.nextInt();
    }

    @Override
    public int nextInt(int n) {
        calls++;
        return delegate.nextInt(n);
    }

    @Override
    public long nextLong() {
        calls++;
        return delegate.nextLong();
    }

    @Override
    public boolean nextBoolean() {
        calls++;
        return delegate.nextBoolean();
    }

    @Override
    public float nextFloat() {
        calls++;
        return delegate.nextFloat();
    }

    @Override
    public double nextDouble() {
        calls++;
        return delegate.nextDouble();
    }

    @Override
    public double nextGaussian() {
        calls++;
        return delegate.nextGaussian();
    }
}
