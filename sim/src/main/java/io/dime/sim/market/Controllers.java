package io.dime.sim.market;

import io.dime.sim.kernel.Registry;
import io.dime.sim.scenario.TokenSpec;
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
public final class Controllers {
    /** What a controller can measure, by the name {@code target} uses. */
    @FunctionalInterface
    public interface Target {
        double measure(double price, double utilization, int activeOperators);
    }

    /** A lever a controller moves, by the name {@code acts_on} uses: where it starts, and what a move sets. */
    public interface Actuator {
        double base(Controllers c);

        void apply(Controllers c, double base, double move);
    }

    private static final Registry<Target> TARGETS = Registry.<Target>of("controller target")
            .add("price", (price, utilization, active) -> price)
            .add("utilization", (price, utilization, active) -> utilization)
            .add("operators", (price, utilization, active) -> active)
            .build();

    private static final Registry<Actuator> ACTUATORS = Registry.<Actuator>of("actuator")
            .add("emission", actuator(c -> 1, (c, base, move) -> ((EmissionSchedule.Controlled) c.emission).setMultiplier(Math.max(0, 1 + move))))
            .add("burn", actuator(c -> c.burnShare, (c, base, move) -> c.burnShare = clamp(base + move, 0, 1)))
            .add("fee", actuator(c -> c.protocolFee, (c, base, move) -> c.protocolFee = clamp(base * (1 + move), 0, 0.9)))
            .add("price", actuator(c -> 1, (c, base, move) -> c.priceMultiplier = Math.max(0.01, 1 + move)))
            .build();

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

    /** The names a controller's {@code target} may take (TokenSpec.Controller.TARGETS must agree). */
    public static Registry<Target> targets() {
        return TARGETS;
    }

    /** The names a controller's {@code acts_on} may take (TokenSpec.Controller.ACTUATORS must agree). */
    public static Registry<Actuator> actuators() {
        return ACTUATORS;
    }

    private interface Setter {
        void set(Controllers c, double base, double move);
    }

    private static Actuator actuator(java.util.function.ToDoubleFunction<Controllers> base, Setter setter) {
        return new Actuator() {
            @Override
            public double base(Controllers c) {
                return base.applyAsDouble(c);
            }

            @Override
            public void apply(Controllers c, double baseValue, double move) {
                setter.set(c, baseValue, move);
            }
        };
    }

    double burnShare() {
        return burnShare;
    }

    double protocolFee() {
        return protocolFee;
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
        final Target target;
        final Actuator actuator;
        final double base;
        double lastError;

        ControlLoop(TokenSpec.Controller spec) {
            this.spec = spec;
            this.pid = new PidController(new PidSettings(spec.kp(), spec.ki(), spec.kd(), spec.leakPerHour(), spec.minOutput(), spec.maxOutput(),
                    spec.noiseBarrier(), spec.updateSeconds() / 3600, true));
            this.target = TARGETS.get(spec.target());
            this.actuator = ACTUATORS.get(spec.actsOn());
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

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }
}
