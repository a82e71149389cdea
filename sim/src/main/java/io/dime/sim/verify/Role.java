package io.dime.sim.verify;

import io.dime.sim.scenario.AdversaryStrategies;
import io.dime.sim.scenario.AdversaryStrategy;
import io.dime.sim.scenario.VerificationSpec.Adversary;

/** An adversarial node's role: its strategy, its colluding group, its cheat rate, and this epoch's gains and losses (for learning). */
final class Role {
    final Adversary adversary;
    final AdversaryStrategy strategy;
    final int groupId;
    double cheatRate;
    // This epoch, for rational learning.
    double epochGain;
    double epochLoss;
    long epochCheats;

    Role(Adversary adversary, int groupId) {
        this.adversary = adversary;
        this.strategy = AdversaryStrategies.of(adversary.strategy());
        this.groupId = groupId;
        this.cheatRate = adversary.cheatRate();
    }

    boolean colludes() {
        return strategy.colludes();
    }
}
