package io.dime.sim.token;

/**
 * Gains and limits of a {@link PidController}. {@link #of} gives a plain PID (no leak, no clamp,
 * no barrier, no period, anti-windup on); the {@code with...} methods change one setting each.
 *
 * @param kp proportional gain, output per unit of error
 * @param ki integral gain, output per unit of error·second
 * @param kd derivative gain, output per unit of error/second
 * @param leakPerSecond factor the integral keeps per second, in (0, 1]; the test fixtures of RAI's
 *     PIRawPerSecondCalculator use 0.999997208 (1% lost per hour); 1 means no leak
 * @param outputMin lower clamp of the output
 * @param outputMax upper clamp of the output
 * @param noiseBarrier errors with |error| below this are ignored entirely (error is relative)
 * @param updatePeriodSeconds minimum time between accepted updates; RAI's mainnet used 4 h
 * @param antiWindup conditional integration: no new area is integrated while the output is
 *     clamped and the new area would push it further past the clamp
 */
public record PidSettings(
        double kp,
        double ki,
        double kd,
        double leakPerSecond,
        double outputMin,
        double outputMax,
        double noiseBarrier,
        double updatePeriodSeconds,
        boolean antiWindup) {

    public PidSettings {
        requireFinite(kp, "kp");
        requireFinite(ki, "ki");
        requireFinite(kd, "kd");
        if (!(leakPerSecond > 0 && leakPerSecond <= 1)) {
            throw new IllegalArgumentException("leakPerSecond must lie in (0, 1], got " + leakPerSecond);
        }
        if (Double.isNaN(outputMin) || Double.isNaN(outputMax) || outputMin > outputMax) {
            throw new IllegalArgumentException("output clamp [" + outputMin + ", " + outputMax + "] is empty");
        }
        if (!(noiseBarrier >= 0)) {
            throw new IllegalArgumentException("noiseBarrier must be >= 0, got " + noiseBarrier);
        }
        if (!(updatePeriodSeconds >= 0) || updatePeriodSeconds == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("updatePeriodSeconds must be finite and >= 0, got " + updatePeriodSeconds);
        }
    }

    public static PidSettings of(double kp, double ki, double kd) {
        return new PidSettings(kp, ki, kd, 1, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0, 0, true);
    }

    public PidSettings withLeakPerSecond(double leak) {
        return new PidSettings(kp, ki, kd, leak, outputMin, outputMax, noiseBarrier, updatePeriodSeconds, antiWindup);
    }

    public PidSettings withOutputClamp(double min, double max) {
        return new PidSettings(kp, ki, kd, leakPerSecond, min, max, noiseBarrier, updatePeriodSeconds, antiWindup);
    }

    public PidSettings withNoiseBarrier(double barrier) {
        return new PidSettings(kp, ki, kd, leakPerSecond, outputMin, outputMax, barrier, updatePeriodSeconds, antiWindup);
    }

    public PidSettings withUpdatePeriodSeconds(double period) {
        return new PidSettings(kp, ki, kd, leakPerSecond, outputMin, outputMax, noiseBarrier, period, antiWindup);
    }

    public PidSettings withAntiWindup(boolean on) {
        return new PidSettings(kp, ki, kd, leakPerSecond, outputMin, outputMax, noiseBarrier, updatePeriodSeconds, on);
    }

    private static void requireFinite(double value, String name) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite, got " + value);
        }
    }
}
