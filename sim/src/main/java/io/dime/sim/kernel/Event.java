package io.dime.sim.kernel;

/** Something that happens at a scheduled instant of simulated time. */
@FunctionalInterface
public interface Event {
    void fire();
}
