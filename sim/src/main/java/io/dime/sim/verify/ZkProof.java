package io.dime.sim.verify;

import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.VerificationSpec;
import io.dime.sim.workload.Request;

/**
 * {@code zkml}: the operator proves the inference on prover GPUs (proof_multiple x its GPU time,
 * at its own hourly price); a cheater cannot produce a valid proof. The user waits for the proof
 * only with {@code wait_for_proof}; the payment always does.
 */
final class ZkProof implements Scheme {
    private final Checks checks;
    private final VerificationSpec.Zkml settings;

    ZkProof(Checks checks, Scenario scenario) {
        this.settings = (VerificationSpec.Zkml) checks.spec.check();
        this.checks = checks;
    }

    @Override
    public boolean onResult(Request request, int node, double operatorUsd, Role role) {
        double proofMultiple = settings.proofMultiple();
        double proofSeconds = proofMultiple * Math.max(request.gpuSeconds(), 1e-6);
        double delay = proofSeconds + settings.verifySeconds();
        if (request.measured) {
            checks.tally.proofGpuSeconds += proofMultiple * request.gpuSeconds();
            checks.tally.shadowUsd += proofMultiple * request.gpuSeconds() * checks.host.costPerSecond(node);
            checks.tally.paymentDelaySum += delay;
            checks.tally.payments++;
        }
        double resultTime = checks.sim.now();
        boolean userWaits = settings.waitForProof();
        checks.sim.schedule(delay, () -> {
            if (request.cheated()) {
                checks.caught(request, node, operatorUsd, checks.sim.now() - resultTime);
            }
            if (userWaits) {
                if (request.measured) {
                    checks.tally.addedLatency.record(checks.sim.now() - resultTime);
                }
                checks.host.release(request);
            }
        });
        return userWaits;
    }
}
