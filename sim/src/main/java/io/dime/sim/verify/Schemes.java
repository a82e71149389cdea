package io.dime.sim.verify;

import io.dime.sim.kernel.Registry;

/**
 * The registry of verification schemes, by the name {@code verification.scheme} uses, in the
 * order the docs list them. Adding one: a class implementing {@link Scheme}, one {@code add}
 * line here, its settings record in the scenario package ({@code VerificationSpec}, bound by name
 * in {@code VerificationReader}; {@code SchemesTest} checks the names agree), and its row in
 * scenarios/README.md (see this package's package-info).
 */
public final class Schemes {
    private static final Registry<Scheme.Factory> REGISTRY = Registry.<Scheme.Factory>of("verification scheme")
            .add("none", NoVerification::new)
            .add("redundancy", Redundancy::new)
            .add("spot-check", SpotCheck::new)
            .add("optimistic", Optimistic::new)
            .add("zkml", ZkProof::new)
            .add("tee", Tee::new)
            .add("activation-commitment", ActivationCommitment::new)
            .add("toploc", Toploc::new)
            .build();

    private Schemes() {
    }

    public static Registry<?> registry() {
        return REGISTRY;
    }

    static Scheme create(String name, Checks checks, io.dime.sim.scenario.Scenario scenario) {
        return REGISTRY.get(name).create(checks, scenario);
    }
}
