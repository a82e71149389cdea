package io.dime.sim.verify;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.ReplicationResult;
import io.dime.sim.RunOutcome;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

/**
 * The proof-of-sampling equilibrium (Zhang et al., "Proof of Sampling", arXiv 2405.00295,
 * section 3). An asserter earns reward R for a result that costs it C to compute; a validator
 * recomputes it with probability p, and a caught cheat forfeits R and is slashed S. Honest play
 * pays R − C; cheating (returning a result without computing it) pays (1 − p)·R − p·S. Cheating
 * gains exactly when C > p·(R + S), i.e. below the sampling-rate threshold
 * p* = C / (R + S); above it honesty is the better response, which makes "everyone honest" the
 * pure-strategy equilibrium the paper proves. (Derived from the game as section 3 sets it up;
 * this environment could not open the paper to check its notation.)
 *
 * <p>Here C and R are measured per request in an honest run, S is the scenario's penalty, and
 * rational cheaters, who move their cheat rate each epoch towards what paid, must end cheating
 * most of the time below p* and hardly at all above it.
 */
class ProofOfSamplingEquilibriumTest {
    private static final String SCENARIO = """
            name: posp
            seed: 4
            duration: %s
            warmup: 10min
            replications: 1
            nodes:
              - {name: community, count: 12, gpu: rtx-4090, model: llama-3-8b}
            workload:
              - {name: chat, arrival: {rate: 2/s}, prompt_tokens: 400, output_tokens: 200}
            market: {price_per_mtok: 2.5, protocol_fee: 0}
            verification: {scheme: spot-check, rate: %s, penalty_usd: %s, withhold_reward: true, eject_after: 0, epoch: 20min}
            adversaries:
              - {strategy: rational, share: 0.5, cheat_rate: 0.5, learning_rate: 0.3}
            """;

    private static ReplicationResult run(String duration, double rate, double penalty) {
        Scenario scenario = new ScenarioLoader().parse(SCENARIO.formatted(duration, rate, penalty));
        return RunOutcome.run(scenario, 1).replications().get(0);
    }

    @Test
    void rationalCheatersCheatBelowTheSamplingThresholdAndStopAboveIt() {
        double penalty = 0.002;
        ReplicationResult probe = run("1h", 0.0, penalty);
        double c = probe.metric("verify.request_cost_usd");
        double r = probe.metric("verify.request_reward_usd");
        double threshold = c / (r + penalty);
        assertTrue(threshold > 0.01 && threshold < 0.5, "a threshold the test can bracket: p* = " + threshold + " (C " + c + ", R " + r + ")");

        double below = run("12h", threshold / 4, penalty).metric("verify.rational_cheat_rate_end");
        double above = run("12h", Math.min(1, threshold * 4), penalty).metric("verify.rational_cheat_rate_end");
        assertTrue(below > 0.7, "at p*/4 cheating pays and the rate rises: " + below + " (p* = " + threshold + ")");
        assertTrue(above < 0.15, "at 4 p* cheating loses and the rate falls to its probing floor: " + above + " (p* = " + threshold + ")");
    }
}
