package io.dime.sim.verify;

import io.dime.sim.kernel.Registry;

/**
 * The registry of adversary strategies, by the name {@code adversaries[].strategy} uses, in the
 * order the docs list them. Adding one: a {@link Strategy} line here, its name in
 * {@code VerificationSpec.Adversary.STRATEGIES} (which the scenario reader validates against;
 * {@code StrategiesTest} checks the two agree), and its row in scenarios/README.md.
 */
public final class Strategies {
    private static final Registry<Strategy> REGISTRY = Registry.<Strategy>of("adversary strategy")
            .add("lazy", new Strategy("lazy", false, false, false))
            .add("substitution", new Strategy("substitution", false, false, false))
            .add("truncation", new Strategy("truncation", false, false, false))
            .add("precision", new Strategy("precision", false, false, false))
            .add("colluding", new Strategy("colluding", true, false, false))
            .add("sybil", new Strategy("sybil", true, true, false))
            .add("rational", new Strategy("rational", false, false, true))
            .build();

    private Strategies() {
    }

    public static Registry<?> registry() {
        return REGISTRY;
    }

    static Strategy of(String name) {
        return REGISTRY.get(name);
    }
}
