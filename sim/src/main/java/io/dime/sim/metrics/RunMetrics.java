package io.dime.sim.metrics;

import io.dime.sim.scenario.Scenario.Slo;
import io.dime.sim.workload.Request;

/**
 * What one replication measures over its window (warm-up excluded). Requests are counted from
 * arrival, so that at the end arrived = completed + failed + dropped + in flight.
 */
public final class RunMetrics {
    public final LatencyRecorder ttft = new LatencyRecorder();
    public final LatencyRecorder tpot = new LatencyRecorder();
    public final LatencyRecorder e2e = new LatencyRecorder();
    public final LatencyRecorder queue = new LatencyRecorder();

    private long arrived;
    private long completed;
    private long failed;
    private long dropped;
    private long inFlight;
    private long sloMet;
    private long promptTokens;
    private long outputTokens;
    private double revenueUsd;

    // Time integral of measured requests in the system, for Little's law.
    private double inSystemArea;
    private double lastChange;

    public void start(double time) {
        lastChange = time;
    }

    public void arrived(Request request, double now) {
        if (!request.measured) {
            return;
        }
        accrue(now);
        arrived++;
        inFlight++;
    }

    public void dropped(Request request, double now) {
        if (!request.measured) {
            return;
        }
        accrue(now);
        dropped++;
        inFlight--;
    }

    public void failed(Request request, double now) {
        if (!request.measured) {
            return;
        }
        accrue(now);
        failed++;
        inFlight--;
    }

    public void completed(Request request, Slo slo, double priceUsd, double now) {
        if (!request.measured) {
            return;
        }
        accrue(now);
        completed++;
        inFlight--;
        double ttftSeconds = request.firstTokenTime - request.arrivalTime;
        double e2eSeconds = request.endTime - request.arrivalTime;
        ttft.record(ttftSeconds);
        e2e.record(e2eSeconds);
        queue.record(request.startTime - request.arrivalTime);
        if (request.outputTokens > 1) {
            tpot.record((request.endTime - request.firstTokenTime) / (request.outputTokens - 1));
        }
        if (ttftSeconds <= slo.ttftSeconds() && e2eSeconds <= slo.e2eSeconds()) {
            sloMet++;
        }
        promptTokens += request.promptTokens;
        outputTokens += request.outputTokens;
        revenueUsd += priceUsd;
    }

    private void accrue(double now) {
        inSystemArea += inFlight * (now - lastChange);
        lastChange = now;
    }

    public void finish(double now) {
        accrue(now);
    }

    public long arrived() {
        return arrived;
    }

    public long completed() {
        return completed;
    }

    public long failed() {
        return failed;
    }

    public long dropped() {
        return dropped;
    }

    public long inFlight() {
        return inFlight;
    }

    public long sloMet() {
        return sloMet;
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
