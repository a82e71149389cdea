package io.dime.sim.verify;

import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.VerificationSpec;
import io.dime.sim.workload.Request;
import java.util.List;

/** {@code spot-check}, proof of sampling: with probability {@code rate} a validator recomputes; a mismatch goes to arbitration. */
final class SpotCheck implements Scheme {
    /** A recomputation sees every lie (still drawn, as one draw per caught candidate, like the schemes whose detection is below 1). */
    private static final double DETECTION = 1.0;

    private final Checks checks;
    private final VerificationSpec.SpotCheck settings;

    SpotCheck(Checks checks, Scenario scenario) {
        this.settings = (VerificationSpec.SpotCheck) checks.spec.check();
        this.checks = checks;
    }

    @Override
    public boolean onResult(Request request, int node, double operatorUsd, Role role) {
        if (checks.random.nextDouble() >= settings.rate()) {
            checks.countUndetected(request);
            return false;
        }
        double resultTime = checks.sim.now();
        checks.host.submitShadow(node, List.of(), request.promptTokens, request.outputTokens, check -> {
            checks.accountShadow(check, request.measured);
            if (Double.isNaN(check.endTime())) {
                checks.countUndetected(request); // the check was lost: nobody looks again
                return;
            }
            boolean validatorCovers = check.node() >= 0 && checks.colludeTogether(node, check.node());
            if (request.cheated() && !validatorCovers && checks.random.nextDouble() < DETECTION) {
                // Arbitration recomputes once more to settle the mismatch.
                checks.host.submitShadow(node, List.of(check.node()), request.promptTokens, request.outputTokens,
                        arbiter -> checks.accountShadow(arbiter, request.measured));
                checks.caught(request, node, operatorUsd, checks.sim.now() - resultTime);
            } else {
                checks.countUndetected(request);
            }
        });
        return false;
    }
}
