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
    double paidUsd;

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
        paidUsd += priceUsd;
    }
}
