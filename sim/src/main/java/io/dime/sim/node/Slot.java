package io.dime.sim.node;

import io.dime.sim.workload.Request;

/**
 * A request's state inside a batching node's scheduler: how much of its prompt is prefilled, how
 * many tokens it has generated, the KV blocks it holds. Only the scheduler, its KV cache and its
 * decode runs read or write it; the request itself carries what the rest of the simulation sees
 * (its lengths and the times of its tokens). A slot holds one request from the offer to its end
 * on this node (a retry elsewhere takes another node's slot); the node then reuses it for the
 * next request, so serving allocates nothing per request.
 */
final class Slot {
    Request request;
    /** The request's lengths, copied so the scheduler's loops read one object, not two. */
    int promptTokens;
    int outputTokens;
    /** Tokens to prefill before the next token: the prompt, or after a recompute preemption prompt and generated tokens. */
    int prefillTarget;
    int prefillDone;
    int generated;
    int kvBlocks;
    /** Prompt tokens prefilled in the step in progress. */
    int stepChunk;
    boolean aborted;
    /** The prefill completed in the step that just ended: the request emits its next token now. */
    boolean justPrefilled;
    /**
     * The request's token timeline and GPU time while it is here, kept in the slot so a step
     * touches one object per request: taken from the request when it arrives, handed back to it
     * ({@link #handBack}) when it leaves.
     */
    double lastTokenTime;
    double maxTokenGapSeconds;
    double gpuSeconds;
    private double gpuSecondsAtStart;

    /** Takes {@code next} from the start: its prompt still to prefill, nothing generated, no blocks. */
    Slot hold(Request next) {
        request = next;
        promptTokens = next.promptTokens;
        outputTokens = next.outputTokens;
        prefillTarget = next.promptTokens;
        prefillDone = 0;
        generated = 0;
        kvBlocks = 0;
        stepChunk = 0;
        aborted = false;
        justPrefilled = false;
        lastTokenTime = next.lastTokenTime();
        maxTokenGapSeconds = next.maxTokenGapSeconds();
        gpuSeconds = next.gpuSeconds();
        gpuSecondsAtStart = gpuSeconds;
        return this;
    }

    void noteTokenGap(double gapSeconds) {
        if (gapSeconds > maxTokenGapSeconds) {
            maxTokenGapSeconds = gapSeconds;
        }
    }

    /**
     * Gives the request what it did here: its last token's time, its longest gap, its GPU time.
     * An aborted request may be served elsewhere by now, so it gets only the GPU time spent here
     * (work done, if wasted), added to what it has.
     */
    void handBack() {
        if (aborted) {
            request.addGpuSeconds(gpuSeconds - gpuSecondsAtStart);
            return;
        }
        request.lastTokenAt(lastTokenTime);
        request.noteTokenGap(maxTokenGapSeconds);
        request.servedGpuSeconds(gpuSeconds);
    }

    boolean prefilled() {
        return prefillDone >= prefillTarget;
    }
}
