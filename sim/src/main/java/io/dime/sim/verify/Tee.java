package io.dime.sim.verify;

import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.VerificationSpec;
import io.dime.sim.workload.Request;

/**
 * {@code tee}: results are attested by a trusted execution environment. A non-compromised
 * enclave cannot return a forged result, so a cheat there is caught at once; each node's enclave
 * is compromised with {@code compromise_probability}, drawn once. Every step runs slower by
 * {@code tee_overhead} ({@link Verifier#serviceMultiplier}).
 */
final class Tee implements Scheme {
    private final Checks checks;
    private final VerificationSpec.Tee settings;
    private final boolean[] compromised;

    Tee(Checks checks, Scenario scenario) {
        this.settings = (VerificationSpec.Tee) checks.spec.check();
        this.checks = checks;
        this.compromised = new boolean[checks.host.nodeCount()];
        for (int node = 0; node < compromised.length; node++) {
            compromised[node] = checks.random.nextDouble() < settings.compromiseProbability();
        }
    }

    @Override
    public boolean onResult(Request request, int node, double operatorUsd, Role role) {
        if (request.cheated() && !compromised[node]) {
            checks.caught(request, node, operatorUsd, 0); // attestation: a non-compromised enclave cannot return a forged result
        } else {
            checks.countUndetected(request);
        }
        return false;
    }
}
