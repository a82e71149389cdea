package io.dime.sim.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PidControllerTest {

    @Test
    void aPureProportionalControllerOutputsGainTimesError() {
        PidController controller = new PidController(PidSettings.of(2, 0, 0));
        assertEquals(0.6, controller.update(0, 0.3), 1e-15);
        assertEquals(-0.2, controller.update(10, -0.1), 1e-15);
        assertEquals(-0.2, controller.output(), 1e-15);
        assertEquals(-0.1, controller.lastError());
        assertEquals(2, controller.updates());
    }

    @Test
    void theFirstUpdateIntegratesNothing() {
        PidController controller = new PidController(PidSettings.of(0, 1, 0));
        assertEquals(0, controller.update(100, 0.5));
        assertEquals(0, controller.integral());
    }

    @Test
    void withZeroErrorTheLeakyIntegralDecaysByLeakToThePowerDt() {
        double leak = 0.99;
        PidController controller = new PidController(PidSettings.of(0, 1, 0).withLeakPerSecond(leak));
        controller.update(0, 1);
        controller.update(10, 1);
        assertEquals(10, controller.integral(), 1e-12);
        controller.update(20, 0);
        double held = controller.integral();
        assertEquals(10 * Math.pow(leak, 10) + 0.5 * 10, held, 1e-12);
        controller.update(120, 0);
        assertEquals(held * Math.pow(leak, 100), controller.integral(), 1e-12 * held);
        assertEquals(controller.integral(), controller.output(), 1e-15);
        controller.update(120 + 3600, 0);
        assertEquals(held * Math.pow(leak, 3700), controller.integral(), 1e-12 * held);
    }

    @Test
    void theTrapezoidIntegralOfAConstantErrorIsErrorTimesElapsedTime() {
        PidController controller = new PidController(PidSettings.of(0.5, 0.01, 0));
        double error = 0.25;
        double[] times = {5, 6.5, 10, 17.25, 100, 101, 400, 3_605};
        for (double t : times) {
            controller.update(t, error);
        }
        double elapsed = times[times.length - 1] - times[0];
        assertEquals(error * elapsed, controller.integral(), 1e-12 * error * elapsed);
        assertEquals(0.5 * error + 0.01 * error * elapsed, controller.output(), 1e-12);
        assertEquals(times.length, controller.updates());
    }

    @Test
    void theTrapezoidIntegralOfALinearRampIsExact() {
        PidController controller = new PidController(PidSettings.of(0, 1, 0));
        double slope = 0.003;
        double[] times = {0, 1, 4, 9, 16, 50, 51, 200};
        for (double t : times) {
            controller.update(t, slope * t);
        }
        assertEquals(slope * 200 * 200 / 2, controller.integral(), 1e-12);
    }

    @Test
    void theDerivativeTermIsTheErrorSlopeSinceTheLastUpdate() {
        PidController controller = new PidController(PidSettings.of(0, 0, 4));
        assertEquals(0, controller.update(0, 0));
        assertEquals(4 * 0.5, controller.update(2, 1), 1e-15);
        assertEquals(0, controller.update(12, 1), 1e-15);
    }

    @Test
    void errorsInsideTheNoiseBarrierAreSkippedEntirely() {
        PidController controller = new PidController(PidSettings.of(1, 0.1, 0).withNoiseBarrier(0.01));
        controller.update(0, 0.5);
        controller.update(10, 0.5);
        double output = controller.output();
        double integral = controller.integral();
        assertEquals(output, controller.update(20, 0.005));
        assertEquals(output, controller.update(30, -0.0099));
        assertEquals(integral, controller.integral());
        assertEquals(0.5, controller.lastError());
        assertEquals(2, controller.updates());
        assertEquals(10, controller.lastUpdateSeconds());
        // The next accepted update integrates from the last accepted one, across the skipped calls.
        controller.update(40, 0.5);
        assertEquals(0.5 * 40, controller.integral(), 1e-12);
    }

    @Test
    void callsWithinTheUpdatePeriodAreIgnored() {
        double fourHours = 4 * 3600;
        PidController controller = new PidController(PidSettings.of(1, 0, 0).withUpdatePeriodSeconds(fourHours));
        assertEquals(0.2, controller.update(0, 0.2), 1e-15);
        assertEquals(0.2, controller.update(3_600, 0.9), 1e-15);
        assertEquals(0.2, controller.update(fourHours - 1, 0.9), 1e-15);
        assertEquals(1, controller.updates());
        assertEquals(0.9, controller.update(fourHours, 0.9), 1e-15);
        assertEquals(2, controller.updates());
        assertEquals(0.9, controller.update(fourHours + 60, -0.5), 1e-15);
    }

    @Test
    void theOutputIsClampedAndTheIntegralStopsGrowingWhileSaturated() {
        PidSettings settings = PidSettings.of(1, 0.1, 0).withOutputClamp(-1, 1);
        PidController controller = new PidController(settings);
        controller.update(0, 0.5);
        controller.update(10, 0.5);
        assertEquals(1, controller.output(), "0.5 + 0.1·5 reaches the upper clamp");
        double integralAtSaturation = controller.integral();
        for (int t = 20; t <= 1_000; t += 10) {
            assertEquals(1, controller.update(t, 0.5));
        }
        assertEquals(integralAtSaturation, controller.integral(), 1e-12);

        PidController windingUp = new PidController(settings.withAntiWindup(false));
        for (int t = 0; t <= 1_000; t += 10) {
            windingUp.update(t, 0.5);
        }
        assertEquals(1, windingUp.output());
        assertEquals(0.5 * 1_000, windingUp.integral(), 1e-9);
    }

    @Test
    void withAntiWindupTheOutputLeavesTheClampSoonAfterTheErrorFlips() {
        PidSettings settings = PidSettings.of(1, 0.1, 0).withOutputClamp(-1, 1);
        double withAntiWindup = secondsToLeaveUpperClampAfterFlip(new PidController(settings));
        double withoutAntiWindup = secondsToLeaveUpperClampAfterFlip(new PidController(settings.withAntiWindup(false)));
        assertTrue(withAntiWindup <= 20, "anti-windup left the clamp after " + withAntiWindup + " s");
        assertTrue(withoutAntiWindup > 10 * withAntiWindup,
                "without anti-windup " + withoutAntiWindup + " s, with " + withAntiWindup + " s");
    }

    /** Saturates high for 2,000 s with error +1, flips the error to −0.5, returns the time to drop below 1. */
    private static double secondsToLeaveUpperClampAfterFlip(PidController controller) {
        int t = 0;
        for (; t <= 2_000; t += 10) {
            controller.update(t, 1);
        }
        int flippedAt = t;
        for (; t <= 100_000; t += 10) {
            if (controller.update(t, -0.5) < 1) {
                return t - flippedAt;
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    @Test
    void inClosedLoopItDrivesAFirstOrderPlantToTheSetpoint() {
        // Plant x' = u − 0.1: without control x drifts down, so holding the setpoint needs u = 0.1,
        // which only the integral can supply once the error is gone.
        double setpoint = 2;
        PidController controller = new PidController(
                PidSettings.of(0.5, 0.05, 0).withOutputClamp(0, 1).withUpdatePeriodSeconds(1));
        double x = 0;
        double u = 0;
        double stepSeconds = 0.01;
        double lastOutsideBand = 0;
        for (int step = 0; step <= 40_000; step++) {
            // Division, not step·0.01, so whole seconds come out exact and every 100th call is accepted.
            double t = step / 100.0;
            u = controller.update(t, (setpoint - x) / setpoint);
            x += (u - 0.1) * stepSeconds;
            if (Math.abs(x - setpoint) > 0.02 * setpoint) {
                lastOutsideBand = t;
            }
        }
        assertTrue(lastOutsideBand < 120, "still outside the 2% band at " + lastOutsideBand + " s");
        assertEquals(setpoint, x, 0.002 * setpoint);
        assertEquals(0.1, u, 0.002, "at rest the integral supplies the plant's drain");
        assertEquals(401, controller.updates(), "one accepted update per second");
    }

    @Test
    void timeMayNotGoBackwardsAndSettingsAreValidated() {
        PidController controller = new PidController(PidSettings.of(1, 0, 0));
        controller.update(10, 0);
        assertThrows(IllegalArgumentException.class, () -> controller.update(9, 0));
        assertThrows(IllegalArgumentException.class, () -> controller.update(11, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> PidSettings.of(1, 0, 0).withLeakPerSecond(1.01));
        assertThrows(IllegalArgumentException.class, () -> PidSettings.of(1, 0, 0).withOutputClamp(1, -1));
        assertThrows(IllegalArgumentException.class, () -> PidSettings.of(1, 0, 0).withNoiseBarrier(-0.1));
        assertThrows(IllegalArgumentException.class, () -> PidSettings.of(Double.NaN, 0, 0));
    }
}
