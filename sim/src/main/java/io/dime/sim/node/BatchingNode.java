package io.dime.sim.node;

import io.dime.sim.kernel.Event;
import io.dime.sim.kernel.Simulation;
import io.dime.sim.workload.Request;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A server with continuous batching at iteration level, as vLLM schedules: before every step
 * it admits waiting requests while KV-cache blocks are free (first come, first served), then
 * runs one step in which every running request advances: prompts are prefilled (whole, or in
 * chunks within the token budget), decoding requests each gain one token. When a decoding
 * request needs a new KV block and none is free, the most recently admitted request is
 * preempted: its blocks are freed and it waits at the head of the queue to be recomputed
 * (prompt plus the tokens it already had), as vLLM's recompute preemption does.
 *
 * <p>Speed: while the batch cannot change — only decodes, nothing admissible waiting, no
 * request about to finish, enough free blocks — a whole run of decode steps is one event whose
 * length has a closed form. An arrival or abort during a run shortens it to the end of the step
 * in progress, where the scheduler looks again.
 */
public final class BatchingNode implements Node {
    private final int index;
    private final int group;
    private final BatchingConfig config;
    private final Simulation sim;
    private final Listener listener;
    private final ArrayDeque<Request> waiting = new ArrayDeque<>();
    private final List<Request> running = new ArrayList<>();
    private final List<Request> stepPrefill = new ArrayList<>();
    /** Runs after arrivals at the same instant (priority 0) too. */
    private static final int SCHEDULER_PRIORITY = 1;

    private final Event stepEnd = this::endStep;
    private final Event schedulerWake = this::wakeScheduler;
    private boolean startPending;
    private boolean decodeRuns = true;

    private long freeBlocks;
    private boolean up = true;

    // The step (or run of decode steps) in progress.
    private boolean stepping;
    private long stepHandle = -1;
    private double stepStart;
    private double stepEndTime;
    private double firstStepSeconds;
    private long runSteps;
    private boolean runIsDecodeOnly;
    private int runDecoders;
    private long runContextTokens;

    // Accounting since the last reset.
    private double accountingStart;
    private double busySeconds;
    private double lifetimeBusySeconds;
    private double batchSeconds;
    private long served;
    private long preemptions;

    public BatchingNode(int index, int group, BatchingConfig config, Simulation sim, Listener listener) {
        this.index = index;
        this.group = group;
        this.config = config;
        this.sim = sim;
        this.listener = listener;
        this.freeBlocks = config.kvBlocks();
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public int group() {
        return group;
    }

    public BatchingConfig config() {
        return config;
    }

    @Override
    public int load() {
        return running.size() + waiting.size();
    }

    @Override
    public boolean isUp() {
        return up;
    }

    /** Whether a request this long could ever fit in this node's KV cache. */
    public boolean fits(Request request) {
        return config.blocksFor(request.promptTokens + request.outputTokens) <= config.kvBlocks();
    }

    @Override
    public boolean offer(Request request) {
        if (!up || waiting.size() >= config.maxQueue() || !fits(request)) {
            return false;
        }
        request.node = index;
        request.prefillTarget = request.promptTokens;
        waiting.addLast(request);
        if (!stepping) {
            if (!startPending) {
                // An idle engine schedules its first step after one CPU gap (the scheduling work
                // every step pays), so requests arriving within it share that step, as the ten
                // prompts of a benchmark sent "at once" do in a real engine loop.
                startPending = true;
                sim.schedule(config.step().gapPerStepSeconds(), SCHEDULER_PRIORITY, schedulerWake);
            }
        } else {
            interruptRun();
        }
        return true;
    }

    @Override
    public boolean abort(Request request) {
        if (waiting.remove(request)) {
            return true;
        }
        if (running.contains(request)) {
            request.aborted = true; // removed at the end of the step in progress
            interruptRun();
            return true;
        }
        return false;
    }

    @Override
    public List<Request> goDown() {
        if (stepping) {
            sim.cancel(stepHandle);
            accrueBusy(stepStart, sim.now(), runDecoders);
            stepping = false;
        }
        List<Request> lost = new ArrayList<>(running.size() + waiting.size());
        for (Request request : running) {
            if (!request.aborted) {
                lost.add(request);
            }
        }
        lost.addAll(waiting);
        running.clear();
        waiting.clear();
        freeBlocks = config.kvBlocks();
        up = false;
        return lost;
    }

    @Override
    public void comeUp() {
        up = true;
    }

    @Override
    public double predictedTtftSeconds(int promptTokens) {
        StepModel step = config.step();
        long queuedPrefill = promptTokens;
        for (Request request : waiting) {
            queuedPrefill += request.prefillTarget;
        }
        for (Request request : running) {
            queuedPrefill += request.prefillTarget - request.prefillDone;
        }
        long steps = 1 + queuedPrefill / config.maxBatchedTokens();
        // A run of decode steps is cut at the end of the step in progress when a request arrives;
        // an idle engine first waits one CPU gap.
        double inProgress = stepping ? Math.max(0, Math.min(stepEndTime, stepStart + firstStepSeconds) - sim.now())
                : step.gapPerStepSeconds();
        return inProgress + steps * step.stepSeconds(0, running.size(), 0, running.size() + 1)
                + step.perPrefillTokenSeconds() * queuedPrefill;
    }

    // ---------------------------------------------------------------- scheduling

    private void wakeScheduler() {
        startPending = false;
        if (!stepping && up) {
            startStep();
        }
    }

    private void startStep() {
        admit();
        if (running.isEmpty()) {
            stepping = false;
            return;
        }
        stepPrefill.clear();
        long prefillTokens = 0;
        int decoders = 0;
        long context = 0;
        boolean prefillPending = false;
        for (Request request : running) {
            if (request.prefillDone < request.prefillTarget) {
                prefillPending = true;
                break;
            }
        }
        if (prefillPending && !config.chunkedPrefill()) {
            // vLLM without chunked prefill: a step is either all prefill or all decode, and
            // waiting prompts go first.
            for (Request request : running) {
                int remaining = request.prefillTarget - request.prefillDone;
                if (remaining > 0) {
                    stepPrefill.add(request);
                    request.stepChunk = remaining;
                    prefillTokens += remaining;
                }
            }
        } else {
            decoders = reserveDecodeBlocks();
            for (Request request : running) {
                if (request.prefillDone >= request.prefillTarget) {
                    context += request.promptTokens + request.generated;
                }
            }
            long budget = config.maxBatchedTokens() - decoders;
            for (Request request : running) {
                int remaining = request.prefillTarget - request.prefillDone;
                if (remaining > 0 && budget > 0) {
                    int chunk = (int) Math.min(remaining, budget);
                    stepPrefill.add(request);
                    request.stepChunk = chunk;
                    prefillTokens += chunk;
                    budget -= chunk;
                }
            }
        }
        runDecoders = decoders;
        runContextTokens = context;
        runIsDecodeOnly = prefillTokens == 0;
        runSteps = runIsDecodeOnly ? decodeRunLength(decoders, context) : 1;
        stepStart = sim.now();
        stepping = true;
        firstStepSeconds = config.step().stepSeconds(prefillTokens, decoders, context, running.size());
        double length = runIsDecodeOnly ? config.step().decodeRunSeconds(decoders, context, runSteps) : firstStepSeconds;
        stepEndTime = sim.now() + length;
        stepHandle = sim.scheduleAt(stepEndTime, 0, stepEnd);
    }

    /** Admits waiting requests in order while the batch, the KV cache and the token budget allow. */
    private void admit() {
        long admittedPrefill = 0;
        while (!waiting.isEmpty() && running.size() < config.maxBatch()) {
            Request next = waiting.peekFirst();
            long blocks = config.blocksFor(next.prefillTarget + 1L);
            if (blocks > freeBlocks) {
                break;
            }
            if (!config.chunkedPrefill() && admittedPrefill > 0 && admittedPrefill + next.prefillTarget > config.maxBatchedTokens()) {
                break;
            }
            waiting.pollFirst();
            freeBlocks -= blocks;
            next.kvBlocks = (int) blocks;
            next.prefillDone = 0;
            if (Double.isNaN(next.startTime)) {
                next.startTime = sim.now();
            }
            admittedPrefill += next.prefillTarget;
            running.add(next);
        }
    }

    /**
     * Makes sure every decoding request has a KV slot for the token this step adds, preempting
     * the most recently admitted requests when blocks run out. Returns the number of decoders.
     */
    private int reserveDecodeBlocks() {
        int decoders = 0;
        for (int i = 0; i < running.size(); i++) {
            Request request = running.get(i);
            if (request.prefillDone < request.prefillTarget) {
                continue;
            }
            long needed = config.blocksFor(request.promptTokens + request.generated + 1L) - request.kvBlocks;
            while (needed > freeBlocks) {
                Request victim = running.get(running.size() - 1);
                preempt(victim);
                if (victim == request) {
                    needed = -1;
                    break;
                }
            }
            if (needed < 0) {
                i--; // this request was the victim; the list shrank
                continue;
            }
            if (needed > 0) {
                freeBlocks -= needed;
                request.kvBlocks += (int) needed;
            }
            decoders++;
        }
        return decoders;
    }

    private void preempt(Request victim) {
        running.remove(running.size() - 1);
        freeBlocks += victim.kvBlocks;
        victim.kvBlocks = 0;
        victim.prefillDone = 0;
        // Recompute: the prompt and every token generated so far are prefilled again.
        victim.prefillTarget = victim.promptTokens + victim.generated;
        waiting.addFirst(victim);
        preemptions++;
    }

    /**
     * How many decode steps can run as one event: until the first running request finishes,
     * while the KV blocks the growing contexts need stay free, and only when nothing waiting
     * could be admitted meanwhile.
     */
    private long decodeRunLength(int decoders, long context) {
        if (decoders == 0 || !decodeRuns) {
            return 1;
        }
        if (!waiting.isEmpty() && running.size() < config.maxBatch()
                && config.blocksFor(waiting.peekFirst().prefillTarget + 1L) <= freeBlocks) {
            return 1;
        }
        long shortest = Long.MAX_VALUE;
        for (Request request : running) {
            if (request.aborted) {
                return 1;
            }
            shortest = Math.min(shortest, request.outputTokens - request.generated);
        }
        // Step 1's blocks are already reserved; find the longest run whose extra blocks fit.
        long low = 1;
        long high = Math.max(1, shortest);
        while (low < high) {
            long mid = (low + high + 1) >>> 1;
            if (extraBlocks(mid) <= freeBlocks) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    /** Blocks the decoders need beyond what they hold to add {@code steps} tokens each. */
    private long extraBlocks(long steps) {
        long extra = 0;
        for (Request request : running) {
            long needed = config.blocksFor(request.promptTokens + request.generated + steps) - request.kvBlocks;
            if (needed > 0) {
                extra += needed;
            }
        }
        return extra;
    }

    /** Shortens a run of decode steps to the end of the step in progress. */
    private void interruptRun() {
        if (!stepping || !runIsDecodeOnly || runSteps <= 1) {
            return;
        }
        double elapsed = sim.now() - stepStart;
        long low = 1;
        long high = runSteps;
        // Smallest number of steps whose end lies at or after now.
        while (low < high) {
            long mid = (low + high) >>> 1;
            if (config.step().decodeRunSeconds(runDecoders, runContextTokens, mid) >= elapsed) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        if (low < runSteps) {
            sim.cancel(stepHandle);
            runSteps = low;
            stepEndTime = stepStart + config.step().decodeRunSeconds(runDecoders, runContextTokens, low);
            stepHandle = sim.scheduleAt(Math.max(stepEndTime, sim.now()), 0, stepEnd);
        }
    }

    private void endStep() {
        double now = sim.now();
        int batch = running.size();
        accrueBusy(stepStart, now, batch);
        if (batch > 0) {
            double share = (now - stepStart) / batch;
            for (Request request : running) {
                request.gpuSeconds += share;
            }
        }
        stepping = false;
        if (runIsDecodeOnly) {
            advanceDecoders(runSteps);
        } else {
            for (int i = 0; i < stepPrefill.size(); i++) {
                Request request = stepPrefill.get(i);
                request.prefillDone += request.stepChunk;
                request.justPrefilled = request.prefillDone >= request.prefillTarget;
            }
            advanceDecoders(runDecoders > 0 ? 1 : 0);
        }
        finishDone(now);
        startStep();
    }

    /**
     * Applies {@code steps} steps to every running request: decoders gain that many tokens;
     * a request whose prefill completed this step emits its next token (the first, or the next
     * after a recompute).
     */
    private void advanceDecoders(long steps) {
        double now = sim.now();
        for (Request request : running) {
            if (request.prefillDone < request.prefillTarget) {
                continue;
            }
            if (request.justPrefilled) {
                request.justPrefilled = false;
                request.generated++;
                if (Double.isNaN(request.firstTokenTime)) {
                    request.firstTokenTime = now;
                } else {
                    noteGap(request, now - request.lastTokenTime); // recomputed after a preemption
                }
                request.lastTokenTime = now;
            } else if (steps > 0) {
                request.generated += (int) steps;
                // The first step of a run waited since the last token (a prefill step may have
                // stalled it); later steps only lengthen, so the last one is the longest of them.
                double firstStepEnd = steps == 1 ? now : stepStart + firstStepSeconds;
                noteGap(request, firstStepEnd - request.lastTokenTime);
                if (steps > 1) {
                    noteGap(request, now - stepStart - config.step().decodeRunSeconds(runDecoders, runContextTokens, steps - 1));
                    long held = config.blocksFor(request.promptTokens + request.generated);
                    if (held > request.kvBlocks) {
                        freeBlocks -= held - request.kvBlocks;
                        request.kvBlocks = (int) held;
                    }
                }
                request.lastTokenTime = now;
            }
        }
        stepPrefill.clear();
    }

    private static void noteGap(Request request, double gapSeconds) {
        if (gapSeconds > request.maxTokenGapSeconds) {
            request.maxTokenGapSeconds = gapSeconds;
        }
    }

    private void finishDone(double now) {
        for (int i = 0; i < running.size(); i++) {
            Request request = running.get(i);
            boolean done = request.generated >= request.outputTokens;
            if (done || request.aborted) {
                running.remove(i--);
                freeBlocks += request.kvBlocks;
                request.kvBlocks = 0;
                if (done && !request.aborted) {
                    request.endTime = now;
                    served++;
                    sim.trace(request.id);
                    listener.completed(this, request);
                }
            }
        }
    }

    // ---------------------------------------------------------------- accounting

    private void accrueBusy(double from, double to, int batch) {
        lifetimeBusySeconds += Math.max(0, to - from);
        double start = Math.max(from, accountingStart);
        if (to > start) {
            busySeconds += to - start;
            batchSeconds += batch * (to - start);
        }
    }

    @Override
    public void resetAccounting() {
        accountingStart = sim.now();
        busySeconds = 0;
        batchSeconds = 0;
        served = 0;
        preemptions = 0;
    }

    @Override
    public double utilization(double windowSeconds) {
        double busy = busySeconds;
        if (stepping) {
            double start = Math.max(stepStart, accountingStart);
            busy += Math.max(0, sim.now() - start);
        }
        return busy / windowSeconds;
    }

    @Override
    public double lifetimeBusySeconds() {
        return lifetimeBusySeconds + (stepping ? Math.max(0, sim.now() - stepStart) : 0);
    }

    @Override
    public int capacity() {
        return config.maxBatch();
    }

    @Override
    public long served() {
        return served;
    }

    @Override
    public long preemptions() {
        return preemptions;
    }

    @Override
    public double meanBatchSize() {
        return busySeconds == 0 ? Double.NaN : batchSeconds / busySeconds;
    }

    /** Turns off runs of decode steps as one event, so tests can check they change nothing. */
    void stepByStep() {
        decodeRuns = false;
    }

    /** Free KV-cache blocks now (for tests of the invariants). */
    public long freeBlocks() {
        return freeBlocks;
    }

    /** Blocks held by running requests (for tests: held + free = capacity). */
    public long heldBlocks() {
        long held = 0;
        for (Request request : running) {
            held += request.kvBlocks;
        }
        return held;
    }
}
