package io.dime.backend.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Receives the lines of one streamed response as they arrive, timestamps the content chunks and
 * collects token counts, finish reason and server timings. The HTTP client calls it on its own
 * threads; the thread that sent the request waits on {@link #firstContent} and
 * {@link #finished}, and reads the result through {@link #snapshot()}, which is synchronized
 * with the callbacks. A first-token listener, if given, is told on the HTTP client's thread as
 * soon as the first content chunk is recorded, outside the recorder's lock (a slow listener
 * delays the next line, never a snapshot).
 */
final class StreamRecorder implements Flow.Subscriber<String> {

    static final String DONE_MARKER = "[DONE]";
    private static final int EXCERPT_CHARS = 120;

    /** Completes with the first content chunk. */
    final CompletableFuture<Void> firstContent = new CompletableFuture<>();
    /** Completes when the stream is over for any reason: {@code [DONE]}, an error, a cut. */
    final CompletableFuture<Void> finished = new CompletableFuture<>();

    private final Endpoint endpoint;
    private final ObjectMapper json;
    private final long sentNanos;
    private final ServerSentEventParser events = new ServerSentEventParser();
    private final Runnable onFirstContent;

    private Flow.Subscription subscription;
    private boolean cancelled;
    private long firstContentNanos = -1;
    private long lastContentNanos = -1;
    private long endNanos = -1;
    private final List<Long> gapsNanos = new ArrayList<>();
    private int contentChunks;
    private final StringBuilder text = new StringBuilder();
    private long usagePromptTokens = -1;
    private long usageCompletionTokens = -1;
    private String finishReason = "";
    private EngineTimings engineTimings;
    private boolean doneSeen;
    private RequestOutcome failure;
    private int failureStatus;
    private String failureDetail = "";

    /** {@code onFirstContent} runs once, when the first content chunk has been recorded. */
    StreamRecorder(Endpoint endpoint, ObjectMapper json, long sentNanos, Runnable onFirstContent) {
        this.endpoint = endpoint;
        this.json = json;
        this.sentNanos = sentNanos;
        this.onFirstContent = onFirstContent;
    }

    /** The state of the stream so far, consistent with respect to the callbacks. */
    record Snapshot(boolean doneSeen, RequestOutcome failure, int failureStatus, String failureDetail,
                    long timeToFirstTokenNanos, List<Long> gapsNanos, long endNanosSinceSent, int contentChunks,
                    String text, long usagePromptTokens, long usageCompletionTokens, String finishReason,
                    Optional<EngineTimings> engineTimings, int unrecognisedLines) {
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription newSubscription) {
        this.subscription = newSubscription;
        if (cancelled) {
            newSubscription.cancel();
        } else {
            newSubscription.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(String line) {
        long arrivalNanos = System.nanoTime();
        boolean firstContentNow;
        synchronized (this) {
            if (finished.isDone()) {
                return;
            }
            boolean contentBefore = firstContentNanos >= 0;
            String data = events.acceptLine(line);
            if (data != null) {
                acceptEvent(data.strip(), arrivalNanos);
            }
            firstContentNow = !contentBefore && firstContentNanos >= 0;
        }
        // onNext calls follow one another, so the listener has returned before [DONE] is read.
        if (firstContentNow) {
            tellFirstContent();
        }
    }

    /** A listener that throws must not break the stream it listens to: the measurement goes on. */
    private void tellFirstContent() {
        try {
            onFirstContent.run();
        } catch (RuntimeException e) {
            // ignored on purpose: the measurement does not depend on the listener
        }
    }

    @Override
    public synchronized void onError(Throwable error) {
        long nowNanos = System.nanoTime();
        if (!finished.isDone() && error instanceof HttpTimeoutException) {
            failWith(RequestOutcome.TIMEOUT, 0, "the HTTP client timed out after " + contentChunks
                    + " content chunks", nowNanos);
        } else if (!finished.isDone()) {
            failWith(RequestOutcome.MALFORMED_STREAM, 0, "the stream broke off after " + contentChunks
                    + " content chunks, before [DONE]: " + describe(error), nowNanos);
        }
    }

    @Override
    public synchronized void onComplete() {
        long nowNanos = System.nanoTime();
        if (!finished.isDone()) {
            // Servers end every OpenAI-style stream with [DONE]; a stream that ends without it was cut off.
            String garbage = events.unrecognisedLines() > 0
                    ? " (" + events.unrecognisedLines() + " lines were not server-sent-event lines)" : "";
            failWith(RequestOutcome.MALFORMED_STREAM, 0, "the stream ended after " + contentChunks
                    + " content chunks without [DONE]" + garbage, nowNanos);
        }
    }

    /** Stops reading, for a timeout: the connection is closed and the stream marked failed. */
    synchronized void abandon(RequestOutcome outcome, String detail) {
        if (!finished.isDone()) {
            failWith(outcome, 0, detail, System.nanoTime());
        }
        cancelSubscription();
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(doneSeen, failure, failureStatus, failureDetail,
                firstContentNanos < 0 ? -1 : firstContentNanos - sentNanos, List.copyOf(gapsNanos),
                endNanos < 0 ? System.nanoTime() - sentNanos : endNanos - sentNanos, contentChunks, text.toString(),
                usagePromptTokens, usageCompletionTokens, finishReason, Optional.ofNullable(engineTimings),
                events.unrecognisedLines());
    }

    private void acceptEvent(String data, long arrivalNanos) {
        if (data.equals(DONE_MARKER)) {
            doneSeen = true;
            endNanos = arrivalNanos;
            finished.complete(null);
            return;
        }
        JsonNode chunk;
        try {
            chunk = json.readTree(data);
        } catch (JsonProcessingException e) {
            failWith(RequestOutcome.MALFORMED_STREAM, 0, "an event's data is not JSON: " + excerpt(data), arrivalNanos);
            cancelSubscription();
            return;
        }
        if (chunk == null || !chunk.isObject()) {
            failWith(RequestOutcome.MALFORMED_STREAM, 0, "an event's data is not a JSON object: " + excerpt(data),
                    arrivalNanos);
            cancelSubscription();
            return;
        }
        JsonNode error = chunk.get("error");
        if (error != null && !error.isNull()) {
            acceptErrorObject(error, arrivalNanos);
            cancelSubscription();
            return;
        }
        acceptChoices(chunk.path("choices"), arrivalNanos);
        JsonNode usage = chunk.get("usage");
        if (usage != null && usage.isObject()) {
            usagePromptTokens = usage.path("prompt_tokens").asLong(-1);
            usageCompletionTokens = usage.path("completion_tokens").asLong(-1);
        }
        JsonNode timings = chunk.get("timings");
        if (timings != null && timings.isObject()) {
            engineTimings = new EngineTimings(timings.path("cache_n").asLong(0), timings.path("prompt_n").asLong(0),
                    timings.path("prompt_ms").asDouble(0), timings.path("predicted_n").asLong(0),
                    timings.path("predicted_ms").asDouble(0), timings.path("predicted_per_token_ms").asDouble(0));
        }
    }

    private void acceptChoices(JsonNode choices, long arrivalNanos) {
        if (!choices.isArray() || choices.isEmpty()) {
            return; // vLLM's and llama-server's final usage chunk has no choices
        }
        JsonNode choice = choices.get(0);
        String content;
        if (endpoint == Endpoint.COMPLETIONS) {
            content = choice.path("text").asText("");
        } else {
            JsonNode delta = choice.path("delta");
            // A reasoning model's thinking is generated tokens too: it counts for timing, not for the text.
            String reasoning = delta.path("reasoning_content").asText(delta.path("reasoning").asText(""));
            content = delta.path("content").asText("");
            if (content.isEmpty() && !reasoning.isEmpty()) {
                recordContentChunk("", arrivalNanos);
            }
        }
        if (!content.isEmpty()) {
            recordContentChunk(content, arrivalNanos);
        }
        JsonNode reason = choice.get("finish_reason");
        if (reason != null && !reason.isNull()) {
            finishReason = reason.asText();
        }
    }

    private void recordContentChunk(String content, long arrivalNanos) {
        if (firstContentNanos < 0) {
            firstContentNanos = arrivalNanos;
            firstContent.complete(null);
        } else {
            gapsNanos.add(arrivalNanos - lastContentNanos);
        }
        lastContentNanos = arrivalNanos;
        contentChunks++;
        text.append(content);
    }

    /**
     * An error object inside the stream. llama-server and vLLM put the HTTP status they would
     * have sent into its {@code code}; without one the stream is merely malformed.
     */
    private void acceptErrorObject(JsonNode error, long arrivalNanos) {
        int code = error.path("code").asInt(0);
        String message = error.path("message").asText(error.toString());
        if (code >= 400 && code <= 599) {
            failWith(RequestOutcome.HTTP_STATUS, code, "the server reported status " + code + " inside the stream after "
                    + contentChunks + " content chunks: " + excerpt(message), arrivalNanos);
        } else {
            failWith(RequestOutcome.MALFORMED_STREAM, 0, "the server reported an error inside the stream: "
                    + excerpt(message), arrivalNanos);
        }
    }

    private void failWith(RequestOutcome outcome, int status, String detail, long nowNanos) {
        failure = outcome;
        failureStatus = status;
        failureDetail = detail;
        endNanos = nowNanos;
        finished.complete(null);
    }

    private void cancelSubscription() {
        cancelled = true;
        if (subscription != null) {
            subscription.cancel();
        }
    }

    static String excerpt(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= EXCERPT_CHARS ? oneLine : oneLine.substring(0, EXCERPT_CHARS) + "...";
    }

    static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + excerpt(message));
    }
}
