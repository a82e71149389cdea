package io.dime.backend.client;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one request measured. Times are in nanoseconds from a monotonic clock
 * ({@link System#nanoTime()}), taken in the client as each line of the stream arrives; they are
 * measured from the moment the final attempt was handed to the HTTP client.
 *
 * @param outcome                  how the request ended
 * @param httpStatus               the status code behind {@link RequestOutcome#HTTP_STATUS} (also 200 on
 *                                 success); 0 when no response arrived
 * @param errorDetail              a plain sentence about the failure, empty on success; never holds the API key
 * @param sentAt                   wall-clock time the final attempt was sent
 * @param attempts                 attempts made, 1 when there was no retry
 * @param waitBeforeFinalAttemptNanos time spent on failed attempts and backoff before the final one; add it to
 *                                 the other times for the latency a user saw
 * @param timeToFirstTokenNanos    until the first chunk with content; -1 if none came
 * @param interTokenGapsNanos      between consecutive content chunks, in order; one fewer than
 *                                 {@code contentChunks} (an empty list for zero or one chunk)
 * @param endToEndNanos            until {@code [DONE]}, or until the failure was noticed
 * @param contentChunks            chunks that carried generated text
 * @param promptTokens             prompt length in tokens; -1 when unknown
 * @param promptTokensSource       {@link TokenCountSource#SERVER_USAGE} or {@link TokenCountSource#UNKNOWN}
 * @param outputTokens             generated tokens
 * @param outputTokensSource       whether {@code outputTokens} is the server's usage or the count of content chunks
 * @param finishReason             the server's {@code finish_reason} ("length", "stop"), empty if none came
 * @param generatedText            the concatenated content
 * @param engineTimings            the server's own timings, when it sends them (llama-server does)
 */
public record StreamMeasurement(RequestOutcome outcome, int httpStatus, String errorDetail, Instant sentAt,
                                int attempts, long waitBeforeFinalAttemptNanos, long timeToFirstTokenNanos,
                                List<Long> interTokenGapsNanos, long endToEndNanos, int contentChunks,
                                long promptTokens, TokenCountSource promptTokensSource, long outputTokens,
                                TokenCountSource outputTokensSource, String finishReason, String generatedText,
                                Optional<EngineTimings> engineTimings) {

    public StreamMeasurement {
        interTokenGapsNanos = List.copyOf(interTokenGapsNanos);
    }

    public boolean succeeded() {
        return outcome == RequestOutcome.OK;
    }

    /**
     * Mean gap between content chunks, the client-side time per output token; NaN with fewer
     * than two chunks.
     */
    public double meanInterTokenGapNanos() {
        return interTokenGapsNanos.stream().mapToLong(Long::longValue).average().orElse(Double.NaN);
    }
}
