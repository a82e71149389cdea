package io.dime.sim.verify;

import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.VerificationSpec.Adversary;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Who cheats: each adversary spec takes its {@code share} of the eligible decentralized nodes, in
 * one shuffled order drawn once; and how rational cheaters learn at each epoch's end.
 */
final class Adversaries {
    private Adversaries() {
    }

    /** The role of each node (null for an honest one). */
    static Role[] assign(Scenario scenario, Verifier.Host host, RandomGenerator random) {
        Role[] roles = new Role[host.nodeCount()];
        List<Integer> pool = new ArrayList<>();
        for (int node = 0; node < host.nodeCount(); node++) {
            if (host.isDecentralized(node)) {
                pool.add(node);
            }
        }
        for (int i = pool.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Integer swap = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, swap);
        }
        int groupId = 0;
        for (Adversary adversary : scenario.adversaries()) {
            groupId++;
            long eligible = pool.stream().filter(node -> adversary.group().isEmpty() || host.group(node).equals(adversary.group())).count();
            int wanted = (int) Math.round(adversary.share() * eligible);
            for (int i = 0; i < pool.size() && wanted > 0; i++) {
                int node = pool.get(i);
                if (roles[node] == null && (adversary.group().isEmpty() || host.group(node).equals(adversary.group()))) {
                    roles[node] = new Role(adversary, groupId);
                    wanted--;
                }
            }
        }
        return roles;
    }

    /**
     * Rational cheaters move their rate towards what paid: gain per cheat against loss per cheat,
     * scaled by their sum, at {@code learning_rate}; an epoch without cheating probes again.
     * Returns the mean rate of the rational cheaters after learning, or NaN with none.
     */
    static double learn(Role[] roles) {
        double rateSum = 0;
        int rational = 0;
        for (Role role : roles) {
            if (role == null || !role.strategy.learns()) {
                continue;
            }
            if (role.epochCheats > 0) {
                double net = (role.epochGain - role.epochLoss) / role.epochCheats;
                double scale = (role.epochGain + role.epochLoss) / role.epochCheats + 1e-12;
                role.cheatRate += role.adversary.learningRate() * net / scale;
            } else {
                role.cheatRate += role.adversary.learningRate() * 0.1; // probe again after an epoch without cheating
            }
            role.cheatRate = Math.max(0.01, Math.min(1, role.cheatRate)); // keep probing a little
            role.epochGain = 0;
            role.epochLoss = 0;
            role.epochCheats = 0;
            rateSum += role.cheatRate;
            rational++;
        }
        return rational == 0 ? Double.NaN : rateSum / rational;
    }

    /** The mean cheat rate of the rational cheaters now, or NaN with none. */
    static double meanRationalRate(Role[] roles) {
        double rate = 0;
        int rational = 0;
        for (Role role : roles) {
            if (role != null && role.strategy.learns()) {
                rate += role.cheatRate;
                rational++;
            }
        }
        return rational == 0 ? Double.NaN : rate / rational;
    }
}
