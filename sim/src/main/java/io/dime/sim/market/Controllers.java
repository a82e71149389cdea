package io.dime.sim.market;

import io.dime.sim.scenario.TokenSpec;
import io.dime.sim.token.ControlLevers;
import io.dime.sim.token.EmissionSchedule;
import io.dime.sim.token.PidController;
import io.dime.sim.token.PidSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The economy's actuators (burn share, protocol fee, price multiplier, emission multiplier) and
 * the PID controllers that move them once an epoch (token.controllers).
 */
public final class Controllers implements ControlLevers.Levers {
    private final EmissionSchedule emission;
    private final List<ControlLoop> loops = new ArrayList<>();
    private double burnShare;
    private double protocolFee;
    private double priceMultiplier = 1;

    Controllers(TokenSpec spec, double protocolFee, EmissionSchedule emission) {
        this.emission = emission;
        this.burnShare = spec.burnShare();
        this.protocolFee = protocolFee;
        for (TokenSpec.Controller c : spec.controllers()) {
            loops.add(new ControlLoop(c));
        }
    }

    @Override
    public double burnShare() {
        return burnShare;
    }

    @Override
    public void setBurnShare(double share) {
        burnShare = share;
    }

    @Override
    public double protocolFee() {
        return protocolFee;
    }

    @Override
    public void setProtocolFee(double fee) {
        protocolFee = fee;
    }

    @Override
    public void setPriceMultiplier(double multiplier) {
        priceMultiplier = multiplier;
    }

    @Override
    public void setEmissionMultiplier(double multiplier) {
        ((EmissionSchedule.Controlled) emission).setMultiplier(multiplier);
    }

    /** What multiplies every posted or asked price (a controller acting on price). */
    double priceMultiplier() {
        return priceMultiplier;
    }

    double emissionMultiplier() {
        return emission instanceof EmissionSchedule.Controlled c ? c.multiplier() : 1;
    }

    /** Each controller sees this epoch's measures and moves its actuator, in the order given. */
    void update(double nowSeconds, double price, double utilization, int active) {
        for (ControlLoop loop : loops) {
            loop.update(nowSeconds, price, utilization, active);
        }
    }

    /** The timeseries columns error_X and output_X of each controller. */
    void appendColumns(StringBuilder row) {
        for (ControlLoop loop : loops) {
            row.append(String.format(Locale.ROOT, ",%.6f,%.6f", loop.lastError, loop.pid.output()));
        }
    }

    /** One PID controller and the actuator it moves. Time runs in hours, so gains are per hour. */
    private final class ControlLoop {
        final TokenSpec.Controller spec;
        final PidController pid;
        final ControlLevers.Target target;
        final ControlLevers.Actuator actuator;
        final double base;
        double lastError;

        ControlLoop(TokenSpec.Controller spec) {
            this.spec = spec;
            this.pid = new PidController(new PidSettings(spec.kp(), spec.ki(), spec.kd(), spec.leakPerHour(), spec.minOutput(), spec.maxOutput(),
                    spec.noiseBarrier(), spec.updateSeconds() / 3600, true));
            this.target = ControlLevers.targets().get(spec.target());
            this.actuator = ControlLevers.actuators().get(spec.actsOn());
            this.base = actuator.base(Controllers.this);
        }

        void update(double nowSeconds, double price, double utilization, int active) {
            double measured = target.measure(price, utilization, active);
            lastError = (spec.setpoint() - measured) / spec.setpoint();
            double output = pid.update(nowSeconds / 3600, lastError);
            double move = spec.direction() * output;
            actuator.apply(Controllers.this, base, move);
        }
    }
}
