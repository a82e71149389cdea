package io.dime.sim.verify;

import io.dime.sim.metrics.LatencyRecorder;
import java.util.LinkedHashMap;
import java.util.Map;

/** What verification did in the measured window, counted as it happens, and the metrics made of it. */
final class Tally {
    long userResults;
    long cheated;
    long detected;
    long undetected;
    long falseSlashes;
    long ejected;
    double detectionDelaySum;
    long detectionDelayCount;
    double userGpuSeconds;
    double requestCostUsd;
    double requestRewardUsd;
    double shadowGpuSeconds;
    double shadowUsd;
    double proofGpuSeconds;
    // toploc: commitments sent, their raw-activation equivalent, and what validation cost.
    double commitmentBytes;
    double rawActivationBytes;
    long commitmentTokens;
    long validations;
    double validationGpuSeconds;
    double validatedGenerationGpuSeconds;
    double paymentDelaySum;
    long payments;
    final LatencyRecorder addedLatency = new LatencyRecorder();
    // This epoch, for the time series.
    long epochCheated;
    long epochDetected;

    /** The scheme-independent metrics, in the order the report shows them. */
    Map<String, Double> metrics() {
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
        return m;
    }

    /** TOPLOC's own: what the commitments weigh against raw activations, and what validation cost. */
    void toplocMetrics(Map<String, Double> m) {
        m.put("verify.proof_bytes", commitmentBytes);
        m.put("verify.proof_bytes_per_token", commitmentTokens == 0 ? Double.NaN : commitmentBytes / commitmentTokens);
        m.put("verify.proof_compression", commitmentBytes == 0 ? Double.NaN : rawActivationBytes / commitmentBytes);
        m.put("verify.validations", (double) validations);
        m.put("verify.validation_cost_ratio", validatedGenerationGpuSeconds == 0 ? Double.NaN : validationGpuSeconds / validatedGenerationGpuSeconds);
    }
}
