package io.dime.sim.metrics;

import io.dime.sim.workload.Request;

/**
 * What one replication measures over its window (warm-up excluded), overall and per request
 * class. Requests are counted from arrival, so that at the end
 * arrived = completed + failed + dropped + in flight. Latencies are as the client sees them.
 */
public final class RunMetrics {
    /** Latency and outcome counts of one request class (or of all). */
    public static final class ClassMetrics {
        public final LatencyRecorder ttft = new LatencyRecorder();
        public final LatencyRecorder tpot = new LatencyRecorder();
        public final LatencyRecorder e2e = new LatencyRecorder();
        public final LatencyRecorder queue = new LatencyRecorder();
        /** Per request, the longest gap between two streamed tokens: the stall a reader notices. */
        public final LatencyRecorder maxItl = new LatencyRecorder();
        long arrived;
        long completed;
        long sloMet;
        long tokens;
        double revenueUsd;

        public long tokens() {
            return tokens;
        }

        public double revenueUsd() {
            return revenueUsd;
        }

        public long arrived() {
            return arrived;
        }

        public long completed() {
            return completed;
        }

        public long sloMet() {
            return sloMet;
        }
    }

    public final ClassMetrics all = new ClassMetrics();
    private final ClassMetrics[] classes;

    private long failed;
    private long timedOut;
    private long dropped;
    private long inFlight;
    private long retries;
    private long promptTokens;
    private long outputTokens;
    private double revenueUsd;

    // Time integral of measured requests in the system, for Little's law.
    private double inSystemArea;
    private double lastChange;

    public RunMetrics(int classCount) {
        classes = new ClassMetrics[classCount];
        for (int i = 0; i < classCount; i++) {
            classes[i] = new ClassMetrics();
        }
    }

    public ClassMetrics of(int requestClass) {
        return classes[requestClass];
    }

    public void start(double time) {
        lastChange = time;
    }

    public void arrived(Request request, double now) {
        if (!request.measured) {
            return;
        }
        accrue(now);
        all.arrived++;
        classes[request.requestClass].arrived++;
        inFlight++;
    }

    public void retried(Request request) {
        if (request.measured) {
            retries++;
        }
    }

    public void dropped(Request request, double now) {
        if (!request.measured) {
            return;
        }
        accrue(now);
        dropped++;
        inFlight--;
    }

    public void failed(Request request, boolean timeout, double now) {
        if (!request.measured) {
            return;
        }
        accrue(now);
        failed++;
        if (timeout) {
            timedOut++;
        }
        inFlight--;
    }

    /** A completed request, with its latencies as the client saw them (seconds). */
    public void completed(Request request, double ttftSeconds, double e2eSeconds, double queueSeconds, boolean sloMet, double priceUsd, double now) {
        if (!request.measured) {
            return;
        }
        accrue(now);
        inFlight--;
        record(all, request, ttftSeconds, e2eSeconds, queueSeconds, sloMet, priceUsd);
        record(classes[request.requestClass], request, ttftSeconds, e2eSeconds, queueSeconds, sloMet, priceUsd);
        promptTokens += request.promptTokens;
        outputTokens += request.outputTokens;
        revenueUsd += priceUsd;
    }

    /**
     * A payment users of {@code requestClass} made for time rather than for one completed
     * request (a lease's block, a job's fee or node pay): counted in what they paid, with no tokens.
     */
    public void paid(int requestClass, double usd) {
        all.revenueUsd += usd;
        classes[requestClass].revenueUsd += usd;
        revenueUsd += usd;
    }

    private static void record(ClassMetrics m, Request request, double ttftSeconds, double e2eSeconds, double queueSeconds, boolean sloMet, double priceUsd) {
        m.completed++;
        m.tokens += request.totalTokens();
        m.revenueUsd += priceUsd;
        m.ttft.record(ttftSeconds);
        m.e2e.record(e2eSeconds);
        m.queue.record(queueSeconds);
        if (request.outputTokens > 1) {
            m.tpot.record((e2eSeconds - ttftSeconds) / (request.outputTokens - 1));
            if (request.maxTokenGapSeconds() > 0) {
                m.maxItl.record(request.maxTokenGapSeconds());
            }
        }
        if (sloMet) {
            m.sloMet++;
        }
    }

    private void accrue(double now) {
        inSystemArea += inFlight * (now - lastChange);
        lastChange = now;
    }

    public void finish(double now) {
        accrue(now);
    }

    public long arrived() {
        return all.arrived;
    }

    public long completed() {
        return all.completed;
    }

    public long failed() {
        return failed;
    }

    public long timedOut() {
        return timedOut;
    }

    public long dropped() {
        return dropped;
    }

    public long inFlight() {
        return inFlight;
    }

    public long retries() {
        return retries;
    }

    public long sloMet() {
        return all.sloMet;
    }

    public long promptTokens() {
        return promptTokens;
    }

    public long outputTokens() {
        return outputTokens;
    }

    public double revenueUsd() {
        return revenueUsd;
    }

    /** Integral over the window of requests in the system (request-seconds). */
    public double inSystemArea() {
        return inSystemArea;
    }
}
