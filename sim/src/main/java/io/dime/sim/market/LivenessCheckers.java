package io.dime.sim.market;

import io.dime.sim.kernel.Simulation;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.TokenSpec;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Liveness checks ({@code token.checkers}): every round a committee probes each operator node,
 * each checker reporting the truth except with the error rate, and a majority "down" slashes the
 * node's share of its group's stake.
 */
final class LivenessCheckers {
    private final Scenario scenario;
    private final TokenSpec.Checkers checkers;
    private final Simulation sim;
    private final EconomyAccounts accounts;
    private final Economy.Nodes nodes;
    private final RandomGenerator streams;
    private long checks;
    private long slashes;
    private long falseSlashes;
    private long missed;

    LivenessCheckers(Scenario scenario, Simulation sim, EconomyAccounts accounts, Economy.Nodes nodes) {
        this.scenario = scenario;
        this.checkers = scenario.token().checkers();
        this.sim = sim;
        this.accounts = accounts;
        this.nodes = nodes;
        this.streams = sim.random().stream("token/checkers");
    }

    void start() {
        sim.every(checkers.everySeconds(), this::checkAll);
    }

    /** One round of checks. Slashing an up node is a false slash; a down node not slashed is missed. */
    private void checkAll() {
        for (int node = 0; node < nodes.count(); node++) {
            int g = nodes.group(node);
            if (!accounts.isOperator(g) || nodes.isRetired(node)) {
                continue;
            }
            boolean up = nodes.isUp(node);
            int saysDown = 0;
            for (int c = 0; c < checkers.committee(); c++) {
                boolean wrong = streams.nextDouble() < checkers.errorRate();
                if (up == wrong) {
                    saysDown++;
                }
            }
            checks++;
            if (2 * saysDown > checkers.committee()) {
                accounts.slash(g, checkers.slashShare() / scenario.nodes().get(g).count());
                slashes++;
                if (up) {
                    falseSlashes++;
                }
            } else if (!up) {
                missed++;
            }
        }
    }

    void putMetrics(Map<String, Double> m) {
        m.put("checkers.checks", (double) checks);
        m.put("checkers.slashes", (double) slashes);
        m.put("checkers.false_slashes", (double) falseSlashes);
        m.put("checkers.missed_downs", (double) missed);
    }
}
