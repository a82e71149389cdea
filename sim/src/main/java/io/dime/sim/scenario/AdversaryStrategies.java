package io.dime.sim.scenario;

import io.dime.sim.kernel.Registry;

/**
 * The registry of adversary strategies, by the name {@code adversaries[].strategy} uses, in the
 * order the docs list them: the one list of their names, which the scenario reader validates
 * against, the verifier takes each strategy's traits from, and {@code dime list adversaries}
 * prints. Adding one: an {@link AdversaryStrategy} line here and its row in scenarios/README.md
 * (and, if it behaves differently from the traits here, the verifier's handling of it).
 */
public final class AdversaryStrategies {
    private static final Registry<AdversaryStrategy> REGISTRY = Registry.<AdversaryStrategy>of("adversary strategy")
            .add("lazy", new AdversaryStrategy("lazy", false, false, false))
            .add("substitution", new AdversaryStrategy("substitution", false, false, false))
            .add("truncation", new AdversaryStrategy("truncation", false, false, false))
            .add("precision", new AdversaryStrategy("precision", false, false, false))
            .add("colluding", new AdversaryStrategy("colluding", true, false, false))
            .add("sybil", new AdversaryStrategy("sybil", true, true, false))
            .add("rational", new AdversaryStrategy("rational", false, false, true))
            .build();

    private AdversaryStrategies() {
    }

    public static Registry<AdversaryStrategy> registry() {
        return REGISTRY;
    }

    /** The strategies' names, in the docs' order. */
    public static java.util.List<String> names() {
        return REGISTRY.names();
    }

    public static AdversaryStrategy of(String name) {
        return REGISTRY.get(name);
    }
}
