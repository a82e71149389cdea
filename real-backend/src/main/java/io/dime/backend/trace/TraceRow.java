package io.dime.backend.trace;

import java.util.Arrays;

/**
 * One request of a trace.
 *
 * @param level                 the load level it belongs to: {@code c4} (4 clients in a closed loop) or {@code r2.5} (Poisson, 2.5/s)
 * @param sendSeconds           when it was sent, seconds from the start of the trace
 * @param promptTokens          prompt length in tokens (the server's count when it reports one)
 * @param requestedOutputTokens the output length asked for
 * @param outputTokens          tokens generated (the requested length for a failed request, so a replay asks the same)
 * @param status                {@code OK}, or the client's error class ({@code REFUSED}, {@code HTTP_STATUS}, {@code MALFORMED_STREAM}, {@code TIMEOUT})
 * @param ttftMs                time to first token; NaN when none came
 * @param e2eMs                 send to the end of the stream (or to the failure)
 * @param gapsMs                every gap between consecutive tokens, in order
 * @param warmup                sent during the level's warm-up: loads the server, is not measured
 */
public record TraceRow(String level, double sendSeconds, int promptTokens, int requestedOutputTokens, int outputTokens,
                       String status, double ttftMs, double e2eMs, double[] gapsMs, boolean warmup) {

    public boolean ok() {
        return "OK".equals(status);
    }

    /** Mean time per output token after the first; NaN with fewer than two tokens. */
    public double tpotMs() {
        return gapsMs.length == 0 ? Double.NaN : Arrays.stream(gapsMs).sum() / gapsMs.length;
    }

    /** The time the request's first token arrived, seconds from the start of the trace. */
    public double firstTokenSeconds() {
        return sendSeconds + ttftMs / 1000;
    }

    public double endSeconds() {
        return sendSeconds + e2eMs / 1000;
    }
}
