package io.dime.sim;

import io.dime.sim.kernel.Simulation;
import io.dime.sim.metrics.RunMetrics;
import io.dime.sim.network.Network;
import io.dime.sim.node.Node;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.Scenario.RequestClass;
import io.dime.sim.workload.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * The life of a request, from arrival to its one end: dispatched to a node (by the router, or
 * by a job market), sent across the network, served, paid, possibly held for verification, and
 * sealed as completed, failed, timed out or dropped. Retries go elsewhere while they last. What
 * else follows a request (markets, economy, verifier) listens ({@link RequestListener}) or is
 * one of the strategies given at construction, never a branch on a part that may be absent.
 */
final class RequestLifecycle {
    /** How a request finds its node. */
    interface Dispatch {
        void dispatch(Request request);
    }

    /** What the user pays for a completed request and what its operator earns; returns the operator's dollars. */
    interface Settlement {
        double settle(Request request, Node node, double amountUsd, boolean sloMet, double jobPayUsd);
    }

    /** Whether a result is held (for a vote or a proof) rather than delivered now; the holder calls {@link #release}. */
    interface ResultGate {
        boolean holds(Request request, int node, double operatorUsd);
    }

    /** A closed-loop class's next request, after one of its requests ended at {@code endedAt}. */
    interface ClosedLoops {
        void next(Request request, double endedAt);
    }

    private enum Outcome { FAILED, TIMED_OUT, DROPPED }

    private final Scenario scenario;
    private final Simulation sim;
    private final Network network;
    private final RandomGenerator networkRandom;
    private final NodeTable table;
    private final RunMetrics metrics;
    private final RequestSampler sampler;
    private final GroupMetrics[] groupMetrics;
    private final List<RequestListener> listeners = new ArrayList<>();
    private RequestListener[] listening = new RequestListener[0];
    private Dispatch dispatch;
    private Settlement settlement;
    private ResultGate gate = (request, node, operatorUsd) -> false;
    private ClosedLoops closedLoops = (request, endedAt) -> { };
    private ToDoubleFunction<Request> paidOnResult = request -> 0;
    /** Whether users pay for time (lease blocks, job fees) rather than per request: a completion then carries no payment. */
    private final boolean paymentsOutsideRequests;
    private long nextRequestId;

    RequestLifecycle(Scenario scenario, Simulation sim, Network network, NodeTable table, RunMetrics metrics, RequestSampler sampler,
            GroupMetrics[] groupMetrics) {
        this.scenario = scenario;
        this.sim = sim;
        this.network = network;
        this.networkRandom = sim.random().stream("network");
        this.table = table;
        this.metrics = metrics;
        this.sampler = sampler;
        this.groupMetrics = groupMetrics;
        this.paymentsOutsideRequests = scenario.market().timePriced();
    }

    void listen(RequestListener listener) {
        listeners.add(listener);
        listening = listeners.toArray(new RequestListener[0]);
    }

    void dispatchBy(Dispatch dispatch) {
        this.dispatch = dispatch;
    }

    void settleBy(Settlement settlement) {
        this.settlement = settlement;
    }

    void gateBy(ResultGate gate) {
        this.gate = gate;
    }

    /** What a node is paid when it posts a result (a job market's runtime pay); nothing by default. */
    void paidOnResult(ToDoubleFunction<Request> paidOnResult) {
        this.paidOnResult = paidOnResult;
    }

    void closedLoops(ClosedLoops closedLoops) {
        this.closedLoops = closedLoops;
    }

    long nextRequestId() {
        return nextRequestId++;
    }

    /** A new user request: counted, given its client's timeout, and dispatched. */
    void arrived(Request request, double now) {
        metrics.arrived(request, now);
        RequestClass requestClass = scenario.workload().get(request.requestClass);
        if (Double.isFinite(requestClass.timeoutSeconds())) {
            request.setTimeoutHandle(sim.schedule(requestClass.timeoutSeconds(), () -> timedOut(request)));
        }
        dispatch.dispatch(request);
    }

    /** Admission control refused the request: better a fast "no" than a slow answer. */
    void refused(Request request) {
        end(request, Outcome.DROPPED);
    }

    /** Sends a request across the network to the node chosen for it. */
    void sendTo(Request request, Node node) {
        int index = node.index();
        double uplink = network.oneWaySeconds(request.clientRegion, table.region[index], network.tokenBytes(request.promptTokens), networkRandom);
        request.setDownlinkSeconds(network.oneWaySeconds(table.region[index], request.clientRegion, network.tokenBytes(1), networkRandom));
        request.assignTo(index);
        table.inTransit[index]++;
        for (RequestListener listener : listening) {
            listener.sent(request, index);
        }
        sim.schedule(uplink + table.requestOverheadSeconds[index], () -> deliver(request, node));
    }

    private void deliver(Request request, Node node) {
        table.inTransit[node.index()]--;
        if (request.finished()) {
            return; // the client gave up while the request was on its way
        }
        request.arrivedAtNode(sim.now());
        if (!node.offer(request)) {
            retryOrEnd(request, false);
        }
    }

    /** A refused or lost request is tried again elsewhere while retries last. */
    void retryOrEnd(Request request, boolean wasAccepted) {
        if (request.finished()) {
            return;
        }
        if (request.isShadow()) {
            // Lost verification work is not retried: the verifier hears of it and moves on.
            request.finish();
            request.ended(Double.NaN);
            request.shadowEnded();
            return;
        }
        for (RequestListener listener : listening) {
            listener.lost(request); // a job market: no pay, deposit back; a retry lists a new job
        }
        if (request.attempts() < scenario.routing().retries()) {
            request.countAttempt();
            metrics.retried(request);
            if (request.node() >= 0) {
                request.rememberTried(request.node());
            }
            request.resetServing();
            sim.schedule(scenario.routing().retryDelaySeconds(), () -> {
                if (!request.finished()) {
                    dispatch.dispatch(request);
                }
            });
            return;
        }
        end(request, wasAccepted ? Outcome.FAILED : Outcome.DROPPED);
    }

    /** Every node refused the request, and no retry is left or due now. */
    void unroutable(Request request) {
        retryOrEnd(request, false);
    }

    private void timedOut(Request request) {
        if (request.finished()) {
            return;
        }
        request.setTimeoutHandle(-1);
        if (request.node() >= 0) {
            table.node(request.node()).abort(request);
        }
        end(request, Outcome.TIMED_OUT);
    }

    /** The one place a request's fate is sealed when it does not complete; a request ends once. */
    private void end(Request request, Outcome outcome) {
        if (request.finished()) {
            return;
        }
        request.finish();
        if (request.timeoutHandle() >= 0) {
            sim.cancel(request.timeoutHandle());
        }
        double now = sim.now();
        for (RequestListener listener : listening) {
            listener.ended(request);
        }
        switch (outcome) {
            case DROPPED -> metrics.dropped(request, now);
            case FAILED -> metrics.failed(request, false, now);
            case TIMED_OUT -> metrics.failed(request, true, now);
        }
        sample(request, outcome.name().toLowerCase(Locale.ROOT), Double.NaN, Double.NaN);
        closedLoops.next(request, now);
    }

    /**
     * A node could not serve a request it had accepted (a live node's server refused it, died
     * mid-answer or did not answer in time): the request fails. It is not retried elsewhere,
     * because the failure is part of what a run with a real server measures.
     */
    void nodeFailed(Node node, Request request, String reason) {
        if (request.isShadow()) {
            retryOrEnd(request, true); // lost verification work: the verifier hears of it
            return;
        }
        if (request.finished()) {
            return;
        }
        table.failed(node.index());
        for (RequestListener listener : listening) {
            listener.lost(request);
        }
        end(request, Outcome.FAILED);
    }

    /** A node served the request's last token: the user pays, the operator earns, and the result is delivered or held. */
    void completed(Node node, Request request) {
        if (request.isShadow()) {
            request.finish();
            request.shadowEnded(); // verification work: the verifier counts it, not the metrics
            return;
        }
        // A job market pays the node for its runtime when it posts the result, whether or not the user still waits.
        double jobPayUsd = paidOnResult.applyAsDouble(request);
        if (request.finished()) {
            return;
        }
        RequestClass requestClass = scenario.workload().get(request.requestClass);
        double ttft = request.firstTokenTime() + request.downlinkSeconds() - request.arrivalTime;
        double e2e = request.endTime() + request.downlinkSeconds() - request.arrivalTime;
        if (e2e > requestClass.timeoutSeconds()) {
            // The last token would reach the client after it gave up: a timeout, not a completion.
            end(request, Outcome.TIMED_OUT);
            return;
        }
        boolean sloMet = ttft <= requestClass.slo().ttftSeconds() && e2e <= requestClass.slo().e2eSeconds();
        double amount = request.pricePerMTok() * request.totalTokens() / 1e6;
        double operatorUsd = settlement.settle(request, node, amount, sloMet, jobPayUsd);
        if (request.measured && !paymentsOutsideRequests) {
            table.earn(node.index(), operatorUsd);
        }
        if (gate.holds(request, node.index(), operatorUsd)) {
            return; // the user waits for verification; release() finishes it
        }
        record(request, request.endTime());
    }

    /** Finishes a user request the verifier held (a vote, a proof), as of now. */
    void release(Request request) {
        if (!request.finished()) {
            record(request, sim.now());
        }
    }

    /** Seals a completed user request whose last token left at {@code endTime}. */
    private void record(Request request, double endTime) {
        request.finish();
        if (request.timeoutHandle() >= 0) {
            sim.cancel(request.timeoutHandle());
        }
        int index = request.node();
        RequestClass requestClass = scenario.workload().get(request.requestClass);
        double ttft = request.firstTokenTime() + request.downlinkSeconds() - request.arrivalTime;
        double e2e = endTime + request.downlinkSeconds() - request.arrivalTime;
        double queue = request.startTime() - request.nodeArrivalTime();
        boolean sloMet = ttft <= requestClass.slo().ttftSeconds() && e2e <= requestClass.slo().e2eSeconds();
        double paidAtCompletion = paymentsOutsideRequests ? 0 : request.paidUsd(); // else counted as paid
        metrics.completed(request, ttft, e2e, queue, sloMet, paidAtCompletion, sim.now());
        sim.trace(Double.doubleToLongBits(paidAtCompletion));
        if (request.measured) {
            groupMetrics[table.node(index).group()].completed(request, ttft, e2e, paidAtCompletion);
        }
        table.succeeded(index);
        sample(request, "completed", ttft, e2e);
        closedLoops.next(request, endTime + request.downlinkSeconds());
    }

    private void sample(Request request, String status, double ttft, double e2e) {
        sampler.record(request, status, ttft, e2e, network.regions().get(request.clientRegion).name(),
                request.node() >= 0 ? table.regionName.get(request.node()) : "");
    }
}
