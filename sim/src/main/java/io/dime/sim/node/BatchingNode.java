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
public final class BatchingNode extends NodeBase implements Node {
    private final BatchingConfig config;
    private final ArrayDeque<Slot> waiting = new ArrayDeque<>();
    private final List<Slot> running = new ArrayList<>();
    private final List<Slot> stepPrefill = new ArrayList<>();
    /** Slots whose request ended here, for the next ones. */
    private final ArrayDeque<Slot> spare = new ArrayDeque<>();
    /** Runs after arrivals at the same instant (priority 0) too. */
    private static final int SCHEDULER_PRIORITY = 1;

    private final Event stepEnd = this::endStep;
    private final Event schedulerWake = this::wakeScheduler;
    private boolean startPending;
    private boolean decodeRuns = true;

    private final KvCache kv;

    // The step (or run of decode steps) in progress.
    private boolean stepping;
    private final DecodeRun step = new DecodeRun();

    // Accounting since the last reset.
    private final BusyTime busy = new BusyTime();
    /** Batch size x busy time in the measured window: the mean batch is this over the busy time. */
    private double batchSeconds;
    private long served;
    private long tokensGenerated;

    public BatchingNode(int index, int group, BatchingConfig config, Simulation sim, Listener listener) {
        super(index, group, sim, listener);
        this.config = config;
        this.kv = new KvCache(config);
    }

    public BatchingConfig config() {
        return config;
    }

    @Override
    public int load() {
        return running.size() + waiting.size();
    }

    /** Whether a request this long could ever fit in this node's KV cache. */
    public boolean fits(Request request) {
        return kv.couldHold(request.promptTokens + request.outputTokens);
    }

    @Override
    public boolean offer(Request request) {
        if (!up || waiting.size() >= config.maxQueue() || !fits(request)) {
            return false;
        }
        request.assignTo(index);
        waiting.addLast((spare.isEmpty() ? new Slot() : spare.pop()).hold(request));
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
        for (java.util.Iterator<Slot> it = waiting.iterator(); it.hasNext();) {
            Slot slot = it.next();
            if (slot.request == request) {
                it.remove();
                release(slot);
                return true;
            }
        }
        for (Slot slot : running) {
            if (slot.request == request) {
                slot.aborted = true; // removed at the end of the step in progress
                interruptRun();
                return true;
            }
        }
        return false;
    }

    @Override
    public List<Request> goDown() {
        if (stepping) {
            sim.cancel(step.handle);
            accrueBusy(step.start, sim.now(), step.decoders);
            stepping = false;
        }
        List<Request> lost = new ArrayList<>(running.size() + waiting.size());
        for (Slot slot : running) {
            slot.handBack();
            if (!slot.aborted) {
                lost.add(slot.request);
            }
        }
        for (Slot slot : waiting) {
            lost.add(slot.request);
        }
        running.clear();
        waiting.clear();
        kv.clear();
        up = false;
        return lost;
    }

    @Override
    public double predictedTtftSeconds(int promptTokens) {
        StepModel model = config.step();
        long queuedPrefill = promptTokens;
        for (Slot slot : waiting) {
            queuedPrefill += slot.prefillTarget;
        }
        for (Slot slot : running) {
            queuedPrefill += slot.prefillTarget - slot.prefillDone;
        }
        long steps = 1 + queuedPrefill / config.maxBatchedTokens();
        // A run of decode steps is cut at the end of the step in progress when a request arrives;
        // an idle engine first waits one CPU gap.
        double inProgress = stepping ? Math.max(0, Math.min(step.end, step.start + step.firstStepSeconds) - sim.now())
                : model.gapPerStepSeconds();
        return inProgress + steps * model.stepSeconds(0, running.size(), 0, running.size() + 1)
                + model.perPrefillTokenSeconds() * queuedPrefill;
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
        for (Slot slot : running) {
            if (!slot.prefilled()) {
                prefillPending = true;
                break;
            }
        }
        if (prefillPending && !config.chunkedPrefill()) {
            // vLLM without chunked prefill: a step is either all prefill or all decode, and
            // waiting prompts go first.
            for (Slot slot : running) {
                int remaining = slot.prefillTarget - slot.prefillDone;
                if (remaining > 0) {
                    stepPrefill.add(slot);
                    slot.stepChunk = remaining;
                    prefillTokens += remaining;
                }
            }
        } else {
            decoders = kv.reserveDecodeBlocks(running, waiting);
            for (Slot slot : running) {
                if (slot.prefilled()) {
                    context += slot.promptTokens + slot.generated;
                }
            }
            long budget = config.maxBatchedTokens() - decoders;
            for (Slot slot : running) {
                int remaining = slot.prefillTarget - slot.prefillDone;
                if (remaining > 0 && budget > 0) {
                    int chunk = (int) Math.min(remaining, budget);
                    stepPrefill.add(slot);
                    slot.stepChunk = chunk;
                    prefillTokens += chunk;
                    budget -= chunk;
                }
            }
        }
        step.decoders = decoders;
        step.context = context;
        step.decodeOnly = prefillTokens == 0;
        step.steps = step.decodeOnly ? DecodeRun.length(config, running, waiting, kv, decoders, decodeRuns) : 1;
        step.start = sim.now();
        stepping = true;
        step.firstStepSeconds = config.step().stepSeconds(prefillTokens, decoders, context, running.size());
        double length = step.decodeOnly ? config.step().decodeRunSeconds(decoders, context, step.steps) : step.firstStepSeconds;
        step.end = sim.now() + length;
        step.handle = sim.scheduleAt(step.end, 0, stepEnd);
    }

    /** Admits waiting requests in order while the batch, the KV cache and the token budget allow. */
    private void admit() {
        long admittedPrefill = 0;
        while (!waiting.isEmpty() && running.size() < config.maxBatch()) {
            Slot next = waiting.peekFirst();
            long blocks = kv.blocksFor(next.prefillTarget + 1L);
            if (blocks > kv.free()) {
                break;
            }
            if (!config.chunkedPrefill() && admittedPrefill > 0 && admittedPrefill + next.prefillTarget > config.maxBatchedTokens()) {
                break;
            }
            waiting.pollFirst();
            kv.grant(next, blocks);
            next.prefillDone = 0;
            if (Double.isNaN(next.request.startTime())) {
                next.request.started(sim.now());
            }
            admittedPrefill += next.prefillTarget;
            running.add(next);
        }
    }

    /** Shortens a run of decode steps to the end of the step in progress. */
    private void interruptRun() {
        if (!stepping || !step.decodeOnly || step.steps <= 1) {
            return;
        }
        long low = step.stepsCovering(config.step(), sim.now() - step.start);
        if (low < step.steps) {
            sim.cancel(step.handle);
            step.steps = low;
            step.end = step.start + config.step().decodeRunSeconds(step.decoders, step.context, low);
            step.handle = sim.scheduleAt(Math.max(step.end, sim.now()), 0, stepEnd);
        }
    }

    private void endStep() {
        double now = sim.now();
        int batch = running.size();
        accrueBusy(step.start, now, batch);
        if (batch > 0) {
            double share = (now - step.start) / batch;
            for (Slot slot : running) {
                slot.gpuSeconds += share;
            }
        }
        stepping = false;
        if (step.decodeOnly) {
            step.advance(running, step.steps, sim.now(), config.step(), kv);
            stepPrefill.clear();
        } else {
            for (int i = 0; i < stepPrefill.size(); i++) {
                Slot slot = stepPrefill.get(i);
                slot.prefillDone += slot.stepChunk;
                slot.justPrefilled = slot.prefilled();
            }
            step.advance(running, step.decoders > 0 ? 1 : 0, sim.now(), config.step(), kv);
            stepPrefill.clear();
        }
        finishDone(now);
        startStep();
    }

    private void finishDone(double now) {
        for (int i = 0; i < running.size(); i++) {
            Slot slot = running.get(i);
            Request request = slot.request;
            boolean done = slot.generated >= slot.outputTokens;
            boolean aborted = slot.aborted;
            if (done || aborted) {
                running.remove(i--);
                kv.release(slot);
                slot.handBack();
                if (done && !aborted) {
                    tokensGenerated += slot.generated;
                }
                release(slot);
                if (done && !aborted) {
                    request.ended(now);
                    served++;
                    sim.trace(request.id);
                    listener.completed(this, request);
                }
            }
        }
    }

    // ---------------------------------------------------------------- accounting

    private void accrueBusy(double from, double to, int batch) {
        busy.add(from, to);
        double start = Math.max(from, busy.windowStart());
        if (to > start) {
            batchSeconds += batch * (to - start);
        }
    }

    @Override
    public void resetAccounting() {
        busy.resetWindow(sim.now());
        batchSeconds = 0;
        served = 0;
        kv.resetPreemptions();
    }

    @Override
    public double utilization(double windowSeconds) {
        double busySeconds = busy.window();
        if (stepping) {
            double start = Math.max(step.start, busy.windowStart());
            busySeconds += Math.max(0, sim.now() - start);
        }
        return busySeconds / windowSeconds;
    }

    @Override
    public double lifetimeBusySeconds() {
        return busy.lifetime() + (stepping ? Math.max(0, sim.now() - step.start) : 0);
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
        return kv.preemptions();
    }

    @Override
    public double meanBatchSize() {
        return busy.window() == 0 ? Double.NaN : batchSeconds / busy.window();
    }

    /** Gives a slot back for reuse; the request it held keeps nothing of it. */
    private void release(Slot slot) {
        slot.request = null;
        spare.push(slot);
    }

    /** Tokens of requests this node completed, counted from their slots (for tests: each token once, even after a recompute). */
    long tokensGenerated() {
        return tokensGenerated;
    }

    /** Tokens the request has generated here so far, or -1 when it is not running here (for tests). */
    int generated(Request request) {
        for (Slot slot : running) {
            if (slot.request == request) {
                return slot.generated;
            }
        }
        return -1;
    }

    /** Turns off runs of decode steps as one event, so tests can check they change nothing. */
    void stepByStep() {
        decodeRuns = false;
    }

    /** Free KV-cache blocks now (for tests of the invariants). */
    public long freeBlocks() {
        return kv.free();
    }

    /** Blocks held by running requests (for tests: held + free = capacity). */
    public long heldBlocks() {
        return KvCache.heldBy(running);
    }
}
