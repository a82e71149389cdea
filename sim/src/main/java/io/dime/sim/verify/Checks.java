package io.dime.sim.verify;

import io.dime.sim.kernel.Simulation;
import io.dime.sim.scenario.VerificationSpec;
import io.dime.sim.workload.Request;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * What every scheme shares: the world it checks in, the verifier's random stream, who is an
 * adversary, and the consequences of a check (caught, punished, ejected, or undetected), with
 * their counts. Schemes decide when and how to check; this class decides what follows.
 */
final class Checks {
    /** Share of an epoch's results caught that marks a cheater rather than an unlucky honest node. */
    private static final double EJECT_RATE = 0.05;

    final Verifier.Host host;
    final Simulation sim;
    final RandomGenerator random;
    final VerificationSpec spec;
    final Role[] roles;
    final Tally tally = new Tally();
    /** Per node this epoch: results caught, and checks taken part in (ejection needs a record, not bad luck). */
    final int[] catches;
    final int[] participations;
    final double[] nodeSaved;
    final double[] nodePenalty;

    Checks(Verifier.Host host, RandomGenerator random, VerificationSpec spec, Role[] roles) {
        this.host = host;
        this.sim = host.sim();
        this.random = random;
        this.spec = spec;
        this.roles = roles;
        int n = host.nodeCount();
        this.catches = new int[n];
        this.participations = new int[n];
        this.nodeSaved = new double[n];
        this.nodePenalty = new double[n];
    }

    /** The probability a check sees a lie of this role's strategy (1 for an honest node's result). */
    double detection(Role role) {
        return role == null ? 1 : spec.check() instanceof VerificationSpec.Detecting d ? d.detection().getOrDefault(role.adversary.strategy(), 1.0) : 1.0;
    }

    boolean colludeTogether(int a, int b) {
        return roles[a] != null && roles[b] != null && roles[a].colludes() && roles[a].groupId == roles[b].groupId;
    }

    void countUndetected(Request request) {
        if (request.cheated() && request.measured) {
            tally.undetected++;
        }
    }

    void accountShadow(Request shadow, boolean measured) {
        if (measured) {
            tally.shadowGpuSeconds += shadow.gpuSeconds();
            if (shadow.node() >= 0) {
                tally.shadowUsd += shadow.gpuSeconds() * host.costPerSecond(shadow.node());
            }
        }
    }

    void caught(Request request, int node, double operatorUsd, double delaySeconds) {
        if (request.measured) {
            tally.detected++;
            tally.epochDetected++;
            tally.detectionDelaySum += delaySeconds;
            tally.detectionDelayCount++;
        }
        Role role = roles[node];
        if (role != null) {
            role.epochLoss += spec.consequences().penaltyUsd() + (spec.consequences().withholdReward() ? operatorUsd : 0);
        }
        punishOnly(node, operatorUsd);
    }

    void punishOnly(int node, double operatorUsd) {
        double withheld = spec.consequences().withholdReward() ? operatorUsd : 0; // taken from the node's revenue by the host
        nodePenalty[node] += spec.consequences().penaltyUsd();
        host.punish(node, withheld, 1 - spec.consequences().reputationPenalty());
        catches[node]++;
        // Eject on a record, not on bad luck: enough catches in this epoch, and a catch rate no
        // honest operator reaches through non-determinism or being outvoted now and then.
        boolean record = catches[node] >= spec.consequences().ejectAfter() && catches[node] >= EJECT_RATE * participations[node];
        if (spec.consequences().ejectAfter() > 0 && record && host.isUp(node)) {
            tally.ejected++;
            host.eject(node);
            Role role = roles[node];
            if (role != null && role.strategy.returnsAfterEjection()) {
                // A Sybil operator comes back under a fresh identity after an epoch.
                sim.schedule(spec.consequences().epochSeconds(), () -> {
                    catches[node] = 0;
                    host.readmit(node);
                });
            }
        }
    }
}
