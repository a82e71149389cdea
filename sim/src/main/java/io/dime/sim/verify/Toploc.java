package io.dime.sim.verify;

import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.VerificationSpec;
import io.dime.sim.workload.Request;
import java.util.List;
import java.util.Map;

/**
 * {@code toploc}, after TOPLOC (Ong et al., arXiv 2501.16007, ICML 2025): every result carries
 * commitments to locality-sensitive hashes of its top-k hidden-state values, {@code commit_bytes}
 * per {@code commit_tokens} generated tokens; with probability {@code rate} a validator
 * recomputes them by a prefill of prompt and output on another node and compares them within
 * TOPLOC's thresholds. A cheat is caught with its attack's detection probability; an honest
 * result fails only with the false-positive rate, whatever its bitwise non-determinism.
 */
final class Toploc implements Scheme {
    private final Checks checks;
    private final VerificationSpec.Toploc settings;
    /** By node, the bytes of one token's raw activations: what the commitments stand in for. */
    private final double[] rawActivationBytesPerToken;

    Toploc(Checks checks, Scenario scenario) {
        this.settings = (VerificationSpec.Toploc) checks.spec.check();
        this.checks = checks;
        int n = checks.host.nodeCount();
        this.rawActivationBytesPerToken = new double[n];
        for (int node = 0; node < n; node++) {
            // One BF16 hidden state per token: 32 tokens x 4096 x 2 bytes = 262 KB for Llama-3.1-8B (arXiv 2501.16007).
            String group = checks.host.group(node);
            String model = scenario.nodes().stream().filter(g -> g.name().equals(group)).findFirst().orElseThrow().model();
            rawActivationBytesPerToken[node] = 2.0 * scenario.model(model).hidden();
        }
    }

    @Override
    public boolean onResult(Request request, int node, double operatorUsd, Role role) {
        commit(request, node);
        validate(request, node, operatorUsd, checks.detection(role));
        return false;
    }

    /** The result's commitments, one per {@code commit_tokens} generated tokens, travel with it. */
    private void commit(Request request, int node) {
        if (!request.measured) {
            return;
        }
        Tally tally = checks.tally;
        long commitments = (request.outputTokens + settings.commitTokens() - 1) / settings.commitTokens();
        tally.commitmentBytes += commitments * settings.commitBytes();
        tally.commitmentTokens += request.outputTokens;
        tally.rawActivationBytes += request.outputTokens * rawActivationBytesPerToken[node];
    }

    private void validate(Request request, int node, double operatorUsd, double detection) {
        if (checks.random.nextDouble() >= settings.rate()) {
            checks.countUndetected(request);
            return;
        }
        double resultTime = checks.sim.now();
        double generationGpuSeconds = request.gpuSeconds();
        checks.host.submitShadow(node, List.of(), request.promptTokens + request.outputTokens, 1, check -> {
            checks.accountShadow(check, request.measured);
            if (Double.isNaN(check.endTime())) {
                checks.countUndetected(request); // the validation was lost: nobody looks again
                return;
            }
            if (request.measured) {
                checks.tally.validations++;
                checks.tally.validationGpuSeconds += check.gpuSeconds();
                checks.tally.validatedGenerationGpuSeconds += generationGpuSeconds;
            }
            judge(request, node, operatorUsd, detection, check.node() >= 0 && checks.colludeTogether(node, check.node()), resultTime);
        });
    }

    private void judge(Request request, int node, double operatorUsd, double detection, boolean covers, double resultTime) {
        if (request.cheated()) {
            if (!covers && checks.random.nextDouble() < detection) {
                checks.caught(request, node, operatorUsd, checks.sim.now() - resultTime);
            } else {
                checks.countUndetected(request);
            }
        } else if (settings.falsePositiveRate() > 0 && checks.random.nextDouble() < settings.falsePositiveRate()) {
            if (request.measured) {
                checks.tally.falseSlashes++;
            }
            checks.punishOnly(node, operatorUsd);
        }
    }

    @Override
    public void metrics(Map<String, Double> m) {
        checks.tally.toplocMetrics(m);
    }
}
