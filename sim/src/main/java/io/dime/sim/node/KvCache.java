package io.dime.sim.node;

import java.util.Deque;
import java.util.List;

/**
 * A batching node's KV cache, in blocks of {@code block_size} tokens (vLLM's paged attention):
 * how many are free, and which request holds how many ({@link Slot#kvBlocks}).
 */
final class KvCache {
    private final BatchingConfig config;
    private long free;
    /** Requests preempted since the last reset (recompute preemption). */
    private long preemptions;

    KvCache(BatchingConfig config) {
        this.config = config;
        this.free = config.kvBlocks();
    }

    long free() {
        return free;
    }

    long blocksFor(long tokens) {
        return config.blocksFor(tokens);
    }

    /** Whether a request of this many tokens, prompt and answer, could ever fit in the whole cache. */
    boolean couldHold(long tokens) {
        return config.blocksFor(tokens) <= config.kvBlocks();
    }

    /** Gives {@code request} {@code blocks} more blocks; the caller checked they are free. */
    void grant(Slot request, long blocks) {
        free -= blocks;
        request.kvBlocks += (int) blocks;
    }

    /** Takes back every block {@code request} holds. */
    void release(Slot request) {
        free += request.kvBlocks;
        request.kvBlocks = 0;
    }

    /** The node went down: its cache is empty. */
    void clear() {
        free = config.kvBlocks();
    }

    /** Blocks the running requests need beyond what they hold to add {@code steps} tokens each. */
    long extraFor(List<Slot> running, long steps) {
        long extra = 0;
        for (Slot request : running) {
            long needed = config.blocksFor(request.promptTokens + request.generated + steps) - request.kvBlocks;
            if (needed > 0) {
                extra += needed;
            }
        }
        return extra;
    }

    long preemptions() {
        return preemptions;
    }

    void resetPreemptions() {
        preemptions = 0;
    }

    /**
     * Makes sure every decoding request has a KV slot for the token this step adds, preempting
     * the most recently admitted requests when blocks run out. Returns the number of decoders.
     */
    int reserveDecodeBlocks(List<Slot> running, Deque<Slot> waiting) {
        int decoders = 0;
        for (int i = 0; i < running.size(); i++) {
            Slot request = running.get(i);
            if (!request.prefilled()) {
                continue;
            }
            long needed = config.blocksFor(request.promptTokens + request.generated + 1L) - request.kvBlocks;
            while (needed > free) {
                Slot victim = running.get(running.size() - 1);
                preempt(victim, running, waiting);
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
                grant(request, needed);
            }
            decoders++;
        }
        return decoders;
    }

    private void preempt(Slot victim, List<Slot> running, Deque<Slot> waiting) {
        running.remove(running.size() - 1);
        release(victim);
        victim.prefillDone = 0;
        // Recompute: the prompt and every token generated so far are prefilled again.
        victim.prefillTarget = victim.promptTokens + victim.generated;
        waiting.addFirst(victim);
        preemptions++;
    }

    /** Blocks held by these requests (for tests: held + free = capacity). */
    static long heldBy(List<Slot> running) {
        long held = 0;
        for (Slot request : running) {
            held += request.kvBlocks;
        }
        return held;
    }
}
