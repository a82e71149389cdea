package io.dime.sim.live;

/**
 * What the simulator asks a real server for: a prompt of {@code promptTokens} tokens (the
 * backend makes up its text) and exactly {@code outputTokens} generated tokens (the backend
 * asks the server to ignore end-of-sequence, so the answer has the length the simulated
 * request has). {@code requestId} is unique within a run; {@link LiveBackend#cancel} names it.
 */
public record LiveRequest(long requestId, int promptTokens, int outputTokens) {
    public LiveRequest {
        if (promptTokens < 1 || outputTokens < 1) {
            throw new IllegalArgumentException("a live request has at least one prompt and one output token; found "
                    + promptTokens + " and " + outputTokens);
        }
    }
}
