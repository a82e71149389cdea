package io.dime.sim.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EmissionScheduleTest {

    @Test
    void aConstantScheduleEmitsRateTimesDuration() {
        EmissionSchedule schedule = new EmissionSchedule.Constant(2.5);
        assertEquals(25, schedule.tokensBetween(10, 20));
        assertEquals(0, schedule.tokensBetween(7, 7));
        assertEquals(2.5, schedule.tokensPerSecondAt(1e9));
    }

    @Test
    void halvingOverThreeWholePeriodsEmitsRateTimesPeriodTimesOneAndThreeQuarters() {
        double rate = 8;
        double period = 3_600;
        EmissionSchedule schedule = new EmissionSchedule.Halving(rate, period);
        assertEquals(rate * period * (1 + 0.5 + 0.25), schedule.tokensBetween(0, 3 * period));
        assertEquals(rate * period * (0.5 + 0.25 + 0.125), schedule.tokensBetween(period, 4 * period));
        assertEquals(rate, schedule.tokensPerSecondAt(0));
        assertEquals(rate / 2, schedule.tokensPerSecondAt(period));
        assertEquals(rate / 4, schedule.tokensPerSecondAt(2.5 * period));
    }

    @Test
    void halvingIntegratesExactlyAcrossArbitraryBoundaries() {
        double rate = 3.7;
        double period = 1_000;
        EmissionSchedule schedule = new EmissionSchedule.Halving(rate, period);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 2_000; i++) {
            double a = 10_000 * random.nextDouble();
            double b = a + 5_000 * random.nextDouble();
            double c = b + 5_000 * random.nextDouble();
            double whole = schedule.tokensBetween(a, c);
            assertEquals(piecewiseReference(rate, period, a, c), whole, 1e-12 * rate * period);
            assertEquals(whole, schedule.tokensBetween(a, b) + schedule.tokensBetween(b, c), 1e-12 * rate * period);
        }
    }

    @Test
    void halvingNeverEmitsMoreThanTwiceTheFirstPeriod() {
        EmissionSchedule schedule = new EmissionSchedule.Halving(1, 10);
        assertEquals(20, schedule.tokensBetween(0, 10 * 2_000), 1e-12);
        assertEquals(0, schedule.tokensBetween(1e6, 1e6 + 100), 1e-300);
    }

    @Test
    void aControlledScheduleScalesItsBaseRateByTheMultiplierAndNeverGoesNegative() {
        EmissionSchedule.Controlled schedule = new EmissionSchedule.Controlled(10);
        assertEquals(100, schedule.tokensBetween(0, 10));
        schedule.setMultiplier(0.25);
        assertEquals(25, schedule.tokensBetween(10, 20));
        assertEquals(2.5, schedule.tokensPerSecondAt(15));
        schedule.setMultiplier(-3);
        assertEquals(0, schedule.multiplier());
        assertEquals(0, schedule.tokensBetween(20, 30));
        assertThrows(IllegalArgumentException.class, () -> schedule.setMultiplier(Double.NaN));
    }

    @Test
    void intervalsMustRunForwardFromTimeZero() {
        EmissionSchedule schedule = new EmissionSchedule.Halving(1, 10);
        assertThrows(IllegalArgumentException.class, () -> schedule.tokensBetween(5, 4));
        assertThrows(IllegalArgumentException.class, () -> schedule.tokensBetween(-1, 4));
        assertThrows(IllegalArgumentException.class, () -> new EmissionSchedule.Halving(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new EmissionSchedule.Constant(-1));
    }

    /** Sums rate × overlap period by period, independently of the schedule's closed form. */
    private static double piecewiseReference(double rate, double period, double from, double to) {
        double total = 0;
        for (int n = 0; n * period < to; n++) {
            double overlap = Math.min(to, (n + 1) * period) - Math.max(from, n * period);
            if (overlap > 0) {
                total += rate * Math.pow(0.5, n) * overlap;
            }
        }
        return total;
    }

    @Test
    void aDecayingRateFallsByItsShareEachPeriodAndIntegratesExactly() {
        double month = 30 * 86400.0;
        EmissionSchedule.Decay io = new EmissionSchedule.Decay(109_589 / 86400.0, 0.0102, month);
        assertEquals(109_589 / 86400.0 * (1 - 0.0102), io.tokensPerSecondAt(month), 1e-12, "1.02% less after a month");
        assertEquals(109_589 / 86400.0 * Math.pow(1 - 0.0102, 12), io.tokensPerSecondAt(12 * month), 1e-12, "compounded over a year");
        // The integral equals the sum of its pieces, hour by hour over a year.
        double pieces = 0;
        for (int h = 0; h < 360 * 24; h++) {
            pieces += io.tokensBetween(h * 3600.0, (h + 1) * 3600.0);
        }
        assertEquals(io.tokensBetween(0, 360 * 86400.0), pieces, 1e-9 * pieces);
        // Below a constant rate over any span, above the rate at the span's end.
        double year = io.tokensBetween(0, 12 * month);
        assertEquals(true, year < 109_589 * 360 && year > io.tokensPerSecondAt(12 * month) * 12 * month);
        assertEquals(7200.0, new EmissionSchedule.Decay(1, 0, month).tokensBetween(0, 7200), 1e-9, "no decline: constant");
        assertThrows(IllegalArgumentException.class, () -> new EmissionSchedule.Decay(1, 1.0, month));
    }
}
