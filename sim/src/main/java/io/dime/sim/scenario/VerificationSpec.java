package io.dime.sim.scenario;

import java.util.List;
import java.util.Map;

/**
 * How the network checks that operators did the work ({@link #check}: one record per scheme,
 * holding only that scheme's settings) and what it does to those caught ({@link #consequences},
 * common to every scheme). The names and the records they bind to are listed once, in
 * {@code VerificationReader}; the verify package maps each record to its scheme.
 */
public record VerificationSpec(Check check, Consequences consequences) {

    public static final List<String> SCHEMES = VerificationReader.schemeNames();
    /**
     * How redundant answers are compared: bitwise ({@code exact}), by activation hashes, within a
     * logit {@code tolerance}, or by {@code embedding} distance (Cortensor): honest variants always
     * pass, and a wrong answer is told apart only with its strategy's {@code detection}
     * probability (a cheaper model's answer can land within the distance threshold).
     */
    public static final List<String> COMPARISONS = List.of("exact", "activation-hash", "tolerance", "embedding");

    /** One scheme's own settings. */
    public sealed interface Check permits None, Redundancy, SpotCheck, Optimistic, Zkml, Tee, ActivationCommitment, Toploc {
        /** The scheme's name in scenario files. */
        String name();

        /** The share of results the scheme checks: its sampling rate, every result (redundancy, zkML, TEE attestation), or none. */
        double checkedShare();

        /** Its settings under the keys a scenario file gives them, in the order the docs list them. */
        Map<String, Object> keys();
    }

    private static Map<String, Object> named(Object... pairs) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> detectionKeys(Map<String, Double> detection) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (String strategy : AdversaryStrategies.names()) {
            m.put(strategy, detection.get(strategy));
        }
        return m;
    }

    private static String seconds(double s) {
        return io.dime.sim.input.Units.formatSeconds(s);
    }

    /** A scheme whose check sees a lie only with a probability per adversary strategy (absent: 1). */
    public interface Detecting {
        Map<String, Double> detection();
    }

    /** No checks: results are taken on trust. */
    public record None() implements Check {
        public String name() {
            return "none";
        }

        public double checkedShare() {
            return 0;
        }

        public Map<String, Object> keys() {
            return named();
        }
    }

    /**
     * Every request sent to {@code replicas} nodes and the answers compared by {@code comparison};
     * {@code nondeterminism} is the probability two honest answers differ; {@code detection} the
     * probability, per adversary strategy, that the comparison sees a lie.
     */
    public record Redundancy(int replicas, String comparison, double nondeterminism, Map<String, Double> detection) implements Check, Detecting {
        public Redundancy {
            detection = Map.copyOf(detection);
        }

        public String name() {
            return "redundancy";
        }

        public double checkedShare() {
            return 1;
        }

        public Map<String, Object> keys() {
            return named("replicas", replicas, "comparison", comparison, "nondeterminism", nondeterminism, "detection", detectionKeys(detection));
        }
    }

    /** Proof of sampling: with probability {@code rate} a validator recomputes the result. */
    public record SpotCheck(double rate) implements Check {
        public String name() {
            return "spot-check";
        }

        public double checkedShare() {
            return rate;
        }

        public Map<String, Object> keys() {
            return named("rate", rate);
        }
    }

    /** Results paid after a challenge window; a share {@code rate} is challenged and settled by bisection. */
    public record Optimistic(double rate, double challengeWindowSeconds, int bisectionRounds, double roundSeconds) implements Check {
        public String name() {
            return "optimistic";
        }

        public double checkedShare() {
            return rate;
        }

        public Map<String, Object> keys() {
            return named("rate", rate, "challenge_window", seconds(challengeWindowSeconds), "bisection_rounds", bisectionRounds, "round", seconds(roundSeconds));
        }
    }

    /** A zero-knowledge proof of every result, {@code proofMultiple} times its inference compute. */
    public record Zkml(double proofMultiple, double proofBytes, double verifySeconds, boolean waitForProof) implements Check {
        public String name() {
            return "zkml";
        }

        public double checkedShare() {
            return 1;
        }

        public Map<String, Object> keys() {
            return named("proof_multiple", proofMultiple, "proof_bytes", proofBytes, "verify", seconds(verifySeconds), "wait_for_proof", waitForProof);
        }
    }

    /** Inference in a trusted execution environment: an attestation per result, {@code overhead} extra GPU time. */
    public record Tee(double overhead, double compromiseProbability) implements Check {
        public String name() {
            return "tee";
        }

        public double checkedShare() {
            return 1;
        }

        public Map<String, Object> keys() {
            return named("tee_overhead", overhead, "compromise_probability", compromiseProbability);
        }
    }

    /** Commitments to activations every {@code commitTokens} tokens; a share {@code rate} is checked by a prefill. */
    public record ActivationCommitment(double rate, int commitTokens, double commitBytes, Map<String, Double> detection) implements Check, Detecting {
        public ActivationCommitment {
            detection = Map.copyOf(detection);
        }

        public String name() {
            return "activation-commitment";
        }

        public double checkedShare() {
            return rate;
        }

        public Map<String, Object> keys() {
            return named("rate", rate, "commit_tokens", commitTokens, "commit_bytes", commitBytes, "detection", detectionKeys(detection));
        }
    }

    /** TOPLOC: as {@link ActivationCommitment}, and honest results flagged with {@code falsePositiveRate}. */
    public record Toploc(double rate, int commitTokens, double commitBytes, Map<String, Double> detection, double falsePositiveRate)
            implements Check, Detecting {
        public Toploc {
            detection = Map.copyOf(detection);
        }

        public String name() {
            return "toploc";
        }

        public double checkedShare() {
            return rate;
        }

        public Map<String, Object> keys() {
            return named("rate", rate, "commit_tokens", commitTokens, "commit_bytes", commitBytes, "detection", detectionKeys(detection), "false_positive_rate", falsePositiveRate);
        }
    }

    /** What happens to an operator caught cheating, and how often the verifier closes its books. */
    public record Consequences(double penaltyUsd, double slashShare, boolean withholdReward, int ejectAfter, double reputationPenalty,
            double epochSeconds) {
    }

    public static VerificationSpec none() {
        return new VerificationSpec(new None(), new Consequences(0, 0, true, 0, 0, 3600));
    }

    /** The scheme's name in scenario files. */
    public String scheme() {
        return check.name();
    }

    /** The share of results the scheme checks. */
    public double checkedShare() {
        return check.checkedShare();
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
    }
}
