package io.dime.sim.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.ReplicationResult;
import io.dime.sim.RunOutcome;
import io.dime.sim.catalog.Catalog;
import io.dime.sim.node.ServiceModel;
import io.dime.sim.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

/**
 * TOPLOC (arXiv 2501.16007) as a verification scheme: what it catches by attack type, that it
 * leaves honest operators alone under non-determinism, what its commitments weigh, and that a
 * validation costs a prefill, about a hundredth of a long generation.
 */
class ToplocTest {
    /** %s slots: engine keys, prompt tokens, output tokens, verification, adversaries. */
    private static final String SCENARIO = """
            name: toploc
            seed: 11
            duration: 2h
            warmup: 5min
            replications: 1
            nodes:
              - {name: pool, count: 20, gpu: rtx-4090, model: llama-3-8b%s}
            workload:
              - {name: chat, arrival: {rate: %s}, prompt_tokens: %d, output_tokens: %d}
            verification: {%s}
            adversaries: [%s]
            """;

    private static ReplicationResult run(String verification, String adversaries) {
        return run("", "2/s", 300, 160, verification, adversaries);
    }

    private static ReplicationResult run(String engine, String rate, int prompt, int output, String verification, String adversaries) {
        return RunOutcome.run(new ScenarioLoader().parse(SCENARIO.formatted(engine, rate, prompt, output, verification, adversaries)), 1)
                .replications().get(0);
    }

    @Test
    void aSubstitutingOperatorIsCaughtAtTheRateTheSchemePromises() {
        // Detection 1 for a substituted model (the paper's "100% accuracy"): every validated cheat
        // is caught, so the detection rate is the validation rate.
        String substitution = "{strategy: substitution, share: 0.2, cheat_rate: 0.5}";
        ReplicationResult sampled = run("scheme: toploc, rate: 0.3, eject_after: 0", substitution);
        assertEquals(0.3, sampled.metric("verify.detection_rate"), 0.04, "caught when validated");
        ReplicationResult all = run("scheme: toploc, rate: 1.0, eject_after: 0", substitution);
        assertTrue(all.metric("verify.detection_rate") > 0.99, "every validated substitution: " + all.metric("verify.detection_rate"));
        assertEquals(0, all.metric("verify.undetected_fraud_rate"), 2e-3);
    }

    @Test
    void detectionDependsOnTheAttack() {
        // Garbage and lower precision change the activations; a truncated answer's are genuine.
        for (String strategy : new String[] {"lazy", "precision"}) {
            ReplicationResult r = run("scheme: toploc, rate: 1.0, eject_after: 0", "{strategy: " + strategy + ", share: 0.2, cheat_rate: 0.5}");
            assertTrue(r.metric("verify.detection_rate") > 0.99, strategy + ": " + r.metric("verify.detection_rate"));
        }
        ReplicationResult truncated = run("scheme: toploc, rate: 1.0, eject_after: 0", "{strategy: truncation, share: 0.2, cheat_rate: 0.5}");
        assertTrue(truncated.metric("verify.cheated") > 100);
        assertEquals(0, truncated.metric("verify.detected"), "the commitments of a shortened answer match its prefill");
        ReplicationResult checked = run("scheme: toploc, rate: 1.0, eject_after: 0, detection: {truncation: 0.6}", "{strategy: truncation, share: 0.2, cheat_rate: 0.5}");
        assertEquals(0.6, checked.metric("verify.detection_rate"), 0.06, "a scenario may assume a termination check");
    }

    @Test
    void honestOperatorsUnderNonDeterminismAreNotFlagged() {
        // A third of honest results differ bitwise between GPUs: exact comparison punishes them,
        // TOPLOC's thresholds absorb the difference.
        ReplicationResult exact = run("scheme: redundancy, replicas: 3, comparison: exact, nondeterminism: 0.3, eject_after: 0", "");
        ReplicationResult toploc = run("scheme: toploc, rate: 1.0, nondeterminism: 0.3, eject_after: 0", "");
        assertTrue(exact.metric("verify.false_slashes") > 100, "bitwise votes punish honest variants: " + exact.metric("verify.false_slashes"));
        assertTrue(toploc.metric("verify.validations") > 1000);
        assertEquals(0, toploc.metric("verify.false_slashes"));
        assertEquals(0, toploc.metric("verify.detected"));
        // The rate that is there flags its share of validations, no more.
        ReplicationResult noisy = run("scheme: toploc, rate: 1.0, false_positive_rate: 0.02, eject_after: 0", "");
        assertEquals(0.02, noisy.metric("verify.false_slashes") / noisy.metric("verify.validations"), 0.006);
    }

    @Test
    void aValidationCostsAPrefillAboutAHundredthOfALongGeneration() {
        // Batch-1 roofline nodes (queue engine), a short prompt and a long answer: generation
        // reads every weight once per token, the validating prefill computes all tokens at once.
        int prompt = 64;
        int output = 320;
        ReplicationResult r = run(", engine: queue, slots: 1", "0.5/s", prompt, output, "scheme: toploc, rate: 0.5, eject_after: 0", "");
        Catalog catalog = Catalog.builtIn();
        ServiceModel.Roofline roofline = ServiceModel.Roofline.of(catalog.gpus().get("rtx-4090"), catalog.models().get("llama-3-8b"), catalog);
        double generation = prompt * roofline.prefillSecondsPerToken() + output * roofline.decodeSecondsPerToken();
        double validation = (prompt + output) * roofline.prefillSecondsPerToken() + roofline.decodeSecondsPerToken();
        double ratio = r.metric("verify.validation_cost_ratio");
        assertEquals(validation / generation, ratio, 0.02 * ratio, "what the roofline says a prefill costs against a generation");
        assertTrue(ratio > 1 / 120.0 && ratio < 1 / 80.0, "about 1/100 (TOPLOC: validation up to 100x faster): 1/" + 1 / ratio);
        assertEquals(0.5 * ratio, r.metric("verify.overhead_share"), 0.1 * ratio, "half the results validated");
    }

    @Test
    void commitmentsWeigh258BytesPer32TokensAThousandthOfTheRawActivations() {
        ReplicationResult r = run("scheme: toploc, rate: 0.1", "");
        assertEquals(258.0 / 32, r.metric("verify.proof_bytes_per_token"), 1e-9, "160-token answers: five commitments each");
        // Llama-3-8B's hidden size is 4096: 32 tokens x 4096 x 2 bytes = 262,144 bytes of raw activations per commitment.
        assertEquals(32 * 4096 * 2 / 258.0, r.metric("verify.proof_compression"), 1e-6);
        assertTrue(r.metric("verify.proof_bytes") > 0);
    }
}
