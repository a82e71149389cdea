package io.dime.sim.verify;

import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.VerificationSpec;
import io.dime.sim.workload.Request;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code redundancy}, k-of-n: the primary and {@code replicas - 1} replicas on other nodes each
 * return a result, and the most common one wins when a majority agrees ({@link Vote}). The user
 * waits for the vote.
 */
final class Redundancy implements Scheme {
    private final Checks checks;
    private final VerificationSpec.Redundancy settings;

    Redundancy(Checks checks, Scenario scenario) {
        this.settings = (VerificationSpec.Redundancy) checks.spec.check();
        this.checks = checks;
    }

    @Override
    public void onRouted(Request request, int node) {
        Vote vote = new Vote(checks, settings, request, node);
        request.attachVerification(vote);
        List<Integer> used = new ArrayList<>(List.of(node));
        for (int i = 1; i < settings.replicas(); i++) {
            Request replica = checks.host.submitShadow(node, used, request.promptTokens, request.outputTokens, vote::replicaDone);
            if (replica != null && replica.node() >= 0) {
                used.add(replica.node());
            }
            vote.pending++;
        }
    }

    @Override
    public boolean onResult(Request request, int node, double operatorUsd, Role role) {
        return ((Vote) request.verification()).primaryDone(node, operatorUsd);
    }

    /** Colluders cheat under redundancy only when their group holds the majority of a vote. */
    @Override
    public boolean colludersCheatAlone() {
        return false;
    }
}
