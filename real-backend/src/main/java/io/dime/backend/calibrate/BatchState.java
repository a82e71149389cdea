package io.dime.backend.calibrate;

import io.dime.backend.trace.TraceRow;
import java.util.List;

/**
 * What a server was doing at an instant, reconstructed from a level's trace rows alone (every
 * request's send, first-token and end times, prompt and output lengths): how many requests were
 * decoding, how many tokens of context they held, and which prompts were prefilled in a window.
 * Rows that failed are skipped; warm-up rows count, because they loaded the server like the rest.
 */
final class BatchState {
    private final List<TraceRow> rows;

    BatchState(List<TraceRow> levelRows) {
        this.rows = levelRows.stream().filter(r -> r.ok() && !Double.isNaN(r.ttftMs())).toList();
    }

    /** Requests past their first token and not yet ended at {@code t} (seconds). */
    int decoding(double t) {
        int n = 0;
        for (TraceRow r : rows) {
            if (r.firstTokenSeconds() <= t && t < r.endSeconds()) {
                n++;
            }
        }
        return n;
    }

    /** Tokens of context (prompt and tokens generated so far, linearly between first token and end) of the requests decoding at {@code t}. */
    double contextTokens(double t) {
        double tokens = 0;
        for (TraceRow r : rows) {
            double first = r.firstTokenSeconds();
            double end = r.endSeconds();
            if (first <= t && t < end) {
                double share = end > first ? (t - first) / (end - first) : 1;
                tokens += r.promptTokens() + share * r.outputTokens();
            }
        }
        return tokens;
    }

    /** Time-averaged {@link #decoding} and {@link #contextTokens} over [from, to], by sampling it at {@code samples} evenly spaced instants. */
    double[] averaged(double from, double to, int samples) {
        double decoding = 0;
        double context = 0;
        for (int k = 0; k < samples; k++) {
            double t = from + (to - from) * (k + 0.5) / samples;
            decoding += decoding(t);
            context += contextTokens(t);
        }
        return new double[] {decoding / samples, context / samples};
    }

    /** Whether another request was waiting for its first token at {@code t}: the server was not idle for a new prompt. */
    boolean otherPrefilling(double t, TraceRow self) {
        for (TraceRow r : rows) {
            if (r != self && r.sendSeconds() <= t && t < r.firstTokenSeconds()) {
                return true;
            }
        }
        return false;
    }

    /** Prompt tokens of the requests (other than {@code self}) whose first token came in (from, to]: prefilled in that window. */
    double prefilledTokens(double from, double to, TraceRow self) {
        double tokens = 0;
        for (TraceRow r : rows) {
            if (r != self && r.firstTokenSeconds() > from && r.firstTokenSeconds() <= to) {
                tokens += r.promptTokens();
            }
        }
        return tokens;
    }
}
