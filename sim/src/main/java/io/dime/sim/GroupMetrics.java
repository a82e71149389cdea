package io.dime.sim;

import io.dime.sim.metrics.LatencyRecorder;
import io.dime.sim.workload.Request;

/** Latency and money of one node group: what a user of that provider alone would see. */
final class GroupMetrics {
    final LatencyRecorder ttft = new LatencyRecorder();
    final LatencyRecorder tpot = new LatencyRecorder();
    final LatencyRecorder maxItl = new LatencyRecorder();
    final LatencyRecorder e2e = new LatencyRecorder();
    long tokens;
    long outputTokens;
    double paidUsd;

    /**
     * Bytes the group's nodes sent out for these requests: each answer token as a streamed chunk,
     * and in a pipeline every token's activations over each hop between stages (prompt tokens in
     * prefill, answer tokens as they are made).
     */
    double egressBytes(io.dime.sim.scenario.Scenario.NodeGroup group, double streamBytesPerToken) {
        return outputTokens * streamBytesPerToken + (group.pipelineStages() - 1) * group.hopBytesPerToken() * (double) tokens;
    }

    static GroupMetrics[] of(int groups) {
        GroupMetrics[] all = new GroupMetrics[groups];
        for (int g = 0; g < groups; g++) {
            all[g] = new GroupMetrics();
        }
        return all;
    }

    void completed(Request request, double ttftSeconds, double e2eSeconds, double priceUsd) {
        ttft.record(ttftSeconds);
        e2e.record(e2eSeconds);
        if (request.outputTokens > 1) {
            tpot.record((e2eSeconds - ttftSeconds) / (request.outputTokens - 1));
            if (request.maxTokenGapSeconds() > 0) {
                maxItl.record(request.maxTokenGapSeconds());
            }
        }
        int requestTokens = request.totalTokens();
        tokens += requestTokens;
        outputTokens += request.outputTokens;
        paidUsd += priceUsd;
    }
}
