package io.dime.sim.token;

import org.apache.commons.math3.util.FastMath;

/**
 * A PID controller in the manner of RAI's redemption-rate controller (reflexer-labs
 * geb-rrfm-calculators, {@code PIRawPerSecondCalculator.sol}): the integral is a leaky trapezoid
 * over irregular update times, {@code I_t = leak^dt · I_{t−1} + (e_t + e_{t−1})/2 · dt}, the
 * output is {@code kp·e + ki·I + kd·(e_t − e_{t−1})/dt}, clamped, and updates closer together
 * than the update period are refused. The first accepted update has dt = 0, as in RAI, so it
 * integrates nothing. The caller supplies the error, normalised as it likes, e.g.
 * {@code (setpoint − measured) / setpoint}.
 *
 * <p>Two departures from RAI, both on purpose. RAI's noise barrier compares the output with the
 * redemption price and returns "no change" while still recording the deviation; here the barrier
 * is on the (relative) error and a small error is ignored entirely, so the output holds its last
 * value. And RAI has no derivative term and no anti-windup; here conditional integration (Åström
 * and Murray, "Feedback Systems", PID chapter, "Integrator windup") stops the integral from
 * growing while the output sits at a clamp, so it leaves the clamp soon after the error turns.
 */
public final class PidController {
    private final PidSettings settings;
    private double output;
    private double integral;
    private double lastError;
    private double lastUpdateSeconds = Double.NaN;
    private long updates;

    public PidController(PidSettings settings) {
        this.settings = settings;
        this.output = clamp(0);
    }

    /**
     * Feeds the error observed at {@code timeSeconds} and returns the clamped output. A call
     * within the update period of the last accepted update, or with |error| below the noise
     * barrier, changes nothing and returns the current output.
     */
    public double update(double timeSeconds, double error) {
        if (!Double.isFinite(timeSeconds) || !Double.isFinite(error)) {
            throw new IllegalArgumentException("time and error must be finite, got " + timeSeconds + ", " + error);
        }
        boolean first = updates == 0;
        if (!first && timeSeconds < lastUpdateSeconds) {
            throw new IllegalArgumentException("time went backwards: " + timeSeconds + " s after " + lastUpdateSeconds + " s");
        }
        if (!first && timeSeconds - lastUpdateSeconds < settings.updatePeriodSeconds()) {
            return output;
        }
        if (Math.abs(error) < settings.noiseBarrier()) {
            return output;
        }
        double dt = first ? 0 : timeSeconds - lastUpdateSeconds;
        double previousError = first ? error : lastError;
        double leakedIntegral = integral * FastMath.pow(settings.leakPerSecond(), dt); // FastMath: the same bits on every machine
        double newArea = (error + previousError) / 2 * dt;
        double derivative = dt > 0 ? (error - previousError) / dt : 0;

        double candidateIntegral = leakedIntegral + newArea;
        double unclamped = rawOutput(error, candidateIntegral, derivative);
        if (settings.antiWindup() && pushesFurtherPastClamp(unclamped, settings.ki() * newArea)) {
            candidateIntegral = leakedIntegral;
            unclamped = rawOutput(error, candidateIntegral, derivative);
        }
        integral = candidateIntegral;
        output = clamp(unclamped);
        lastError = error;
        lastUpdateSeconds = timeSeconds;
        updates++;
        return output;
    }

    public PidSettings settings() {
        return settings;
    }

    /** The clamped output of the last accepted update (the clamped zero before any). */
    public double output() {
        return output;
    }

    public double integral() {
        return integral;
    }

    public double lastError() {
        return lastError;
    }

    /** Time of the last accepted update, NaN before the first. */
    public double lastUpdateSeconds() {
        return lastUpdateSeconds;
    }

    /** Number of accepted updates. */
    public long updates() {
        return updates;
    }

    private double rawOutput(double error, double integralValue, double derivative) {
        return settings.kp() * error + settings.ki() * integralValue + settings.kd() * derivative;
    }

    private boolean pushesFurtherPastClamp(double unclamped, double integralContribution) {
        return (unclamped > settings.outputMax() && integralContribution > 0)
                || (unclamped < settings.outputMin() && integralContribution < 0);
    }

    private double clamp(double value) {
        return Math.max(settings.outputMin(), Math.min(settings.outputMax(), value));
    }
}
