package io.dime.sim.verify;

import io.dime.sim.workload.Request;
import java.util.Map;

/**
 * A verification scheme ({@code verification.scheme}): when and how it checks a user request's
 * result, and at what cost in GPU time, latency and payment delay. One instance per replication,
 * built by {@link Schemes}; consequences go through {@link Checks}.
 */
interface Scheme {
    /**
     * A node returned a user request's result (whether it cheated is decided). Returns true when
     * the user must wait: the scheme calls {@link Verifier.Host#release} later.
     */
    boolean onResult(Request request, int node, double operatorUsd, Role role);

    /** A user request was sent to its first node (redundancy starts its replicas then). */
    default void onRouted(Request request, int node) {
    }

    /** Whether a colluder decides alone to cheat (under redundancy it cheats only with its group's majority). */
    default boolean colludersCheatAlone() {
        return true;
    }

    /** Metrics of the scheme's own, after the common ones. */
    default void metrics(Map<String, Double> m) {
    }

    /** Builds a scheme for one replication. */
    @FunctionalInterface
    interface Factory {
        Scheme create(Checks checks, io.dime.sim.scenario.Scenario scenario);
    }
}
