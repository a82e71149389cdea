package io.dime.sim.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.ReplicationResult;
import io.dime.sim.RunOutcome;
import io.dime.sim.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

/** Each scheme and adversary in whole runs: what it catches, what it costs, whom it hurts. */
class VerificationSchemesTest {
    private static final String SCENARIO = """
            name: verify
            seed: 6
            duration: 2h
            warmup: 5min
            replications: 1
            nodes:
              - {name: community, count: 20, gpu: rtx-4090, model: llama-3-8b}
            workload:
              - {name: chat, arrival: {rate: 2/s}, prompt_tokens: 300, output_tokens: 150}
            verification: {%s}
            adversaries: [%s]
            """;

    private static ReplicationResult run(String verification, String adversaries) {
        return RunOutcome.run(new ScenarioLoader().parse(SCENARIO.formatted(verification, adversaries)), 1).replications().get(0);
    }

    private static final String LAZY = "{strategy: lazy, share: 0.2, cheat_rate: 0.5}";

    @Test
    void embeddingDistanceLetsHonestVariantsPassButMissesSomeCheaperModels() {
        // Cortensor-style redundancy judged by embedding distance: bitwise differences of honest
        // runs never count, but a substituted model's answer passes unless it is told apart.
        String substitution = "{strategy: substitution, share: 0.2, cheat_rate: 0.5}";
        ReplicationResult exact = run("scheme: redundancy, replicas: 3, comparison: exact, nondeterminism: 0.1, eject_after: 0", substitution);
        ReplicationResult sharp = run("scheme: redundancy, replicas: 3, comparison: embedding, nondeterminism: 0.1, eject_after: 0, detection: {substitution: 1.0}", substitution);
        ReplicationResult blurred = run("scheme: redundancy, replicas: 3, comparison: embedding, nondeterminism: 0.1, eject_after: 0, detection: {substitution: 0.3}", substitution);
        assertTrue(exact.metric("verify.false_slashes") > 0, "bitwise comparison punishes honest variants");
        assertEquals(0, sharp.metric("verify.false_slashes"), "embedding distance does not");
        assertEquals(0, blurred.metric("verify.false_slashes"));
        assertTrue(blurred.metric("verify.undetected_fraud_rate") > 2 * sharp.metric("verify.undetected_fraud_rate") + 0.005,
                "a blurred distance lets cheaper models through: " + sharp.metric("verify.undetected_fraud_rate") + " -> "
                        + blurred.metric("verify.undetected_fraud_rate"));
    }

    @Test
    void withoutVerificationEveryCheatStands() {
        ReplicationResult r = run("scheme: none", LAZY);
        assertTrue(r.metric("verify.cheated") > 100);
        assertEquals(r.metric("verify.cheated"), r.metric("verify.undetected"));
        assertEquals(0, r.metric("verify.detected"));
        // A fifth of the nodes cheat on half their requests: about a tenth of all results are wrong.
        assertEquals(0.1, r.metric("verify.undetected_fraud_rate"), 0.03);
        assertTrue(r.metric("verify.roi.cheater") > r.metric("verify.roi.honest"), "unchecked cheating pays");
    }

    @Test
    void spotChecksCatchAboutTheSampledShareAndCostAboutItInGpuTime() {
        ReplicationResult r = run("scheme: spot-check, rate: 0.2, eject_after: 0, penalty_usd: 0", LAZY);
        assertEquals(0.2, r.metric("verify.detection_rate"), 0.05, "a cheat is caught when its result is sampled");
        assertEquals(0.2, r.metric("verify.overhead_share"), 0.05, "re-computing a fifth of the results");
        assertTrue(r.metric("verify.overhead_usd") > 0);
        assertEquals(0, r.metric("verify.added_latency_ms.p99"), "checks run off the request path");
    }

    @Test
    void caughtCheatersAreEjected() {
        ReplicationResult r = run("scheme: spot-check, rate: 0.5, eject_after: 3", LAZY);
        assertTrue(r.metric("verify.ejected") >= 4, "all four lazy operators leave: " + r.metric("verify.ejected"));
    }

    @Test
    void redundancyCostsItsReplicasAndWaitsForTheVote() {
        ReplicationResult r = run("scheme: redundancy, replicas: 3, comparison: tolerance", "");
        assertEquals(2.0, r.metric("verify.overhead_share"), 0.3, "two replicas per request");
        assertTrue(r.metric("verify.added_latency_ms.p50") > 0, "the user waits for the slowest vote it needs");
        assertEquals(0, r.metric("verify.false_slashes"), "with a tolerance, honest results always agree");
    }

    @Test
    void exactComparisonPunishesHonestOperatorsForNonDeterminism() {
        ReplicationResult r = run("scheme: redundancy, replicas: 3, comparison: exact, nondeterminism: 0.05, eject_after: 0", "");
        assertTrue(r.metric("verify.false_slashes") > 50, "honest results that differ bitwise are outvoted: " + r.metric("verify.false_slashes"));
    }

    @Test
    void redundancyCatchesLoneLiarsButNotAColludingMajority() {
        ReplicationResult lazy = run("scheme: redundancy, replicas: 3, comparison: tolerance, eject_after: 0", LAZY);
        assertTrue(lazy.metric("verify.undetected_fraud_rate") < 0.005, "a lone liar is outvoted: " + lazy.metric("verify.undetected_fraud_rate"));
        assertTrue(lazy.metric("verify.detection_rate") > 0.9);
        ReplicationResult colluding = run("scheme: redundancy, replicas: 3, comparison: tolerance, eject_after: 0",
                "{strategy: colluding, share: 0.6, cheat_rate: 1.0}");
        assertTrue(colluding.metric("verify.undetected_fraud_rate") > 0.2, "a colluding majority wins votes: " + colluding.metric("verify.undetected_fraud_rate"));
        assertTrue(colluding.metric("verify.false_slashes") > 0, "and the honest minority is punished");
    }

    @Test
    void optimisticPaysAfterTheWindowAndProvesFraudByBisection() {
        ReplicationResult r = run("scheme: optimistic, rate: 0.5, challenge_window: 30min, bisection_rounds: 10, round: 6s, eject_after: 0", LAZY);
        assertEquals(1800, r.metric("verify.payment_delay_s"), 1e-9);
        assertTrue(r.metric("verify.detection_delay_s") >= 60, "at least the 10 bisection rounds of 6 s: " + r.metric("verify.detection_delay_s"));
        assertEquals(0.5, r.metric("verify.detection_rate"), 0.1);
    }

    @Test
    void zkProofsCatchEveryCheatAtTheirMultipleOfTheInference() {
        ReplicationResult r = run("scheme: zkml, proof_multiple: 100, verify: 1s, eject_after: 0", LAZY);
        // A cheater cannot prove a result it did not compute: no cheat stands; the few not yet
        // caught are those whose proofs were still running when the run ended.
        assertEquals(0, r.metric("verify.undetected"));
        assertTrue(r.metric("verify.detection_rate") > 0.9, "caught: " + r.metric("verify.detection_rate"));
        assertEquals(100, r.metric("verify.overhead_share"), 1e-6);
        ReplicationResult waiting = run("scheme: zkml, proof_multiple: 100, verify: 1s, wait_for_proof: true, eject_after: 0", "");
        assertTrue(waiting.metric("verify.added_latency_ms.p50") > 1000, "users who wait for the proof wait for 100x the inference");
    }

    @Test
    void teesSlowEveryStepAndCatchCheatsUnlessCompromised() {
        ReplicationResult none = run("scheme: none", "");
        ReplicationResult tee = run("scheme: tee, tee_overhead: 0.1, compromise_probability: 0, eject_after: 0", LAZY);
        assertEquals(1.1, tee.metric("tpot_ms.p50") / none.metric("tpot_ms.p50"), 0.02, "10% slower steps");
        assertEquals(1.0, tee.metric("verify.detection_rate"), 1e-9);
        ReplicationResult compromised = run("scheme: tee, compromise_probability: 1, eject_after: 0", LAZY);
        assertEquals(0, compromised.metric("verify.detected"), "a compromised enclave vouches for anything");
    }

    @Test
    void activationCommitmentsDetectByAttackTypeForAPrefillsCost() {
        ReplicationResult r = run("scheme: activation-commitment, rate: 1.0, detection: {lazy: 1.0, substitution: 0.5}, eject_after: 0",
                "{strategy: substitution, share: 0.2, cheat_rate: 0.5}");
        assertEquals(0.5, r.metric("verify.detection_rate"), 0.08, "substitutions caught at the given rate");
        assertTrue(r.metric("verify.overhead_share") < 0.3, "validation is a prefill, far cheaper than a recompute: " + r.metric("verify.overhead_share"));
    }

    @Test
    void sybilIdentitiesComeBackAfterEjection() {
        ReplicationResult r = run("scheme: spot-check, rate: 0.5, eject_after: 3, epoch: 15min", "{strategy: sybil, share: 0.2, cheat_rate: 0.5}");
        assertTrue(r.metric("verify.ejected") > 4, "the same four identities are ejected again and again: " + r.metric("verify.ejected"));
    }
}
