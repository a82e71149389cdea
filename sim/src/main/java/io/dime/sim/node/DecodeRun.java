package io.dime.sim.node;

import io.dime.sim.workload.Request;
import java.util.Deque;
import java.util.List;

/**
 * A batching node's step in progress, or its run of decode steps as one event (the fast path):
 * while the batch cannot change (only decodes, nothing admissible waiting, no request about to
 * finish, enough free blocks) a run's length has a closed form, and an arrival or abort cuts it
 * to the end of the step in progress.
 */
final class DecodeRun {
    long handle = -1;
    double start;
    double end;
    double firstStepSeconds;
    /** Steps in the run: 1 for a step with prefill. */
    long steps;
    boolean decodeOnly;
    int decoders;
    /** Context tokens of the decoders at the run's start. */
    long context;

    /**
     * How many decode steps can run as one event: until the first running request finishes,
     * while the KV blocks the growing contexts need stay free, and only when nothing waiting
     * could be admitted meanwhile.
     */
    static long length(BatchingConfig config, List<Slot> running, Deque<Slot> waiting, KvCache kv, int decoders, boolean enabled) {
        if (decoders == 0 || !enabled) {
            return 1;
        }
        if (!waiting.isEmpty() && running.size() < config.maxBatch()
                && kv.blocksFor(waiting.peekFirst().prefillTarget + 1L) <= kv.free()) {
            return 1;
        }
        long shortest = Long.MAX_VALUE;
        for (Slot request : running) {
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
            if (kv.extraFor(running, mid) <= kv.free()) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    /** The fewest steps of this run whose end lies at or after {@code elapsed} seconds from its start. */
    long stepsCovering(StepModel model, double elapsed) {
        long low = 1;
        long high = steps;
        while (low < high) {
            long mid = (low + high) >>> 1;
            if (model.decodeRunSeconds(decoders, context, mid) >= elapsed) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }

    /**
     * Applies {@code steps} steps to every running request: decoders gain that many tokens;
     * a request whose prefill completed this step emits its next token (the first, or the next
     * after a recompute).
     */
    void advance(List<Slot> running, long steps, double now, StepModel model, KvCache kv) {
        for (Slot slot : running) {
            if (!slot.prefilled()) {
                continue;
            }
            Request request = slot.request;
            if (slot.justPrefilled) {
                slot.justPrefilled = false;
                slot.generated++;
                if (Double.isNaN(request.firstTokenTime())) {
                    request.firstTokenAt(now);
                } else {
                    slot.noteTokenGap(now - slot.lastTokenTime); // recomputed after a preemption
                }
                slot.lastTokenTime = now;
            } else if (steps > 0) {
                slot.generated += (int) steps;
                // The first step of a run waited since the last token (a prefill step may have
                // stalled it); later steps only lengthen, so the last one is the longest of them.
                double firstStepEnd = steps == 1 ? now : start + firstStepSeconds;
                slot.noteTokenGap(firstStepEnd - slot.lastTokenTime);
                if (steps > 1) {
                    slot.noteTokenGap(now - start - model.decodeRunSeconds(decoders, context, steps - 1));
                    long held = kv.blocksFor(slot.promptTokens + slot.generated);
                    if (held > slot.kvBlocks) {
                        kv.grant(slot, held - slot.kvBlocks);
                    }
                }
                slot.lastTokenTime = now;
            }
        }
    }
}
