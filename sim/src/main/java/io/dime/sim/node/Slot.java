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
        return this;
    }

    boolean prefilled() {
        return prefillDone >= prefillTarget;
    }
}
