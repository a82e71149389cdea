package io.dime.sim.verify;

import io.dime.sim.kernel.Simulation;
import io.dime.sim.metrics.LatencyRecorder;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.VerificationSpec;
import io.dime.sim.scenario.VerificationSpec.Adversary;
import io.dime.sim.workload.Request;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Who cheats, who checks, and what happens to those caught, for one replication.
 *
 * <p>Cheating is decided when a node returns a result: an adversarial node returns a wrong
 * one with its cheat rate. The work is still simulated (the node stays as busy as an honest
 * one would be); what a cheater gains is accounted instead: the GPU cost of the request
 * ({@code saved_share} of it for a substituted cheaper model), as the proof-of-sampling game
 * has it. Checks that need computation run as real requests ("shadow" work) on other nodes,
 * so they cost capacity, GPU-hours and money like everything else; checks that need time add
 * it to the user's latency (redundancy waits for a majority; a zk proof when the user waits for
 * it) or to the payment (optimistic challenge windows, proofs).
 *
 * <p>{@code toploc} follows TOPLOC (Ong et al., arXiv 2501.16007, ICML 2025; primeintellect.ai/
 * blog/toploc): every result carries commitments to locality-sensitive hashes of its top-k
 * hidden-state values, {@code commit_bytes} per {@code commit_tokens} generated tokens (258 bytes
 * per 32, against 32 × hidden × 2 bytes of raw activations); a validator checks a sampled result
 * by a prefill of prompt and output on another node, so the check costs a prefill, not a
 * generation; a wrong result is caught with its attack's detection probability (model
 * substitution, garbage and wrong precision change the activations; a truncated answer's
 * activations are genuine), and honest results, whose activations differ only by floating-point
 * non-determinism, are flagged with the false-positive rate (0 in the authors' tests).
 */
public final class Verifier {
    /** What the verifier may do in the world. */
    public interface Host {
        Simulation sim();

        int nodeCount();

        boolean isDecentralized(int node);

        boolean isUp(int node);

        /** The node's hourly cost in USD, over 3600. */
        double costPerSecond(int node);

        String group(int node);

        /**
         * Runs verification work of these lengths on some node other than {@code avoid} (and not
         * in {@code alsoAvoid}); {@code done} gets the finished shadow request, or one with a NaN
         * end time if it was lost.
         */
        Request submitShadow(int avoid, List<Integer> alsoAvoid, int promptTokens, int outputTokens, Consumer<Request> done);

        /** A caught operator: penalty, withheld revenue, reputation, perhaps ejection. */
        void punish(int node, double withheldUsd, double reputationFactor);

        void eject(int node);

        void readmit(int node);

        /** Finalizes a user request that was waiting for verification, at the current time. */
        void release(Request request);
    }

    /** An adversarial node's role. */
    private static final class Role {
        final Adversary adversary;
        final int groupId;
        double cheatRate;
        // This epoch, for rational learning.
        double epochGain;
        double epochLoss;
        long epochCheats;

        Role(Adversary adversary, int groupId) {
            this.adversary = adversary;
            this.groupId = groupId;
            this.cheatRate = adversary.cheatRate();
        }

        boolean colludes() {
            return adversary.strategy().equals("colluding") || adversary.strategy().equals("sybil");
        }
    }

    /** Share of an epoch's results caught that marks a cheater rather than an unlucky honest node. */
    private static final double EJECT_RATE = 0.05;

    private final Scenario scenario;
    private final VerificationSpec spec;
    private final Host host;
    private final Simulation sim;
    private final RandomGenerator random;
    private final Role[] roles;
    private final boolean[] compromised;
    private final int[] catches;
    private final int[] participations;
    private final double warmup;

    // Metrics (measured window).
    private long userResults;
    private long cheated;
    private long detected;
    private long undetected;
    private long falseSlashes;
    private long ejected;
    private double detectionDelaySum;
    private long detectionDelayCount;
    private double userGpuSeconds;
    private double requestCostUsd;
    private double requestRewardUsd;
    private double shadowGpuSeconds;
    private double shadowUsd;
    private double proofGpuSeconds;
    // toploc: commitments sent, their raw-activation equivalent, and what validation cost.
    private final double[] rawActivationBytesPerToken;
    private double commitmentBytes;
    private double rawActivationBytes;
    private long commitmentTokens;
    private long validations;
    private double validationGpuSeconds;
    private double validatedGenerationGpuSeconds;
    private double paymentDelaySum;
    private long payments;
    private final LatencyRecorder addedLatency = new LatencyRecorder();
    private final double[] nodeSaved;
    private final double[] nodePenalty;
    private final List<String> timeseries = new ArrayList<>();
    private long epochCheated;
    private long epochDetected;

    public Verifier(Scenario scenario, Host host, RandomGenerator random) {
        this.scenario = scenario;
        this.spec = scenario.verify();
        this.host = host;
        this.sim = host.sim();
        this.random = random;
        this.warmup = scenario.warmupSeconds();
        int n = host.nodeCount();
        this.roles = new Role[n];
        this.compromised = new boolean[n];
        this.catches = new int[n];
        this.participations = new int[n];
        this.nodeSaved = new double[n];
        this.nodePenalty = new double[n];
        this.rawActivationBytesPerToken = new double[spec.scheme().equals("toploc") ? n : 0];
        for (int node = 0; node < rawActivationBytesPerToken.length; node++) {
            // One BF16 hidden state per token: 32 tokens x 4096 x 2 bytes = 262 KB for Llama-3.1-8B (arXiv 2501.16007).
            String group = host.group(node);
            String model = scenario.nodes().stream().filter(g -> g.name().equals(group)).findFirst().orElseThrow().model();
            rawActivationBytesPerToken[node] = 2.0 * scenario.model(model).hidden();
        }
        assignAdversaries();
        for (int node = 0; node < n; node++) {
            compromised[node] = spec.scheme().equals("tee") && random.nextDouble() < spec.compromiseProbability();
        }
    }

    /** Adversaries take {@code share} of the eligible nodes, in a shuffled order drawn once. */
    private void assignAdversaries() {
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
    }

    public boolean isAdversarial(int node) {
        return roles[node] != null;
    }

    /** Service-time multiplier of the scheme on every node (TEE). */
    public static double serviceMultiplier(VerificationSpec spec) {
        return spec.scheme().equals("tee") ? 1 + spec.teeOverhead() : 1;
    }

    public void start() {
        sim.every(spec.epochSeconds(), this::endEpoch);
    }

    // ---------------------------------------------------------------- requests

    /** Called when a user request is routed: redundancy starts its replicas with it. */
    public void onRouted(Request request, int node) {
        if (!spec.scheme().equals("redundancy")) {
            return;
        }
        Vote vote = new Vote(request, node);
        request.verification = vote;
        List<Integer> used = new ArrayList<>(List.of(node));
        for (int i = 1; i < spec.replicas(); i++) {
            Request replica = host.submitShadow(node, used, request.promptTokens, request.outputTokens, vote::replicaDone);
            if (replica != null && replica.node >= 0) {
                used.add(replica.node);
            }
            vote.pending++;
        }
    }

    /**
     * A node returned a user request's result. Returns true when the user must wait (the
     * verifier calls {@link Host#release} later), false when the result stands now.
     */
    public boolean onResult(Request request, int node, double operatorUsd) {
        boolean measured = request.measured;
        participations[node]++;
        if (measured) {
            userResults++;
            userGpuSeconds += request.gpuSeconds;
            requestCostUsd += request.gpuSeconds * host.costPerSecond(node);
            requestRewardUsd += operatorUsd;
        }
        Role role = roles[node];
        request.cheated = role != null && decidesToCheat(role, request);
        double savedUsd = request.cheated ? request.gpuSeconds * host.costPerSecond(node) * role.adversary.savedShare() : 0;
        if (request.cheated) {
            role.epochCheats++;
            role.epochGain += savedUsd;
            if (measured) {
                cheated++;
                epochCheated++;
                nodeSaved[node] += savedUsd;
            }
        }
        return switch (spec.scheme()) {
            case "none" -> {
                countUndetected(request);
                yield false;
            }
            case "redundancy" -> ((Vote) request.verification).primaryDone(node, operatorUsd);
            case "spot-check" -> {
                spotCheck(request, node, operatorUsd, spec.rate(), 1.0);
                yield false;
            }
            case "activation-commitment" -> {
                double detection = role == null ? 1 : spec.detection().getOrDefault(role.adversary.strategy(), 1.0);
                validateByPrefill(request, node, operatorUsd, detection);
                yield false;
            }
            case "toploc" -> {
                commit(request, node);
                double detection = role == null ? 1 : spec.detection().getOrDefault(role.adversary.strategy(), 1.0);
                validateToploc(request, node, operatorUsd, detection);
                yield false;
            }
            case "optimistic" -> {
                optimistic(request, node, operatorUsd);
                yield false;
            }
            case "zkml" -> zkProof(request, node, operatorUsd);
            case "tee" -> {
                if (request.cheated && !compromised[node]) {
                    caught(request, node, operatorUsd, 0); // attestation: a non-compromised enclave cannot return a forged result
                } else {
                    countUndetected(request);
                }
                yield false;
            }
            default -> throw new IllegalStateException(spec.scheme());
        };
    }

    private boolean decidesToCheat(Role role, Request request) {
        if (spec.scheme().equals("redundancy") && role.colludes()) {
            return false; // colluders cheat under redundancy only when they hold the majority (Vote)
        }
        return random.nextDouble() < role.cheatRate;
    }

    private void countUndetected(Request request) {
        if (request.cheated && request.measured) {
            undetected++;
        }
    }

    // ---------------------------------------------------------------- spot checks

    /** Proof of sampling: with probability p a validator recomputes; a mismatch goes to arbitration. */
    private void spotCheck(Request request, int node, double operatorUsd, double probability, double detectionIfCheated) {
        if (random.nextDouble() >= probability) {
            countUndetected(request);
            return;
        }
        double resultTime = sim.now();
        host.submitShadow(node, List.of(), request.promptTokens, request.outputTokens, check -> {
            accountShadow(check, request.measured);
            if (Double.isNaN(check.endTime)) {
                countUndetected(request); // the check was lost: nobody looks again
                return;
            }
            boolean validatorCovers = check.node >= 0 && colludeTogether(node, check.node);
            if (request.cheated && !validatorCovers && random.nextDouble() < detectionIfCheated) {
                // Arbitration recomputes once more to settle the mismatch.
                host.submitShadow(node, List.of(check.node), request.promptTokens, request.outputTokens, arbiter -> accountShadow(arbiter, request.measured));
                caught(request, node, operatorUsd, sim.now() - resultTime);
            } else {
                countUndetected(request);
            }
        });
    }

    /** TOPLOC-like: the commitments are checked by a prefill of prompt and output on another node. */
    private void validateByPrefill(Request request, int node, double operatorUsd, double detection) {
        if (random.nextDouble() >= spec.rate()) {
            countUndetected(request);
            return;
        }
        double resultTime = sim.now();
        host.submitShadow(node, List.of(), request.promptTokens + request.outputTokens, 1, check -> {
            accountShadow(check, request.measured);
            boolean covers = check.node >= 0 && colludeTogether(node, check.node);
            if (!Double.isNaN(check.endTime) && request.cheated && !covers && random.nextDouble() < detection) {
                caught(request, node, operatorUsd, sim.now() - resultTime);
            } else {
                countUndetected(request);
            }
        });
    }

    /** TOPLOC: the result's commitments, one per {@code commit_tokens} generated tokens, travel with it. */
    private void commit(Request request, int node) {
        if (!request.measured) {
            return;
        }
        long commitments = (request.outputTokens + spec.commitTokens() - 1) / spec.commitTokens();
        commitmentBytes += commitments * spec.commitBytes();
        commitmentTokens += request.outputTokens;
        rawActivationBytes += request.outputTokens * rawActivationBytesPerToken[node];
    }

    /**
     * TOPLOC validation: with probability {@code rate} a validator recomputes the commitments by a
     * prefill of prompt and output on another node and compares them within TOPLOC's thresholds.
     * A cheat is caught with its attack's detection probability; an honest result fails only with
     * the false-positive rate, whatever its bitwise non-determinism (the thresholds absorb it).
     */
    private void validateToploc(Request request, int node, double operatorUsd, double detection) {
        if (random.nextDouble() >= spec.rate()) {
            countUndetected(request);
            return;
        }
        double resultTime = sim.now();
        double generationGpuSeconds = request.gpuSeconds;
        host.submitShadow(node, List.of(), request.promptTokens + request.outputTokens, 1, check -> {
            accountShadow(check, request.measured);
            if (Double.isNaN(check.endTime)) {
                countUndetected(request); // the validation was lost: nobody looks again
                return;
            }
            if (request.measured) {
                validations++;
                validationGpuSeconds += check.gpuSeconds;
                validatedGenerationGpuSeconds += generationGpuSeconds;
            }
            boolean covers = check.node >= 0 && colludeTogether(node, check.node);
            if (request.cheated) {
                if (!covers && random.nextDouble() < detection) {
                    caught(request, node, operatorUsd, sim.now() - resultTime);
                } else {
                    countUndetected(request);
                }
            } else if (spec.falsePositiveRate() > 0 && random.nextDouble() < spec.falsePositiveRate()) {
                if (request.measured) {
                    falseSlashes++;
                }
                punishOnly(node, operatorUsd);
            }
        });
    }

    /** Optimistic: paid after the challenge window; a challenger checks with probability {@code rate}. */
    private void optimistic(Request request, int node, double operatorUsd) {
        if (request.measured) {
            paymentDelaySum += spec.challengeWindowSeconds();
            payments++;
        }
        if (random.nextDouble() >= spec.rate()) {
            countUndetected(request);
            return;
        }
        double resultTime = sim.now();
        // The challenger checks at some time within the window.
        double checkAt = random.nextDouble() * spec.challengeWindowSeconds();
        sim.schedule(checkAt, () -> host.submitShadow(node, List.of(), request.promptTokens, request.outputTokens, check -> {
            accountShadow(check, request.measured);
            boolean covers = check.node >= 0 && colludeTogether(node, check.node);
            if (!Double.isNaN(check.endTime) && request.cheated && !covers) {
                // Bisection narrows the dispute to one step over about log2(steps) rounds.
                double bisection = spec.bisectionRounds() * spec.roundSeconds();
                sim.schedule(bisection, () -> caught(request, node, operatorUsd, sim.now() - resultTime));
            } else {
                countUndetected(request);
            }
        }));
    }

    /**
     * zkML: the operator proves the inference on prover GPUs (proof_multiple × its GPU time, at
     * its own hourly price); a cheater cannot produce a valid proof. The user waits for the
     * proof only with {@code wait_for_proof}; the payment always does.
     */
    private boolean zkProof(Request request, int node, double operatorUsd) {
        double proofSeconds = spec.proofMultiple() * Math.max(request.gpuSeconds, 1e-6);
        double delay = proofSeconds + spec.verifySeconds();
        if (request.measured) {
            proofGpuSeconds += spec.proofMultiple() * request.gpuSeconds;
            shadowUsd += spec.proofMultiple() * request.gpuSeconds * host.costPerSecond(node);
            paymentDelaySum += delay;
            payments++;
        }
        double resultTime = sim.now();
        sim.schedule(delay, () -> {
            if (request.cheated) {
                caught(request, node, operatorUsd, sim.now() - resultTime);
            }
            if (spec.waitForProof()) {
                if (request.measured) {
                    addedLatency.record(sim.now() - resultTime);
                }
                host.release(request);
            }
        });
        return spec.waitForProof();
    }

    private boolean colludeTogether(int a, int b) {
        return roles[a] != null && roles[b] != null && roles[a].colludes() && roles[a].groupId == roles[b].groupId;
    }

    private void accountShadow(Request shadow, boolean measured) {
        if (measured) {
            shadowGpuSeconds += shadow.gpuSeconds;
            if (shadow.node >= 0) {
                shadowUsd += shadow.gpuSeconds * host.costPerSecond(shadow.node);
            }
        }
    }

    // ---------------------------------------------------------------- redundancy

    /**
     * k-of-n redundancy: the primary and its replicas each return a result; the most common one
     * wins when a majority agrees. Honest results differ bitwise with the non-determinism
     * probability under exact comparison (a tenth of it for activation hashes, never with a
     * logit tolerance), so honest operators can land in the minority and be wrongly punished.
     */
    private final class Vote {
        final Request primary;
        final int primaryNode;
        final List<Integer> nodes = new ArrayList<>();
        final List<Request> replicas = new ArrayList<>();
        int pending;
        boolean primaryReturned;
        double primaryTime;
        double operatorUsd;

        Vote(Request primary, int node) {
            this.primary = primary;
            this.primaryNode = node;
        }

        boolean primaryDone(int node, double usd) {
            primaryReturned = true;
            primaryTime = sim.now();
            operatorUsd = usd;
            if (pending == 0) {
                decide();
                return false;
            }
            return true;
        }

        void replicaDone(Request replica) {
            accountShadow(replica, primary.measured);
            pending--;
            if (!Double.isNaN(replica.endTime)) {
                replicas.add(replica);
            }
            if (pending == 0 && primaryReturned) {
                if (primary.measured) {
                    addedLatency.record(sim.now() - primaryTime);
                }
                decide();
                host.release(primary);
            }
        }

        private void decide() {
            List<Integer> participants = new ArrayList<>();
            participants.add(primaryNode);
            for (Request replica : replicas) {
                participants.add(replica.node);
            }
            int n = participants.size();
            int majority = n / 2 + 1;
            for (int i = 1; i < n; i++) {
                participations[participants.get(i)]++;
            }
            // Colluders of one group who hold a majority return the same wrong answer.
            Map<Integer, Integer> colluders = new LinkedHashMap<>();
            for (int node : participants) {
                Role role = roles[node];
                if (role != null && role.colludes()) {
                    colluders.merge(role.groupId, 1, Integer::sum);
                }
            }
            int winningGroup = -1;
            for (Map.Entry<Integer, Integer> e : colluders.entrySet()) {
                if (e.getValue() >= majority) {
                    winningGroup = e.getKey();
                }
            }
            double mismatch = switch (spec.comparison()) {
                case "exact" -> spec.nondeterminism();
                case "activation-hash" -> spec.nondeterminism() / 10;
                default -> 0;
            };
            // Each participant's answer: 0 correct, -k a distinct wrong or variant answer, group id for colluders' shared lie.
            int[] answer = new int[n];
            boolean[] lied = new boolean[n];
            boolean hiddenPrimaryLie = false;
            int distinct = 0;
            for (int i = 0; i < n; i++) {
                int node = participants.get(i);
                Role role = roles[node];
                if (winningGroup >= 0 && role != null && role.colludes() && role.groupId == winningGroup) {
                    answer[i] = 1_000_000 + winningGroup;
                    lied[i] = true;
                } else if (i == 0 && primary.cheated || i > 0 && role != null && !role.colludes() && random.nextDouble() < role.cheatRate) {
                    lied[i] = true;
                    // By embedding distance a wrong answer may look like the right one.
                    boolean seen = !spec.comparison().equals("embedding") || role == null
                            || random.nextDouble() < spec.detection().getOrDefault(role.adversary.strategy(), 1.0);
                    answer[i] = seen ? -(++distinct) : 0;
                    hiddenPrimaryLie |= i == 0 && !seen;
                } else if (random.nextDouble() < mismatch) {
                    answer[i] = -(++distinct); // honest, but bitwise different
                } else {
                    answer[i] = 0;
                }
            }
            if (winningGroup >= 0 && roles[primaryNode] != null && roles[primaryNode].groupId == winningGroup) {
                primary.cheated = true;
                if (primary.measured) {
                    cheated++;
                    epochCheated++;
                }
            }
            Map<Integer, Integer> counts = new LinkedHashMap<>();
            for (int a : answer) {
                counts.merge(a, 1, Integer::sum);
            }
            int accepted = Integer.MIN_VALUE;
            for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
                if (e.getValue() >= majority) {
                    accepted = e.getKey();
                }
            }
            if (accepted == Integer.MIN_VALUE) {
                // No majority: an arbiter recomputes and the truth (answer 0) is established.
                host.submitShadow(primaryNode, participants, primary.promptTokens, primary.outputTokens, arbiter -> accountShadow(arbiter, primary.measured));
                accepted = 0;
            }
            for (int i = 0; i < n; i++) {
                if (answer[i] == accepted) {
                    continue;
                }
                int node = participants.get(i);
                if (!lied[i]) {
                    if (primary.measured) {
                        falseSlashes++; // an honest result outvoted
                    }
                    punishOnly(node, i == 0 ? operatorUsd : 0);
                } else if (i == 0) {
                    caught(primary, node, operatorUsd, sim.now() - primaryTime);
                } else {
                    punishOnly(node, 0);
                }
            }
            if (primary.cheated && (accepted != 0 || hiddenPrimaryLie)) {
                countUndetected(primary); // the lie won the vote, or passed as the right answer
            }
        }
    }

    // ---------------------------------------------------------------- consequences

    private void caught(Request request, int node, double operatorUsd, double delaySeconds) {
        if (request.measured) {
            detected++;
            epochDetected++;
            detectionDelaySum += delaySeconds;
            detectionDelayCount++;
        }
        Role role = roles[node];
        if (role != null) {
            role.epochLoss += spec.penaltyUsd() + (spec.withholdReward() ? operatorUsd : 0);
        }
        punishOnly(node, operatorUsd);
    }

    private void punishOnly(int node, double operatorUsd) {
        double withheld = spec.withholdReward() ? operatorUsd : 0; // taken from the node's revenue by the host
        nodePenalty[node] += spec.penaltyUsd();
        host.punish(node, withheld, 1 - spec.reputationPenalty());
        catches[node]++;
        // Eject on a record, not on bad luck: enough catches in this epoch, and a catch rate no
        // honest operator reaches through non-determinism or being outvoted now and then.
        boolean record = catches[node] >= spec.ejectAfter() && catches[node] >= EJECT_RATE * participations[node];
        if (spec.ejectAfter() > 0 && record && host.isUp(node)) {
            ejected++;
            host.eject(node);
            Role role = roles[node];
            if (role != null && role.adversary.strategy().equals("sybil")) {
                // A Sybil operator comes back under a fresh identity after an epoch.
                sim.schedule(spec.epochSeconds(), () -> {
                    catches[node] = 0;
                    host.readmit(node);
                });
            }
        }
    }

    // ---------------------------------------------------------------- epochs

    /** Rational cheaters move their rate towards what paid: gain per cheat against loss per cheat. */
    private void endEpoch() {
        java.util.Arrays.fill(catches, 0); // ejection counts the catches of one epoch
        java.util.Arrays.fill(participations, 0);
        double rateSum = 0;
        int rational = 0;
        for (Role role : roles) {
            if (role == null || !role.adversary.strategy().equals("rational")) {
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
        timeseries.add(String.format(Locale.ROOT, "%.4f,%s,%d,%d", sim.now() / 3600,
                rational == 0 ? "" : String.format(Locale.ROOT, "%.6f", rateSum / rational), epochCheated, epochDetected));
        epochCheated = 0;
        epochDetected = 0;
    }

    public static String timeseriesHeader() {
        return "replication,scheme,time_h,rational_cheat_rate,cheated,detected";
    }

    public List<String> timeseriesRows(int replication) {
        List<String> rows = new ArrayList<>();
        for (String row : timeseries) {
            rows.add(replication + "," + spec.scheme() + "," + row);
        }
        return rows;
    }

    // ---------------------------------------------------------------- results

    /**
     * @param nodeRevenueUsd what each node earned (service revenue, after withholding)
     * @param nodeCostUsd    what each node's GPU-hours cost
     */
    public Map<String, Double> metrics(double[] nodeRevenueUsd, double[] nodeCostUsd) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("verify.cheated", (double) cheated);
        m.put("verify.detected", (double) detected);
        m.put("verify.undetected", (double) undetected);
        m.put("verify.undetected_fraud_rate", userResults == 0 ? Double.NaN : (double) undetected / userResults);
        m.put("verify.detection_rate", cheated == 0 ? Double.NaN : (double) detected / cheated);
        m.put("verify.detection_delay_s", detectionDelayCount == 0 ? Double.NaN : detectionDelaySum / detectionDelayCount);
        double overheadSeconds = shadowGpuSeconds + proofGpuSeconds;
        m.put("verify.overhead_gpu_hours", overheadSeconds / 3600);
        m.put("verify.overhead_share", userGpuSeconds == 0 ? Double.NaN : overheadSeconds / userGpuSeconds);
        m.put("verify.overhead_usd", shadowUsd);
        m.put("verify.added_latency_ms.p50", addedLatency.count() == 0 ? 0 : addedLatency.percentileMs(50));
        m.put("verify.added_latency_ms.p99", addedLatency.count() == 0 ? 0 : addedLatency.percentileMs(99));
        m.put("verify.payment_delay_s", payments == 0 ? 0 : paymentDelaySum / payments);
        m.put("verify.false_slashes", (double) falseSlashes);
        // The proof-of-sampling game's C (compute cost) and R (reward) per request, measured.
        m.put("verify.request_cost_usd", userResults == 0 ? Double.NaN : requestCostUsd / userResults);
        m.put("verify.request_reward_usd", userResults == 0 ? Double.NaN : requestRewardUsd / userResults);
        m.put("verify.ejected", (double) ejected);
        double honestNet = 0;
        double honestCost = 0;
        double cheaterNet = 0;
        double cheaterCost = 0;
        for (int node = 0; node < roles.length; node++) {
            if (!host.isDecentralized(node)) {
                continue;
            }
            double net = nodeRevenueUsd[node] + nodeSaved[node] - nodePenalty[node] - nodeCostUsd[node];
            if (roles[node] == null) {
                honestNet += net;
                honestCost += nodeCostUsd[node];
            } else {
                cheaterNet += net;
                cheaterCost += nodeCostUsd[node];
            }
        }
        m.put("verify.roi.honest", honestCost == 0 ? Double.NaN : honestNet / honestCost);
        m.put("verify.roi.cheater", cheaterCost == 0 ? Double.NaN : cheaterNet / cheaterCost);
        double rate = 0;
        int rational = 0;
        for (Role role : roles) {
            if (role != null && role.adversary.strategy().equals("rational")) {
                rate += role.cheatRate;
                rational++;
            }
        }
        m.put("verify.rational_cheat_rate_end", rational == 0 ? Double.NaN : rate / rational);
        if (spec.scheme().equals("toploc")) {
            m.put("verify.proof_bytes", commitmentBytes);
            m.put("verify.proof_bytes_per_token", commitmentTokens == 0 ? Double.NaN : commitmentBytes / commitmentTokens);
            m.put("verify.proof_compression", commitmentBytes == 0 ? Double.NaN : rawActivationBytes / commitmentBytes);
            m.put("verify.validations", (double) validations);
            m.put("verify.validation_cost_ratio", validatedGenerationGpuSeconds == 0 ? Double.NaN : validationGpuSeconds / validatedGenerationGpuSeconds);
        }
        return m;
    }
}
