package io.dime.sim.node;

import io.dime.sim.kernel.Simulation;
import io.dime.sim.live.LiveBackend;
import io.dime.sim.live.LiveRequest;
import io.dime.sim.workload.Request;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A node served by a real inference server: requests go to it through a {@link LiveBackend},
 * and its answers come back as events {@linkplain Simulation#post posted} into a paced
 * simulation, stamped with the wall-clock time they arrived at. So the times a live node
 * reports are measured, and its requests join the metrics of the simulated nodes beside it.
 *
 * <p>At most {@code slots} requests are at the server at once; more wait here, first come first
 * served, up to {@code maxQueue}. A request without an answer after {@code timeoutSeconds}, or
 * whose server reports a failure, is handed to the {@link FailureListener}. Answers to requests
 * the node no longer holds (aborted, timed out, already answered) are ignored, so a backend that
 * breaks its contract cannot count a request twice.
 */
public final class LiveNode extends NodeBase implements Node {
    /** Told when the node could not serve a request it had accepted; the request is then lost. */
    @FunctionalInterface
    public interface FailureListener {
        void failed(Node node, Request request, String reason);
    }

    /**
     * How many requests the node sends at once, how many more it holds, and how long it waits
     * for an answer.
     */
    public record Settings(int slots, int maxQueue, double timeoutSeconds) {
        public Settings {
            if (slots < 1 || maxQueue < 0 || !(timeoutSeconds > 0)) {
                throw new IllegalArgumentException("live node settings out of range: " + slots + " slots, queue " + maxQueue
                        + ", timeout " + timeoutSeconds + " s");
            }
        }
    }

    private final Settings settings;
    private final LiveBackend backend;
    private final ServiceModel prior;
    private final FailureListener failures;
    private final ArrayDeque<Request> waiting = new ArrayDeque<>();
    /** Requests at the server, in the order they were sent. */
    private final Map<Request, Call> running = new LinkedHashMap<>();

    private final BusyTime busy = new BusyTime();
    private long served;
    private long failed;
    private long outputTokenMismatches;
    private long answered;
    private double ttftSecondsTotal;
    private double serviceSecondsTotal;
    /** Failures by their kind: a reason's text before its first ':' ("REFUSED", "TIMEOUT"), or "other". */
    private final java.util.TreeMap<String, Long> failuresByKind = new java.util.TreeMap<>();

    /**
     * {@code prior} predicts the first token's delay until the server has answered once (the
     * roofline of the group's GPU and model); after that the node predicts from what it saw.
     */
    public LiveNode(int index, int group, Settings settings, LiveBackend backend, ServiceModel prior, Simulation sim,
            Listener listener, FailureListener failures) {
        super(index, group, paced(sim), listener);
        this.settings = settings;
        this.backend = backend;
        this.prior = prior;
        this.failures = failures;
    }

    private static Simulation paced(Simulation sim) {
        if (!sim.isPaced()) {
            throw new IllegalArgumentException("a live node needs a simulation paced to the wall clock (Simulation.paceToWallClock())");
        }
        return sim;
    }

    /** Requests in the node: at the server and waiting to be sent. */
    @Override
    public int load() {
        return running.size() + waiting.size();
    }

    /** Requests at the server now. */
    public int inFlight() {
        return running.size();
    }

    @Override
    public boolean offer(Request request) {
        if (!up) {
            return false;
        }
        if (running.size() < settings.slots()) {
            send(request);
            return true;
        }
        if (waiting.size() < settings.maxQueue()) {
            waiting.addLast(request);
            return true;
        }
        return false;
    }

    @Override
    public boolean abort(Request request) {
        if (waiting.remove(request)) {
            return true;
        }
        Call call = running.get(request);
        if (call == null) {
            return false;
        }
        forget(call);
        backend.cancel(request.id);
        sendNextIfAny();
        return true;
    }

    /** Not reached through churn (scenarios reject availability on live nodes), but an ejected or retired node goes down too. */
    @Override
    public List<Request> goDown() {
        List<Request> lost = new ArrayList<>(running.keySet());
        for (Request request : lost) {
            forget(running.get(request));
            backend.cancel(request.id);
        }
        lost.addAll(waiting);
        waiting.clear();
        up = false;
        return lost;
    }

    @Override
    public double predictedTtftSeconds(int promptTokens) {
        double firstToken = answered == 0 ? prior.typicalFirstTokenSeconds(promptTokens) : ttftSecondsTotal / answered;
        if (running.size() < settings.slots()) {
            return firstToken;
        }
        // Every slot busy: wait for (waiting + 1) / slots answers, at the mean time seen so far.
        double meanService = answered == 0 ? firstToken : serviceSecondsTotal / answered;
        return (double) (waiting.size() + 1) / settings.slots() * meanService + firstToken;
    }

    private void send(Request request) {
        accrueBusyTime();
        Call call = new Call(request);
        running.put(request, call);
        request.assignTo(index);
        request.started(sim.now());
        call.timeoutHandle = sim.schedule(settings.timeoutSeconds(), () -> timedOut(call));
        try {
            backend.send(new LiveRequest(request.id, request.promptTokens, request.outputTokens), call);
        } catch (RuntimeException e) {
            // Not now, inside offer(): the caller is still routing the request.
            String reason = "the backend refused the request: " + e;
            sim.schedule(0, () -> fail(call, reason));
        }
    }

    private void firstToken(Call call) {
        if (running.get(call.request) != call) {
            return;
        }
        Request request = call.request;
        if (Double.isNaN(request.firstTokenTime())) {
            request.firstTokenAt(sim.now());
            request.lastTokenAt(sim.now());
        }
    }

    private void complete(Call call, int outputTokens) {
        if (running.get(call.request) != call) {
            return;
        }
        forget(call);
        Request request = call.request;
        double now = sim.now();
        if (Double.isNaN(request.firstTokenTime())) {
            request.firstTokenAt(now); // an answer that was not streamed arrives whole
        }
        if (outputTokens != request.outputTokens) {
            outputTokenMismatches++; // metrics keep the requested length; this count says how often the server differed
        }
        request.lastTokenAt(now);
        request.ended(now);
        request.addGpuSeconds(now - request.startTime());
        served++;
        answered++;
        ttftSecondsTotal += request.firstTokenTime() - request.startTime();
        serviceSecondsTotal += now - request.startTime();
        sim.trace(request.id);
        listener.completed(this, request);
        sendNextIfAny();
    }

    private void timedOut(Call call) {
        call.timeoutHandle = -1;
        if (running.get(call.request) != call) {
            return;
        }
        backend.cancel(call.request.id);
        fail(call, String.format(Locale.ROOT, "no answer within the backend timeout of %.3g s", settings.timeoutSeconds()));
    }

    private void fail(Call call, String reason) {
        if (running.get(call.request) != call) {
            return;
        }
        forget(call);
        failed++;
        failuresByKind.merge(kindOf(reason), 1L, Long::sum);
        failures.failed(this, call.request, reason);
        sendNextIfAny();
    }

    /** Takes a request off the server's list: from now on its callbacks are ignored. */
    private void forget(Call call) {
        accrueBusyTime();
        running.remove(call.request);
        if (call.timeoutHandle >= 0) {
            sim.cancel(call.timeoutHandle);
            call.timeoutHandle = -1;
        }
    }

    private void sendNextIfAny() {
        while (up && running.size() < settings.slots() && !waiting.isEmpty()) {
            send(waiting.pollFirst());
        }
    }

    /** Busy means at least one request at the server: adds the time since the last change if it was. */
    private void accrueBusyTime() {
        busy.accrue(sim.now(), running.isEmpty() ? 0 : 1);
    }

    @Override
    public void resetAccounting() {
        accrueBusyTime();
        busy.resetWindow(sim.now());
        served = 0;
        failed = 0;
        failuresByKind.clear();
        outputTokenMismatches = 0;
    }

    /** Share of the measured window with at least one request at the server. */
    @Override
    public double utilization(double windowSeconds) {
        accrueBusyTime();
        return busy.window() / windowSeconds;
    }

    @Override
    public double lifetimeBusySeconds() {
        accrueBusyTime();
        return busy.lifetime();
    }

    @Override
    public int capacity() {
        return settings.slots();
    }

    @Override
    public long served() {
        return served;
    }

    /** Requests the server failed or did not answer in time, since the last reset. */
    public long failed() {
        return failed;
    }

    /** Completed answers whose token count differed from the one asked for, since the last reset. */
    public long outputTokenMismatches() {
        return outputTokenMismatches;
    }

    /** Failures by kind since the last reset, in name order: what a run reports beside the count. */
    public java.util.SortedMap<String, Long> failuresByKind() {
        return java.util.Collections.unmodifiableSortedMap(failuresByKind);
    }

    /** A failure's kind: the backend's outcome class when its reason starts with one ("REFUSED: ..."), else "other". */
    static String kindOf(String reason) {
        int colon = reason.indexOf(':');
        String head = colon > 0 ? reason.substring(0, colon) : "";
        return head.matches("[A-Z][A-Z_]{1,30}") ? head : "other";
    }

    @Override
    public long preemptions() {
        return 0;
    }

    @Override
    public double meanBatchSize() {
        return Double.NaN;
    }

    /**
     * One request at the server. Its callbacks may come from any thread: each only posts an
     * event, and the event checks on the simulation's thread that this call is still the one
     * the node waits for.
     */
    private final class Call implements LiveBackend.Callbacks {
        final Request request;
        long timeoutHandle = -1;

        Call(Request request) {
            this.request = request;
        }

        @Override
        public void firstToken() {
            sim.post(() -> LiveNode.this.firstToken(this));
        }

        @Override
        public void completed(int outputTokens) {
            sim.post(() -> complete(this, outputTokens));
        }

        @Override
        public void failed(String reason) {
            sim.post(() -> fail(this, reason == null || reason.isBlank() ? "the backend reported a failure" : reason));
        }
    }
}
