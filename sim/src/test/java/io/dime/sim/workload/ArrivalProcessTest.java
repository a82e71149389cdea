package io.dime.sim.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.workload.ArrivalSpec;
import io.dime.sim.scenario.Scenario;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.util.FastMath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The random arrival processes against their theory: rates, gap variability, daily profile, bursts. */
class ArrivalProcessTest {
    /** Mean and coefficient of variation of {@code count} successive gaps. */
    private record GapStats(double meanSeconds, double cv, double lastTime) {
        static GapStats of(ArrivalProcess process, int count, RandomGenerator random) {
            double now = 0;
            double sum = 0;
            double sumSquares = 0;
            for (int i = 0; i < count; i++) {
                double next = process.nextArrivalTime(now, random);
                assertTrue(next >= now, "time never goes backwards");
                double gap = next - now;
                sum += gap;
                sumSquares += gap * gap;
                now = next;
            }
            double mean = sum / count;
            double variance = sumSquares / count - mean * mean;
            return new GapStats(mean, FastMath.sqrt(variance) / mean, now);
        }
    }

    private static void assertWithin(double expected, double actual, double relativeTolerance, String what) {
        assertEquals(expected, actual, Math.abs(expected) * relativeTolerance,
                what + ": expected " + expected + " within " + relativeTolerance * 100 + "%, got " + actual);
    }

    @Test
    void poissonGapsAverageOneOverTheRate() {
        GapStats stats = GapStats.of(ArrivalProcess.create(new ArrivalSpec.Poisson(50)), 200_000, new Well19937c(1));
        assertWithin(1 / 50.0, stats.meanSeconds(), 0.01, "mean gap");
        assertWithin(1.0, stats.cv(), 0.02, "CV of exponential gaps");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 3.0})
    void gammaGapsHaveTheRateAndCoefficientOfVariationAsked(double cv) {
        // 10^6 gaps: at cv = 3 the mean of 200k gaps still wanders by 0.7% (cv / sqrt(n)), too close to 1%.
        GapStats stats = GapStats.of(ArrivalProcess.create(new ArrivalSpec.Gamma(20, cv)), 1_000_000, new Well19937c(2));
        assertWithin(20, 1 / stats.meanSeconds(), 0.01, "mean rate");
        assertWithin(cv, stats.cv(), 0.03, "CV of gaps");
    }

    @Test
    void diurnalCountsPerHourFollowTheCosineProfile() {
        double rate = 0.2;
        double amplitude = 0.5;
        double peak = 14.5 * 3600; // the middle of the 14:00 hour, so that hour holds the maximum
        double day = 86400;
        int days = 200;
        ArrivalProcess process = ArrivalProcess.create(new ArrivalSpec.Diurnal(rate, amplitude, peak, day));
        RandomGenerator random = new Well19937c(4);
        long[] perHour = new long[24];
        long total = 0;
        double now = 0;
        while (true) {
            now = process.nextArrivalTime(now, random);
            if (now >= days * day) {
                break;
            }
            perHour[(int) ((now % day) / 3600)]++;
            total++;
        }
        assertWithin(rate * days * day, total, 0.01, "arrivals over all days");
        for (int hour = 0; hour < 24; hour++) {
            // The integral of rate(t) over the hour: 3600 + a·P/2π·[sin(2π(t−peak)/P)] from hour to hour+1.
            double start = hour * 3600.0;
            double end = start + 3600;
            double expected = days * rate * (3600 + amplitude * day / (2 * Math.PI)
                    * (Math.sin(2 * Math.PI * (end - peak) / day) - Math.sin(2 * Math.PI * (start - peak) / day)));
            assertWithin(expected, perHour[hour], 0.03, "arrivals in hour " + hour);
        }
        double peakToTrough = (double) perHour[14] / perHour[2];
        assertWithin((1 + amplitude) / (1 - amplitude), peakToTrough, 0.05, "peak hour / trough hour");
    }

    @Test
    void mmppLongRunRateWeighsTheTwoStatesByTheirMeanSojourn() {
        ArrivalSpec.Mmpp spec = new ArrivalSpec.Mmpp(20, 2, 1, 3);
        assertEquals((20 * 1 + 2 * 3) / 4.0, spec.meanRatePerSecond(), 1e-12);
        GapStats stats = GapStats.of(ArrivalProcess.create(spec), 2_000_000, new Well19937c(5));
        assertWithin(spec.meanRatePerSecond(), 1 / stats.meanSeconds(), 0.02, "long-run rate");
        assertTrue(stats.cv() > 1.2, "gaps are burstier than Poisson's CV of 1, got " + stats.cv());
    }

    @Test
    void mmppWithASilentOffStateArrivesOnlyInBursts() {
        // Short sojourns give many on/off cycles (50,000 here): the count per cycle varies as
        // much as its mean, so the rate of a few thousand cycles would wander by about 2%.
        ArrivalSpec.Mmpp spec = new ArrivalSpec.Mmpp(100, 0, 0.2, 1.8);
        GapStats stats = GapStats.of(ArrivalProcess.create(spec), 1_000_000, new Well19937c(6));
        assertWithin(10, 1 / stats.meanSeconds(), 0.02, "long-run rate");
        assertTrue(stats.cv() > 2, "on/off gaps are very bursty, got CV " + stats.cv());
    }

    @Test
    void mmppRateHoldsOverLongSojournsToo() {
        ArrivalSpec.Mmpp spec = new ArrivalSpec.Mmpp(100, 0, 2, 18);
        GapStats stats = GapStats.of(ArrivalProcess.create(spec), 20_000_000, new Well19937c(9));
        assertWithin(10, 1 / stats.meanSeconds(), 0.02, "long-run rate");
    }

    @Test
    void mmppStartsInTheStationaryStateSoTheFirstSecondAlreadyHasTheLongRunRate() {
        ArrivalSpec.Mmpp spec = new ArrivalSpec.Mmpp(10, 0, 5, 15);
        RandomGenerator random = new Well19937c(7);
        long arrivals = 0;
        int replications = 100_000;
        for (int r = 0; r < replications; r++) {
            ArrivalProcess process = ArrivalProcess.create(spec);
            double now = 0;
            while ((now = process.nextArrivalTime(now, random)) < 1) {
                arrivals++;
            }
        }
        // A process that always started "on" would average nearly 10 arrivals in its first second.
        assertWithin(spec.meanRatePerSecond(), (double) arrivals / replications, 0.03, "arrivals in the first second");
    }

    @Test
    void randomProcessesLeaveLengthsToTheClassDistributions() {
        for (ArrivalSpec spec : new ArrivalSpec[] {new ArrivalSpec.Poisson(1), new ArrivalSpec.Gamma(1, 2),
                new ArrivalSpec.Diurnal(1, 0.5, 0, 86400), new ArrivalSpec.Mmpp(1, 0, 1, 1)}) {
            ArrivalProcess process = ArrivalProcess.create(spec);
            process.nextArrivalTime(0, new Well19937c(8));
            assertEquals(-1, process.promptTokensOfLast(), spec.process());
            assertEquals(-1, process.outputTokensOfLast(), spec.process());
        }
    }
}
