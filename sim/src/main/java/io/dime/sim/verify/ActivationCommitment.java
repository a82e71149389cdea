package io.dime.sim.verify;

import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.VerificationSpec;
import io.dime.sim.workload.Request;
import java.util.List;

/** {@code activation-commitment}, TOPLOC-like: with probability {@code rate} the commitments are checked by a prefill of prompt and output on another node. */
final class ActivationCommitment implements Scheme {
    private final Checks checks;
    private final VerificationSpec.ActivationCommitment settings;

    ActivationCommitment(Checks checks, Scenario scenario) {
        this.settings = (VerificationSpec.ActivationCommitment) checks.spec.check();
        this.checks = checks;
    }

    @Override
    public boolean onResult(Request request, int node, double operatorUsd, Role role) {
        double detection = checks.detection(role);
        if (checks.random.nextDouble() >= settings.rate()) {
            checks.countUndetected(request);
            return false;
        }
        double resultTime = checks.sim.now();
        checks.host.submitShadow(node, List.of(), request.promptTokens + request.outputTokens, 1, check -> {
            checks.accountShadow(check, request.measured);
            boolean covers = check.node() >= 0 && checks.colludeTogether(node, check.node());
            if (!Double.isNaN(check.endTime()) && request.cheated() && !covers && checks.random.nextDouble() < detection) {
                checks.caught(request, node, operatorUsd, checks.sim.now() - resultTime);
            } else {
                checks.countUndetected(request);
            }
        });
        return false;
    }
}
