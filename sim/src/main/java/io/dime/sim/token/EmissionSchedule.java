package io.dime.sim.token;

/**
 * How many new tokens the protocol mints over time, starting at time 0. The simulation asks
 * {@link #tokensBetween} for each interval it settles and mints that many.
 */
public sealed interface EmissionSchedule
        permits EmissionSchedule.Constant, EmissionSchedule.Halving, EmissionSchedule.Decay, EmissionSchedule.Controlled {

    /** The emission rate at {@code timeSeconds}. */
    double tokensPerSecondAt(double timeSeconds);

    /** Tokens emitted over [fromSeconds, toSeconds], the exact integral of the rate. */
    double tokensBetween(double fromSeconds, double toSeconds);

    /** A fixed rate forever. */
    record Constant(double tokensPerSecond) implements EmissionSchedule {
        public Constant {
            requireRate(tokensPerSecond);
        }

        @Override
        public double tokensPerSecondAt(double timeSeconds) {
            return tokensPerSecond;
        }

        @Override
        public double tokensBetween(double fromSeconds, double toSeconds) {
            requireInterval(fromSeconds, toSeconds);
            return tokensPerSecond * (toSeconds - fromSeconds);
        }
    }

    /**
     * A rate that falls by {@code declinePerPeriod} every {@code periodSeconds}, continuously
     * (io.net's 1.02% a month): rate(t) = initial · (1 − d)^(t/T) = initial · e^(−λt) with
     * λ = −ln(1 − d)/T, integrated exactly.
     */
    record Decay(double initialTokensPerSecond, double declinePerPeriod, double periodSeconds) implements EmissionSchedule {
        public Decay {
            requireRate(initialTokensPerSecond);
            if (!(declinePerPeriod >= 0 && declinePerPeriod < 1) || !(periodSeconds > 0) || periodSeconds == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("need 0 <= decline < 1 and a finite period > 0, got " + declinePerPeriod + ", " + periodSeconds);
            }
        }

        private double lambda() {
            return -Math.log1p(-declinePerPeriod) / periodSeconds;
        }

        @Override
        public double tokensPerSecondAt(double timeSeconds) {
            requireInterval(timeSeconds, timeSeconds);
            return initialTokensPerSecond * Math.exp(-lambda() * timeSeconds);
        }

        @Override
        public double tokensBetween(double fromSeconds, double toSeconds) {
            requireInterval(fromSeconds, toSeconds);
            double lambda = lambda();
            if (lambda == 0) {
                return initialTokensPerSecond * (toSeconds - fromSeconds);
            }
            // ∫ r0 e^(−λt) dt = r0 e^(−λ·from) (1 − e^(−λ·(to − from))) / λ, without cancellation.
            return initialTokensPerSecond * Math.exp(-lambda * fromSeconds) * -Math.expm1(-lambda * (toSeconds - fromSeconds)) / lambda;
        }
    }

    /**
     * Bitcoin-style halving: the rate is {@code initial · 2^−n} during the n-th period
     * [n·T, (n+1)·T), so the total ever emitted is {@code 2 · initial · T}.
     */
    record Halving(double initialTokensPerSecond, double halvingEverySeconds) implements EmissionSchedule {
        public Halving {
            requireRate(initialTokensPerSecond);
            if (!(halvingEverySeconds > 0) || halvingEverySeconds == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("halvingEverySeconds must be finite and > 0, got " + halvingEverySeconds);
            }
        }

        @Override
        public double tokensPerSecondAt(double timeSeconds) {
            requireInterval(timeSeconds, timeSeconds);
            return rateInPeriod(periodOf(timeSeconds));
        }

        /**
         * Sums the pieces separately (the partial first period, the whole periods between as a
         * geometric series, the partial last period) rather than differencing a cumulative total,
         * so a short interval late in a long run loses no precision to cancellation.
         */
        @Override
        public double tokensBetween(double fromSeconds, double toSeconds) {
            requireInterval(fromSeconds, toSeconds);
            long firstPeriod = periodOf(fromSeconds);
            long lastPeriod = periodOf(toSeconds);
            if (firstPeriod == lastPeriod) {
                return rateInPeriod(firstPeriod) * (toSeconds - fromSeconds);
            }
            double head = rateInPeriod(firstPeriod) * ((firstPeriod + 1) * halvingEverySeconds - fromSeconds);
            // Whole periods firstPeriod+1 .. lastPeriod-1: r·T·Σ 2^−i = 2·r·T·(2^−(first+1) − 2^−last).
            double wholePeriods = 2 * initialTokensPerSecond * halvingEverySeconds
                    * (halvingFactor(firstPeriod + 1) - halvingFactor(lastPeriod));
            double tail = rateInPeriod(lastPeriod) * (toSeconds - lastPeriod * halvingEverySeconds);
            return head + wholePeriods + tail;
        }

        private long periodOf(double timeSeconds) {
            return (long) Math.floor(timeSeconds / halvingEverySeconds);
        }

        private double rateInPeriod(long period) {
            return initialTokensPerSecond * halvingFactor(period);
        }

        private static double halvingFactor(long period) {
            // Beyond 1100 halvings 2^−n underflows to zero anyway; the cap keeps scalb's int argument in range.
            return Math.scalb(1.0, (int) -Math.min(period, 1100));
        }
    }

    /**
     * A base rate scaled by a multiplier the simulation sets, e.g. from a {@link PidController}.
     * The multiplier holds until it is set again, so settle each interval before changing it.
     */
    final class Controlled implements EmissionSchedule {
        private final double baseTokensPerSecond;
        private double multiplier = 1;

        public Controlled(double baseTokensPerSecond) {
            requireRate(baseTokensPerSecond);
            this.baseTokensPerSecond = baseTokensPerSecond;
        }

        public double baseTokensPerSecond() {
            return baseTokensPerSecond;
        }

        public double multiplier() {
            return multiplier;
        }

        /** Sets the multiplier; a negative value means zero, since emission cannot un-mint. */
        public void setMultiplier(double value) {
            if (Double.isNaN(value) || value == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("multiplier must be finite, got " + value);
            }
            multiplier = Math.max(0, value);
        }

        @Override
        public double tokensPerSecondAt(double timeSeconds) {
            return baseTokensPerSecond * multiplier;
        }

        @Override
        public double tokensBetween(double fromSeconds, double toSeconds) {
            requireInterval(fromSeconds, toSeconds);
            return baseTokensPerSecond * multiplier * (toSeconds - fromSeconds);
        }
    }

    private static void requireRate(double tokensPerSecond) {
        if (!(tokensPerSecond >= 0) || tokensPerSecond == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("emission rate must be finite and >= 0, got " + tokensPerSecond);
        }
    }

    private static void requireInterval(double fromSeconds, double toSeconds) {
        if (!(fromSeconds >= 0 && toSeconds >= fromSeconds) || toSeconds == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("need 0 <= from <= to < infinity, got [" + fromSeconds + ", " + toSeconds + "]");
        }
    }
}
