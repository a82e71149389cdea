package io.dime.sim.verify;

import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.VerificationSpec;
import io.dime.sim.workload.Request;
import java.util.List;

/**
 * {@code optimistic}: a result is paid after the challenge window; with probability {@code rate}
 * a challenger recomputes at some time within it, and a mismatch is settled by bisection over
 * {@code bisection_rounds} rounds.
 */
final class Optimistic implements Scheme {
    private final Checks checks;
    private final VerificationSpec.Optimistic settings;

    Optimistic(Checks checks, Scenario scenario) {
        this.settings = (VerificationSpec.Optimistic) checks.spec.check();
        this.checks = checks;
    }

    @Override
    public boolean onResult(Request request, int node, double operatorUsd, Role role) {
        if (request.measured) {
            checks.tally.paymentDelaySum += settings.challengeWindowSeconds();
            checks.tally.payments++;
        }
        if (checks.random.nextDouble() >= settings.rate()) {
            checks.countUndetected(request);
            return false;
        }
        double resultTime = checks.sim.now();
        // The challenger checks at some time within the window.
        double checkAt = checks.random.nextDouble() * settings.challengeWindowSeconds();
        checks.sim.schedule(checkAt, () -> checks.host.submitShadow(node, List.of(), request.promptTokens, request.outputTokens, check -> {
            checks.accountShadow(check, request.measured);
            boolean covers = check.node() >= 0 && checks.colludeTogether(node, check.node());
            if (!Double.isNaN(check.endTime()) && request.cheated() && !covers) {
                // Bisection narrows the dispute to one step over about log2(steps) rounds.
                double bisection = settings.bisectionRounds() * settings.roundSeconds();
                checks.sim.schedule(bisection, () -> checks.caught(request, node, operatorUsd, checks.sim.now() - resultTime));
            } else {
                checks.countUndetected(request);
            }
        }));
        return false;
    }
}
