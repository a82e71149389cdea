package io.dime.sim.scenario;

import java.util.List;
import java.util.Map;

/**
 * How the network checks that operators did the work, and what it does to those caught.
 * One record for every scheme; each scheme reads its own fields (see {@code verify.Schemes}).
 */
public record VerificationSpec(
        String scheme,
        // spot-check (proof of sampling), optimistic, activation-commitment
        double rate,
        // redundancy
        int replicas,
        String comparison,
        double nondeterminism,
        // optimistic
        double challengeWindowSeconds,
        int bisectionRounds,
        double roundSeconds,
        // zkml
        double proofMultiple,
        double proofBytes,
        double verifySeconds,
        boolean waitForProof,
        // tee
        double teeOverhead,
        double compromiseProbability,
        // activation-commitment (TOPLOC-like) and toploc
        int commitTokens,
        double commitBytes,
        Map<String, Double> detection,
        // toploc: honest results flagged (non-determinism beyond the thresholds)
        double falsePositiveRate,
        // consequences
        double penaltyUsd,
        double slashShare,
        boolean withholdReward,
        int ejectAfter,
        double reputationPenalty,
        double epochSeconds) {

    public static final List<String> SCHEMES = List.of("none", "redundancy", "spot-check", "optimistic", "zkml", "tee", "activation-commitment", "toploc");
    /**
     * How redundant answers are compared: bitwise ({@code exact}), by activation hashes, within a
     * logit {@code tolerance}, or by {@code embedding} distance (Cortensor): honest variants always
     * pass, and a wrong answer is told apart only with its strategy's {@code detection}
     * probability (a cheaper model's answer can land within the distance threshold).
     */
    public static final List<String> COMPARISONS = List.of("exact", "activation-hash", "tolerance", "embedding");

    public VerificationSpec {
        detection = Map.copyOf(detection);
    }

    public static VerificationSpec none() {
        return new VerificationSpec("none", 0, 1, "exact", 0, 0, 0, 0, 0, 0, 0, false, 0, 0, 32, 258, Map.of(), 0, 0, 0, true, 0, 0, 3600);
    }

    /**
     * The share of results the scheme checks: its sampling rate, every result (redundancy, zkML,
     * TEE attestation), or none.
     */
    public double checkedShare() {
        return switch (scheme) {
            case "none" -> 0;
            case "redundancy", "zkml", "tee" -> 1;
            default -> rate;
        };
    }

    /** The same checks under another scheme (for side-by-side comparisons). */
    public VerificationSpec withScheme(String other) {
        return new VerificationSpec(other, rate, replicas, comparison, nondeterminism, challengeWindowSeconds, bisectionRounds, roundSeconds,
                proofMultiple, proofBytes, verifySeconds, waitForProof, teeOverhead, compromiseProbability, commitTokens, commitBytes, detection,
                falsePositiveRate, penaltyUsd, slashShare, withholdReward, ejectAfter, reputationPenalty, epochSeconds);
    }

    public VerificationSpec withRate(double newRate) {
        return new VerificationSpec(scheme, newRate, replicas, comparison, nondeterminism, challengeWindowSeconds, bisectionRounds, roundSeconds,
                proofMultiple, proofBytes, verifySeconds, waitForProof, teeOverhead, compromiseProbability, commitTokens, commitBytes, detection,
                falsePositiveRate, penaltyUsd, slashShare, withholdReward, ejectAfter, reputationPenalty, epochSeconds);
    }

    /**
     * Operators who cheat. {@code share} of the decentralized nodes (of {@code group}, or of all)
     * follow {@code strategy}: {@code lazy} (garbage instead of inference), {@code substitution}
     * (a cheaper model), {@code truncation} (stops the answer early and returns it as complete),
     * {@code precision} (the right model at a lower precision than claimed, e.g. FP8 for BF16),
     * {@code colluding} (a group that backs its members when it checks or is checked together),
     * {@code sybil} (colluding identities that come back after ejection), or {@code rational}
     * (the cheat rate moves each epoch towards what paid off).
     */
    public record Adversary(String strategy, double share, String group, double cheatRate, double learningRate, double savedShare) {
        public static final List<String> STRATEGIES = List.of("lazy", "substitution", "truncation", "precision", "colluding", "sybil", "rational");
    }
}
