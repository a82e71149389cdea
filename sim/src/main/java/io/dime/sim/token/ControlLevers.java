package io.dime.sim.token;

import io.dime.sim.kernel.Registry;

/**
 * What a token controller (token.controllers) can measure and what it can move, by the names its
 * {@code target} and {@code acts_on} take: the one list of those names, which the scenario reader
 * validates against, the economy's controllers run, and {@code dime list controllers} prints.
 * Adding a target or a lever: one {@code add} line here (a lever also needs its getter and setter
 * in {@link Levers}) and its row in scenarios/README.md.
 */
public final class ControlLevers {
    /** What a controller can measure. */
    @FunctionalInterface
    public interface Target {
        double measure(double price, double utilization, int activeOperators);
    }

    /** The economy's settings a controller can move. */
    public interface Levers {
        /** The emission schedule's multiplier: 1 unless a controller moved it. */
        void setEmissionMultiplier(double multiplier);

        double burnShare();

        void setBurnShare(double share);

        double protocolFee();

        void setProtocolFee(double fee);

        void setPriceMultiplier(double multiplier);
    }

    /** A lever a controller moves: where it starts, and what a move of the controller's output sets. */
    public interface Actuator {
        double base(Levers levers);

        void apply(Levers levers, double base, double move);
    }

    private static final Registry<Target> TARGETS = Registry.<Target>of("controller target")
            .add("price", (price, utilization, active) -> price)
            .add("utilization", (price, utilization, active) -> utilization)
            .add("operators", (price, utilization, active) -> active)
            .build();

    private static final Registry<Actuator> ACTUATORS = Registry.<Actuator>of("actuator")
            .add("emission", actuator(l -> 1, (l, base, move) -> l.setEmissionMultiplier(Math.max(0, 1 + move))))
            .add("burn", actuator(Levers::burnShare, (l, base, move) -> l.setBurnShare(clamp(base + move, 0, 1))))
            .add("fee", actuator(Levers::protocolFee, (l, base, move) -> l.setProtocolFee(clamp(base * (1 + move), 0, 0.9))))
            .add("price", actuator(l -> 1, (l, base, move) -> l.setPriceMultiplier(Math.max(0.01, 1 + move))))
            .build();

    private ControlLevers() {
    }

    public static Registry<Target> targets() {
        return TARGETS;
    }

    public static Registry<Actuator> actuators() {
        return ACTUATORS;
    }

    private interface Setter {
        void set(Levers levers, double base, double move);
    }

    private static Actuator actuator(java.util.function.ToDoubleFunction<Levers> base, Setter setter) {
        return new Actuator() {
            @Override
            public double base(Levers levers) {
                return base.applyAsDouble(levers);
            }

            @Override
            public void apply(Levers levers, double baseValue, double move) {
                setter.set(levers, baseValue, move);
            }
        };
    }

    private static double clamp(double value, double low, double high) {
        return Math.max(low, Math.min(high, value));
    }
}
