package io.dime.sim.verify;

import io.dime.sim.scenario.VerificationSpec;
import java.util.Map;

/**
 * The behaviour of each verification scheme, by the settings record the scenario reader made for
 * it ({@code VerificationSpec.Check}: one record per scheme, whose name the reader binds, and
 * which {@code dime list schemes} and validation read; this class lists no names). Adding one: a
 * class implementing {@link Scheme}, one line here, its settings record and reader line in the
 * scenario package, and its row in scenarios/README.md (see this package's package-info).
 * {@code SchemesTest} checks that every settings record has its behaviour.
 */
public final class Schemes {
    private static final Map<Class<? extends VerificationSpec.Check>, Scheme.Factory> BEHAVIOUR = Map.of(
            VerificationSpec.None.class, NoVerification::new,
            VerificationSpec.Redundancy.class, Redundancy::new,
            VerificationSpec.SpotCheck.class, SpotCheck::new,
            VerificationSpec.Optimistic.class, Optimistic::new,
            VerificationSpec.Zkml.class, ZkProof::new,
            VerificationSpec.Tee.class, Tee::new,
            VerificationSpec.ActivationCommitment.class, ActivationCommitment::new,
            VerificationSpec.Toploc.class, Toploc::new);

    private Schemes() {
    }

    /** Whether the scheme of this settings record has a behaviour (for tests). */
    static boolean has(Class<?> settings) {
        return BEHAVIOUR.containsKey(settings);
    }

    static Scheme create(VerificationSpec.Check settings, Checks checks, io.dime.sim.scenario.Scenario scenario) {
        return BEHAVIOUR.get(settings.getClass()).create(checks, scenario);
    }
}
