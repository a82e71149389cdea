package io.dime.backend.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * Streams completions from an OpenAI-compatible server and measures each one.
 *
 * <p>HTTP/1.1 is forced: llama-server and vLLM speak it, and one request per connection keeps
 * concurrent streams from sharing a connection's flow control, which would blur the timings.
 * The client is thread-safe; run concurrent requests by calling {@link #stream} from several
 * threads. Failures do not throw: they come back as a {@link StreamMeasurement} whose
 * {@link RequestOutcome} says what went wrong.
 *
 * <p>The API key, if the configured environment variable holds one, is sent as
 * {@code Authorization: Bearer} and appears nowhere else.
 */
public final class OpenAiStreamingClient implements AutoCloseable {

    /** How long to let a finished response body close by itself before closing the connection. */
    private static final Duration BODY_CLOSE_GRACE = Duration.ofSeconds(2);
    private static final int ERROR_BODY_EXCERPT_CHARS = 300;
    private static final Duration RECORDER_CATCH_UP = Duration.ofMillis(500);
    private static final Duration HTTP_CLIENT_TIMEOUT_MARGIN = Duration.ofSeconds(5);
    /**
     * Resends of a request lost before any answer that do not use up an attempt. One covers the
     * kept-alive connection a server closed meanwhile; a second loss in a row is no longer that.
     */
    private static final int MAX_FREE_RESENDS = 1;

    private final URI baseUrl;
    private final ClientSettings settings;
    private final Optional<BearerToken> apiKey;
    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService callbackThreads;
    private final HttpClient http;

    public OpenAiStreamingClient(URI baseUrl, ClientSettings settings) {
        this(baseUrl, settings, System::getenv);
    }

    /** With an explicit environment, so tests can give a key without setting a real variable. */
    OpenAiStreamingClient(URI baseUrl, ClientSettings settings, UnaryOperator<String> environment) {
        this.baseUrl = serverRoot(baseUrl);
        this.settings = settings;
        this.apiKey = BearerToken.fromEnvironment(settings.apiKeyEnvironmentVariable(), environment);
        this.callbackThreads = Executors.newCachedThreadPool(daemonThreads());
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(callbackThreads)
                .build();
    }

    /**
     * The server's root, to which the client adds /v1/...: without trailing slashes and without a
     * trailing /v1, which OpenAI-style base URLs often carry (http://host:8000/v1).
     */
    public static URI serverRoot(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith("/v1")) {
            path = path.substring(0, path.length() - "/v1".length());
        }
        return URI.create(url.getScheme().toLowerCase(java.util.Locale.ROOT) + "://" + url.getRawAuthority() + path
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public ClientSettings settings() {
        return settings;
    }

    /**
     * Sends the request, streams the answer and returns what was measured. Retries a refused
     * connection and status 429 or 503, with doubling backoff, up to
     * {@link ClientSettings#maxAttempts()}; nothing else is retried, and nothing at all once a
     * token has arrived. A request lost on a kept-alive connection before any answer is sent
     * again at once, and the first such resend does not count against the attempts (the server
     * never saw the request, so even a client allowed one attempt sends it). The thread blocks
     * until the stream ends or a timeout runs out; interrupting it abandons the request (its
     * connection is closed) and returns a {@link RequestOutcome#TIMEOUT} saying so.
     */
    public StreamMeasurement stream(CompletionRequest request) {
        return stream(request, () -> { });
    }

    /**
     * As {@link #stream(CompletionRequest)}, and runs {@code onFirstToken} the moment the first
     * chunk with content arrives, on one of the client's HTTP threads, before the stream goes on
     * being read: what a caller needs that must act on the first token while the answer is still
     * streaming (a live node, whose time to first token is the moment it is told). It runs at
     * most once per call, never for a request that failed before any content, and must be quick;
     * an exception it throws is ignored.
     */
    public StreamMeasurement stream(CompletionRequest request, Runnable onFirstToken) {
        Objects.requireNonNull(onFirstToken, "onFirstToken");
        byte[] body;
        try {
            body = json.writeValueAsBytes(request.toJson(json));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("could not write the request body", e);
        }
        long firstAttemptNanos = 0;
        int freeResends = 0;
        for (int attempt = 1; ; attempt++) {
            AttemptResult result = attemptOnce(request.endpoint(), body, onFirstToken);
            if (attempt == 1) {
                firstAttemptNanos = result.sentNanos();
            }
            if (result.lostBeforeAnswer() && freeResends < MAX_FREE_RESENDS && !Thread.currentThread().isInterrupted()) {
                freeResends++;
                continue;
            }
            int counted = attempt - freeResends;
            if (counted >= settings.maxAttempts() || !result.retryable()) {
                return result.toMeasurement(attempt, result.sentNanos() - firstAttemptNanos);
            }
            Duration wait = result.lostBeforeAnswer() ? Duration.ZERO : waitBeforeRetry(counted + 1, result.retryAfter());
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result.toMeasurement(attempt, result.sentNanos() - firstAttemptNanos);
            }
        }
    }

    /** The doubling backoff, or the server's {@code Retry-After} if that is longer, both capped at the maximum backoff. */
    private Duration waitBeforeRetry(int nextAttempt, Optional<Duration> retryAfter) {
        Duration backoff = settings.backoffBefore(nextAttempt);
        Duration asked = retryAfter.filter(after -> after.compareTo(settings.maxBackoff()) < 0)
                .orElse(retryAfter.isPresent() ? settings.maxBackoff() : Duration.ZERO);
        return asked.compareTo(backoff) > 0 ? asked : backoff;
    }

    /** One attempt, as measured, with what decides whether to retry it. */
    private record AttemptResult(RequestOutcome outcome, int httpStatus, String detail, Instant sentAt, long sentNanos,
                                 Optional<Duration> retryAfter, StreamRecorder.Snapshot stream) {

        boolean retryable() {
            if (stream.contentChunks() > 0) {
                return false;
            }
            return outcome == RequestOutcome.REFUSED || lostBeforeAnswer()
                    || (outcome == RequestOutcome.HTTP_STATUS && (httpStatus == 429 || httpStatus == 503));
        }

        /**
         * The connection ended before any status line: what a kept-alive connection that the
         * server closed meanwhile gives (cpp-httplib, under llama-server, closes one after 5
         * requests). The request never reached the engine, so it is sent again at once.
         */
        boolean lostBeforeAnswer() {
            return outcome == RequestOutcome.MALFORMED_STREAM && httpStatus == 0 && stream.contentChunks() == 0;
        }

        StreamMeasurement toMeasurement(int attempts, long waitBeforeNanos) {
            boolean haveUsage = stream.usageCompletionTokens() >= 0;
            return new StreamMeasurement(outcome, httpStatus, detail, sentAt, attempts, waitBeforeNanos,
                    stream.timeToFirstTokenNanos(), stream.gapsNanos(), stream.endNanosSinceSent(),
                    stream.contentChunks(),
                    stream.usagePromptTokens(),
                    stream.usagePromptTokens() >= 0 ? TokenCountSource.SERVER_USAGE : TokenCountSource.UNKNOWN,
                    haveUsage ? stream.usageCompletionTokens() : stream.contentChunks(),
                    haveUsage ? TokenCountSource.SERVER_USAGE : TokenCountSource.COUNTED_CHUNKS,
                    stream.finishReason(), stream.text(), stream.engineTimings());
        }
    }

    private AttemptResult attemptOnce(Endpoint endpoint, byte[] body, Runnable onFirstToken) {
        // The HTTP client's own timeout is only a backstop: the deadlines below run out first and
        // know whether it was the first token or the whole request that took too long.
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + endpoint.path()))
                .timeout(settings.wholeRequestTimeout().plus(HTTP_CLIENT_TIMEOUT_MARGIN))
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        apiKey.ifPresent(key -> builder.header("Authorization", key.authorizationHeaderValue()));
        HttpRequest httpRequest = builder.build();

        AtomicInteger status = new AtomicInteger();
        AtomicLong retryAfterSeconds = new AtomicLong(-1);
        Instant sentAt = Instant.now();
        long sentNanos = System.nanoTime();
        StreamRecorder recorder = new StreamRecorder(endpoint, json, sentNanos, onFirstToken);
        HttpResponse.BodyHandler<String> handler = info -> {
            status.set(info.statusCode());
            info.headers().firstValue("Retry-After").ifPresent(value -> retryAfterSeconds.set(parseSeconds(value)));
            return info.statusCode() == 200
                    ? HttpResponse.BodySubscribers.fromLineSubscriber(recorder, unused -> "", StandardCharsets.UTF_8, null)
                    : HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
        };
        CompletableFuture<HttpResponse<String>> response = http.sendAsync(httpRequest, handler);

        long firstTokenWaitNanos = Math.min(settings.firstTokenTimeout().toNanos(), settings.wholeRequestTimeout().toNanos());
        try {
            awaitAny(sentNanos + firstTokenWaitNanos, recorder.firstContent, recorder.finished, response);
            if (!recorder.finished.isDone() && !response.isDone()) {
                awaitAny(sentNanos + settings.wholeRequestTimeout().toNanos(), recorder.finished, response);
            }
        } catch (TimeoutException e) {
            boolean beforeFirstToken = !recorder.firstContent.isDone();
            Duration limit = beforeFirstToken ? Duration.ofNanos(firstTokenWaitNanos) : settings.wholeRequestTimeout();
            String detail = (beforeFirstToken ? "no token within the first-token timeout of "
                    : "the stream did not finish within the request timeout of ") + limit.toMillis() + " ms";
            recorder.abandon(RequestOutcome.TIMEOUT, detail);
            response.cancel(true);
            return new AttemptResult(RequestOutcome.TIMEOUT, status.get(), detail, sentAt, sentNanos, Optional.empty(),
                    recorder.snapshot());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            recorder.abandon(RequestOutcome.TIMEOUT, "interrupted while waiting for the stream");
            response.cancel(true);
            return new AttemptResult(RequestOutcome.TIMEOUT, status.get(), "interrupted while waiting for the stream",
                    sentAt, sentNanos, Optional.empty(), recorder.snapshot());
        } catch (ExecutionException e) {
            // The response future failed; the recorder's own account, if it has one, is read below.
        }
        if (status.get() == 200 && !recorder.finished.isDone()) {
            // The response future and the line callbacks end on different threads: give the
            // recorder a moment to see the end of a 200 stream whose future ended first.
            try {
                recorder.finished.get(RECORDER_CATCH_UP.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                recorder.abandon(RequestOutcome.MALFORMED_STREAM, "the stream ended without a readable end");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                recorder.abandon(RequestOutcome.TIMEOUT, "interrupted while waiting for the stream");
            }
        }

        if (recorder.finished.isDone()) {
            StreamRecorder.Snapshot stream = recorder.snapshot();
            closeWhenDone(response);
            if (stream.failure() != null) {
                int reportedStatus = stream.failure() == RequestOutcome.HTTP_STATUS ? stream.failureStatus() : status.get();
                return new AttemptResult(stream.failure(), reportedStatus, redact(stream.failureDetail()), sentAt,
                        sentNanos, Optional.empty(), stream);
            }
            return new AttemptResult(RequestOutcome.OK, status.get(), "", sentAt, sentNanos, Optional.empty(), stream);
        }
        // The response future ended without the recorder: a connection failure or a non-200 status.
        long endNanos = System.nanoTime();
        StreamRecorder.Snapshot empty = recorder.snapshot();
        if (!response.isDone()) { // not reached: one of the awaited futures is done by now
            response.cancel(true);
            return new AttemptResult(RequestOutcome.MALFORMED_STREAM, status.get(), "the exchange ended in no known state",
                    sentAt, sentNanos, Optional.empty(), withEnd(empty, endNanos - sentNanos));
        }
        try {
            HttpResponse<String> answer = response.getNow(null);
            int code = answer.statusCode();
            Optional<Duration> retryAfter = retryAfterSeconds.get() >= 0
                    ? Optional.of(Duration.ofSeconds(retryAfterSeconds.get())) : Optional.empty();
            String detail = "the server answered status " + code + ": "
                    + redact(excerpt(answer.body() == null ? "" : answer.body()));
            return new AttemptResult(RequestOutcome.HTTP_STATUS, code, detail, sentAt, sentNanos, retryAfter,
                    withEnd(empty, endNanos - sentNanos));
        } catch (CompletionException failure) {
            Throwable cause = failure.getCause() == null ? failure : failure.getCause();
            RequestOutcome outcome = classifyConnectionFailure(cause);
            String detail = switch (outcome) {
                case REFUSED -> "connection refused by " + baseUrl.getHost() + ":" + baseUrl.getPort();
                case TIMEOUT -> cause instanceof HttpConnectTimeoutException
                        ? "could not connect within " + settings.connectTimeout().toMillis() + " ms"
                        : "no response within the request timeout of " + settings.wholeRequestTimeout().toMillis() + " ms";
                default -> "no valid HTTP response: " + redact(StreamRecorder.describe(cause));
            };
            return new AttemptResult(outcome, status.get(), detail, sentAt, sentNanos, Optional.empty(),
                    withEnd(empty, endNanos - sentNanos));
        }
    }

    /**
     * Sorts a failure of the HTTP exchange itself. Refused and timed-out connections are named
     * by their exception types; anything else (a reset, an end of file before a status line)
     * means the server did not give a usable HTTP answer.
     */
    static RequestOutcome classifyConnectionFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpTimeoutException) { // includes HttpConnectTimeoutException
                return RequestOutcome.TIMEOUT;
            }
            if (t instanceof ConnectException) {
                return RequestOutcome.REFUSED;
            }
        }
        return RequestOutcome.MALFORMED_STREAM;
    }

    /**
     * Asks the server what it is. Each probe that fails, times out or is missing is skipped;
     * this never throws for an unreachable or unusual server, it returns less.
     */
    public ServerInfo probeServerInfo() {
        List<String> answered = new ArrayList<>();
        Optional<JsonNode> props = getJson("/props", answered);
        Optional<JsonNode> models = getJson("/v1/models", answered);
        Optional<JsonNode> versionDoc = getJson("/version", answered);

        Optional<JsonNode> firstModel = models.map(doc -> doc.path("data").path(0)).filter(JsonNode::isObject);
        String ownedBy = firstModel.map(model -> model.path("owned_by").asText("")).orElse("");
        Optional<String> buildInfo = props.map(doc -> doc.path("build_info").asText("")).filter(s -> !s.isEmpty());

        String engine;
        if (buildInfo.isPresent() || ownedBy.equals("llamacpp")) {
            engine = "llama.cpp";
        } else if (ownedBy.equalsIgnoreCase("vllm")) {
            engine = "vLLM";
        } else if (!ownedBy.isEmpty()) {
            engine = ownedBy;
        } else {
            engine = ServerInfo.UNKNOWN_ENGINE;
        }
        Optional<String> version = buildInfo.or(() -> versionDoc.map(doc -> doc.path("version").asText(""))
                .filter(s -> !s.isEmpty()));
        Optional<String> modelId = firstModel.map(model -> model.path("id").asText("")).filter(s -> !s.isEmpty())
                .or(() -> props.map(doc -> doc.path("model_alias").asText("")).filter(s -> !s.isEmpty()));
        OptionalInt totalSlots = props.filter(doc -> doc.path("total_slots").isInt())
                .map(doc -> OptionalInt.of(doc.path("total_slots").asInt())).orElse(OptionalInt.empty());
        return new ServerInfo(engine, version, modelId, totalSlots, answered);
    }

    private Optional<JsonNode> getJson(String path, List<String> answered) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(settings.connectTimeout().plusSeconds(5))
                .header("Accept", "application/json")
                .GET();
        apiKey.ifPresent(key -> builder.header("Authorization", key.authorizationHeaderValue()));
        try {
            HttpResponse<String> answer = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (answer.statusCode() != 200) {
                return Optional.empty();
            }
            JsonNode doc = json.readTree(answer.body());
            if (doc == null || !doc.isObject()) {
                return Optional.empty();
            }
            answered.add(path);
            return Optional.of(doc);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Stops the client's callback threads. Requests still running fail. */
    @Override
    public void close() {
        callbackThreads.shutdownNow();
    }

    @Override
    public String toString() {
        return "OpenAiStreamingClient[baseUrl=" + baseUrl + ", apiKey from $" + settings.apiKeyEnvironmentVariable()
                + (apiKey.isPresent() ? " (set)" : " (unset)") + "]";
    }

    private static void awaitAny(long deadlineNanos, CompletableFuture<?>... futures)
            throws TimeoutException, InterruptedException, ExecutionException {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            for (CompletableFuture<?> future : futures) {
                if (future.isDone()) {
                    return;
                }
            }
            throw new TimeoutException();
        }
        CompletableFuture.anyOf(futures).get(remaining, TimeUnit.NANOSECONDS);
    }

    /**
     * Lets a response that already delivered {@code [DONE]} end on its own, so its connection can
     * be reused, and aborts it if it has not ended after a grace period.
     */
    private static void closeWhenDone(CompletableFuture<HttpResponse<String>> response) {
        if (!response.isDone()) {
            CompletableFuture.delayedExecutor(BODY_CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
                if (!response.isDone()) {
                    response.cancel(true);
                }
            });
        }
    }

    private static StreamRecorder.Snapshot withEnd(StreamRecorder.Snapshot s, long endNanosSinceSent) {
        return new StreamRecorder.Snapshot(s.doneSeen(), s.failure(), s.failureStatus(), s.failureDetail(),
                s.timeToFirstTokenNanos(), s.gapsNanos(), endNanosSinceSent, s.contentChunks(), s.text(),
                s.usagePromptTokens(), s.usageCompletionTokens(), s.finishReason(), s.engineTimings(),
                s.unrecognisedLines());
    }

    private String redact(String text) {
        return apiKey.map(key -> key.redact(text)).orElse(text);
    }

    private static String excerpt(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= ERROR_BODY_EXCERPT_CHARS ? oneLine
                : oneLine.substring(0, ERROR_BODY_EXCERPT_CHARS) + "...";
    }

    private static long parseSeconds(String retryAfter) {
        try {
            return Math.max(0, Long.parseLong(retryAfter.strip()));
        } catch (NumberFormatException e) {
            return -1; // an HTTP date: not worth parsing for a bounded backoff
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "dime-http-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
