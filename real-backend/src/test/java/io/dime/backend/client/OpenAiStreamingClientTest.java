package io.dime.backend.client;

import static io.dime.backend.client.CannedHttpServer.beginEventStream;
import static io.dime.backend.client.CannedHttpServer.chatChunk;
import static io.dime.backend.client.CannedHttpServer.completionChunk;
import static io.dime.backend.client.CannedHttpServer.respond;
import static io.dime.backend.client.CannedHttpServer.send;
import static io.dime.backend.client.CannedHttpServer.sendEvent;
import static io.dime.backend.client.CannedHttpServer.streamUntilTheClientHangsUp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The client's reading of event streams and its sorting of failures, against canned answers
 * from an in-process server. These test parsing and classification, not a real engine (the
 * {@code *IT} tests do that).
 */
class OpenAiStreamingClientTest {

    private static final ClientSettings FAST = ClientSettings.defaults()
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10))
            .withRetries(3, Duration.ofMillis(10), Duration.ofMillis(40));
    private static final long MILLIS = 1_000_000L;

    @Test
    void completionStreamIsTimedChunkByChunkAndCountedFromUsage() throws Exception {
        try (CannedHttpServer server = new CannedHttpServer("/v1/completions", (exchange, n) -> {
            OutputStream out = beginEventStream(exchange);
            Thread.sleep(30);
            for (String piece : List.of("a", "b", "c", "d", "e")) {
                sendEvent(out, completionChunk(piece));
                Thread.sleep(20);
            }
            sendEvent(out, "{\"choices\":[{\"text\":\"\",\"index\":0,\"finish_reason\":\"length\"}],"
                    + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":5,\"total_tokens\":12},"
                    + "\"timings\":{\"cache_n\":1,\"prompt_n\":6,\"prompt_ms\":12.5,\"predicted_n\":5,"
                    + "\"predicted_ms\":40.0,\"predicted_per_token_ms\":10.0}}");
            sendEvent(out, "[DONE]");
        }); OpenAiStreamingClient client = new OpenAiStreamingClient(server.baseUrl(), FAST)) {

            StreamMeasurement m = client.stream(CompletionRequest.completion("hello", 5));

            assertEquals(RequestOutcome.OK, m.outcome(), m.errorDetail());
            assertEquals(200, m.httpStatus());
            assertEquals("abcde", m.generatedText());
            assertEquals(5, m.contentChunks());
            assertEquals(4, m.interTokenGapsNanos().size());
            assertTrue(m.timeToFirstTokenNanos() >= 25 * MILLIS, "TTFT includes the server's 30 ms pause");
            for (long gap : m.interTokenGapsNanos()) {
                assertTrue(gap >= 15 * MILLIS, "each gap includes the server's 20 ms pause, was " + gap);
            }
            assertTrue(m.endToEndNanos() >= m.timeToFirstTokenNanos() + 4 * 15 * MILLIS);
            assertEquals(5, m.outputTokens());
            assertEquals(TokenCountSource.SERVER_USAGE, m.outputTokensSource());
            assertEquals(7, m.promptTokens());
            assertEquals(TokenCountSource.SERVER_USAGE, m.promptTokensSource());
            assertEquals("length", m.finishReason());
            assertEquals(1, m.attempts());
            assertEquals(0, m.waitBeforeFinalAttemptNanos());
            EngineTimings timings = m.engineTimings().orElseThrow();
            assertEquals(new EngineTimings(1, 6, 12.5, 5, 40.0, 10.0), timings);
        }
    }

    @Test
    void theFirstTokenListenerRunsWhenTheFirstChunkArrivesWhileTheAnswerIsStillStreaming() throws Exception {
        CountDownLatch listenerRan = new CountDownLatch(1);
        AtomicBoolean serverWaitedForTheListener = new AtomicBoolean();
        try (CannedHttpServer server = new CannedHttpServer("/v1/completions", (exchange, n) -> {
            OutputStream out = beginEventStream(exchange);
            Thread.sleep(40);
            sendEvent(out, completionChunk("a"));
            // The rest of the answer waits for the listener: it must run before the stream ends.
            serverWaitedForTheListener.set(listenerRan.await(5, TimeUnit.SECONDS));
            sendEvent(out, completionChunk("b"));
            sendEvent(out, completionChunk("c"));
            sendEvent(out, "[DONE]");
        }); OpenAiStreamingClient client = new OpenAiStreamingClient(server.baseUrl(), FAST)) {

            AtomicInteger calls = new AtomicInteger();
            AtomicLong toldAtNanos = new AtomicLong();
            long start = System.nanoTime();
            StreamMeasurement m = client.stream(CompletionRequest.completion("hello", 3), () -> {
                toldAtNanos.set(System.nanoTime());
                calls.incrementAndGet();
                listenerRan.countDown();
            });

            assertEquals(RequestOutcome.OK, m.outcome(), m.errorDetail());
            assertTrue(serverWaitedForTheListener.get(), "the listener ran while the stream was open");
            assertEquals(1, calls.get(), "once, for three chunks");
            assertEquals("abc", m.generatedText());
            long toldMs = (toldAtNanos.get() - start) / MILLIS;
            long ttftMs = m.timeToFirstTokenNanos() / MILLIS;
            assertTrue(toldMs >= 35 && Math.abs(toldMs - ttftMs) <= 20,
                    "told " + toldMs + " ms after sending, the measured TTFT is " + ttftMs + " ms");
        }
    }

    @Test
    void theFirstTokenListenerIsNotRunForARequestThatFailsBeforeAnyContent() throws Exception {
        try (CannedHttpServer server = new CannedHttpServer("/v1/completions", (exchange, n) ->
                respond(exchange, 500, "application/json", "{\"error\":{\"code\":500,\"message\":\"boom\"}}"));
             OpenAiStreamingClient client = new OpenAiStreamingClient(server.baseUrl(), FAST)) {

            AtomicInteger calls = new AtomicInteger();
            StreamMeasurement m = client.stream(CompletionRequest.completion("hello", 3), calls::incrementAndGet);

            assertEquals(RequestOutcome.HTTP_STATUS, m.outcome());
            assertEquals(0, calls.get());
        }
    }

    @Test
    void aFirstTokenListenerThatThrowsDoesNotBreakTheStream() throws Exception {
        try (CannedHttpServer server = new CannedHttpServer("/v1/completions", (exchange, n) -> {
            OutputStream out = beginEventStream(exchange);
            sendEvent(out, completionChunk("a"));
            sendEvent(out, completionChunk("b"));
            sendEvent(out, "[DONE]");
        }); OpenAiStreamingClient client = new OpenAiStreamingClient(server.baseUrl(), FAST)) {

            StreamMeasurement m = client.stream(CompletionRequest.completion("hello", 2), () -> {
                throw new IllegalStateException("listener bug");
            });

            assertEquals(RequestOutcome.OK, m.outcome(), m.errorDetail());
            assertEquals("ab", m.generatedText());
        }
    }

    @Test
    void interruptingTheStreamingThreadAbandonsTheRequestAndClosesItsConnection() throws Exception {
        CountDownLatch serverSawTheClose = new CountDownLatch(1);
        try (CannedHttpServer server = new CannedHttpServer("/v1/completions", (exchange, n) -> streamUntilTheClientHangsUp(exchange, serverSawTheClose)); OpenAiStreamingClient client = new OpenAiStreamingClient(server.baseUrl(), FAST)) {

            CountDownLatch firstToken = new CountDownLatch(1);
            CompletableFuture<StreamMeasurement> answer = new CompletableFuture<>();
            Thread streaming = new Thread(() -> answer.complete(
                    client.stream(CompletionRequest.completion("hello", 1_000), firstToken::countDown)));
            streaming.start();
            assertTrue(firstToken.await(5, TimeUnit.SECONDS));
            Thread.sleep(50);
            long interruptNanos = System.nanoTime();
            streaming.interrupt();

            StreamMeasurement m = answer.get(2, TimeUnit.SECONDS);
            long returnedMs = (System.nanoTime() - interruptNanos) / MILLIS;
            assertEquals(RequestOutcome.TIMEOUT, m.outcome());
            assertTrue(m.errorDetail().contains("interrupted"), m.errorDetail());
            assertTrue(returnedMs < 500, "returned " + returnedMs + " ms after the interrupt");
            assertTrue(serverSawTheClose.await(3, TimeUnit.SECONDS), "the server's writes fail: the connection is closed");
            assertEquals(1, m.attempts());
        }
    }

    @Test
    void aRequestLostBeforeAnyAnswerIsSentAgainEvenWhenOneAttemptIsAllowed() throws Exception {
        ClientSettings oneAttempt = FAST.withRetries(1, Duration.ZERO, Duration.ZERO);
        try (ServerSocket listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = new AtomicInteger();
            Thread server = new Thread(() -> {
                try {
                    // The first connection closes without a status line, as a kept-alive connection
                    // that the server closed meanwhile does; the second answers.
                    try (Socket first = listener.accept()) {
                        connections.incrementAndGet();
                        readRequestHead(first);
                    }
                    try (Socket second = listener.accept()) {
                        connections.incrementAndGet();
                        readRequestHead(second);
                        second.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                                + "Connection: close\r\n\r\ndata: " + completionChunk("z") + "\n\ndata: [DONE]\n\n")
                                .getBytes(StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // the test's assertions say what went wrong
                }
            });
            server.setDaemon(true);
            server.start();
            try (OpenAiStreamingClient client = new OpenAiStreamingClient(
                    URI.create("http://127.0.0.1:" + listener.getLocalPort()), oneAttempt)) {

                StreamMeasurement m = client.stream(CompletionRequest.completion("hello", 1));

                assertEquals(RequestOutcome.OK, m.outcome(), m.errorDetail());
                assertEquals("z", m.generatedText());
                assertEquals(2, connections.get());
                assertEquals(2, m.attempts(), "attempts counts the resend too");
            }
        }
    }

    /** Reads up to the blank line that ends the request headers (the body is not needed). */
    private static void readRequestHead(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b; matched < end.length && (b = in.read()) >= 0; ) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Test
    void withoutUsageTheOutputIsCountedInChunksAndThePromptIsUnknown() throws Exception {
        try (CannedHttpServer server = new CannedHttpServer("/v1/completions", (exchange, n) -> {
            OutputStream out = beginEventStream(exchange);
            sendEvent(out, completionChunk("x"));
            sendEvent(out, completionChunk("y"));
            sendEvent(out, completionChunk("z"));
            sendEvent(out, "[DONE]");
        }); OpenAiStreamingClient client = new OpenAiStreamingClient(server.baseUrl(), FAST)) {

            StreamMeasurement m = client.stream(CompletionRequest.completion("hello", 3));

            assertEquals(RequestOutcome.OK, m.outcome());
            assertEquals(3, m.outputTokens());
            assertEquals(TokenCountSource.COUNTED_CHUNKS, m.outputTokensSource());
            assertEquals(-1, m.promptTokens());
            assertEquals(TokenCountSource.UNKNOWN, m.promptTokensSource());
            assertTrue(m.engineTimings().isEmpty());
        }
    }

    @Test
    void chatRoleOnlyChunkIsNotATokenButDeltasAre() throws Exception {
        try (CannedHttpServer server = new CannedHttpServer("/v1/chat/completions", (exchange, n) -> {
            OutputStream out = beginEventStream(exchange);
            sendEvent(out, "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null}}]}");
            sendEvent(out, chatChunk("Hi"));
            sendEvent(out, chatChunk(" there"));
            sendEvent(out, "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}");
            sendEvent(out, "{\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2}}");
            sendEvent(out, "[DONE]");
        }); OpenAiStreamingClient client = new OpenAiStreamingClient(server.baseUrl(), FAST)) {

            StreamMeasurement m = client.stream(CompletionRequest.chat("hello", 16));

            assertEquals(RequestOutcome.OK, m.outcome(), m.errorDetail());
            assertEquals("Hi there", m.generatedText());
            assertEquals(2, m.contentChunks());
            assertEquals(1, m.interTokenGapsNanos().size());
            assertEquals(2, m.outputTokens());
            assertEquals(9, m.promptTokens());
            assertEquals("stop", m.finishReason());
        }
    }

    @Test
    void sseDetailsAreHonoured_crlfCommentsMultiLineDataAndOtherFields() throws Exception {
        try (CannedHttpServer server = new CannedHttpServer("/v1/completions", (exchange, n) -> {
            OutputStream out = beginEventStream(exchange);
            send(out, ":\r\n\r\n"); // llama-server's keep-alive ping
            send(out, "event: message\r\nid: 1\r\ndata: " + completionChunk("p") + "\r\n\r\n");
            // one event's data split over two data lines: joined with a newline, still valid JSON
            send(out, "data: {\"choices\":[{\"text\":\"q\",\ndata: \"index\":0}]}\n\n");
            send(out, "data:[DONE]\n\n"); // no space after the colon is allowed too
        }); OpenAiStreamingClient client = new OpenAiStreamingClient(server.baseUrl(), FAST)) {

            StreamMeasurement m = client.stream(CompletionRequest.completion("hello", 2));

            assertEquals(RequestOutcome.OK, m.outcome(), m.errorDetail());
            assertEquals("pq", m.generatedText());
        }
    }

    @Test
    void requestAsksForUsageAndForTheExactLengthInEachEnginesDialect() throws Exception {
        try (CannedHttpServer server = new CannedHttpServer("/v1/completions", (exchange, n) -> {
            OutputStream out = beginEventStream(exchange);
            sendEvent(out, "[DONE]");
        }); OpenAiStreamingClient client = new OpenAiStreamingClient(server.baseUrl(), FAST)) {

            client.stream(CompletionRequest.completionOfTokenIds(List.of(1, 72, 105), 32)
                    .withExactOutputLength().withModel("m").withTemperature(0.5).withSeed(7));

            JsonNode body = new ObjectMapper().readTree(server.requestBodies.get(0));
            assertEquals("[1,72,105]", body.get("prompt").toString());
            assertEquals(32, body.get("max_tokens").asInt());
            assertTrue(body.get("stream").asBoolean());
            assertTrue(body.get("stream_options").get("include_usage").asBoolean());
            assertEquals(32, body.get("n_predict").asInt(), "llama.cpp's name for the length");
            assertEquals(32, body.get("min_tokens").asInt(), "vLLM's lower bound");
            assertTrue(body.get("ignore_eos").asBoolean());
            assertEquals("m", body.get("model").asText());
            assertEquals(0.5, body.get("temperature").asDouble());
            assertEquals(7, body.get("seed").asLong());
        }
    }

    @Test
    void requestWithoutExactLengthSendsNoEngineExtensions() throws Exception {
        try (CannedHttpServer server = new CannedHttpServer("/v1/chat/completions", (exchange, n) -> {
            OutputStream out = beginEventStream(exchange);
            sendEvent(out, "[DONE]");
        }); OpenAiStreamingClient client = new OpenAiStreamingClient(server.baseUrl(), FAST)) {

            client.stream(CompletionRequest.chat("hi", 8));

            JsonNode body = new ObjectMapper().readTree(server.requestBodies.get(0));
            assertEquals("user", body.get("messages").get(0).get("role").asText());
            assertEquals("hi", body.get("messages").get(0).get("content").asText());
            assertFalse(body.has("ignore_eos"));
            assertFalse(body.has("min_tokens"));
            assertFalse(body.has("model"));
        }
    }

    @Test
    void streamCutOffMidwayIsMalformedAndKeepsWhatArrived() throws Exception {
        try (CannedHttpServer server = new CannedHttpServer("/v1/completions", (exchange, n) -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            // Promise far more bytes than are sent: closing then drops the connection mid-body.
            exchange.sendResponseHeaders(200, 1_000_000);
            OutputStream out = exchange.getResponseBody();
            sendEvent(out, completionChunk("a"));
            sendEvent(out, completionChunk("b"));
            Thread.sleep(20);
        }); OpenAiStreamingClient client = new OpenAiStreamingClient(server.baseUrl(), FAST)) {

            StreamMeasurement m = client.stream(CompletionRequest.completion("hello", 10));

            assertEquals(RequestOutcome.MALFORMED_STREAM, m.outcome());
            assertEquals(2, m.contentChunks());
            assertEquals(2, m.outputTokens());
            assertEquals(TokenCountSource.COUNTED_CHUNKS, m.outputTokensSource());
            assertTrue(m.errorDetail().contains("before [DONE]") || m.errorDetail().contains("without [DONE]"),
                    m.errorDetail());
            assertEquals(1, server.requestCount(), "never retried once tokens arrived");
        }
    }

    @Test
    void streamEndingWithoutDoneIsMalformed() throws Exception {
        try (CannedHttpServer server = new CannedHttpServer("/v1/completions", (exchange, n) -> {
            OutputStream out = beginEventStream(exchange);
            sendEvent(out, completionChunk("a"));
        }); OpenAiStreamingClient client = new OpenAiStreamingClient(server.baseUrl(), FAST)) {

            StreamMeasurement m = client.stream(CompletionRequest.completion("hello", 10));

            assertEquals(RequestOutcome.MALFORMED_STREAM, m.outcome());
            assertTrue(m.errorDetail().contains("without [DONE]"), m.errorDetail());
        }
    }

    @Test
    void eventThatIsNotJsonIsMalformed() throws Exception {
        try (CannedHttpServer server = new CannedHttpServer("/v1/completions", (exchange, n) -> {
            OutputStream out = beginEventStream(exchange);
            sendEvent(out, completionChunk("a"));
            sendEvent(out, "{this is not json");
            sendEvent(out, completionChunk("b"));
            sendEvent(out, "[DONE]");
        }); OpenAiStreamingClient client = new OpenAiStreamingClient(server.baseUrl(), FAST)) {

            StreamMeasurement m = client.stream(CompletionRequest.completion("hello", 10));

            assertEquals(RequestOutcome.MALFORMED_STREAM, m.outcome());
            assertTrue(m.errorDetail().contains("not JSON"), m.errorDetail());
            assertEquals(1, m.contentChunks(), "nothing is read after the bad event");
        }
    }

    @Test
    void garbageInsteadOfAnEventStreamIsMalformed() throws Exception {
        try (CannedHttpServer server = new CannedHttpServer("/v1/completions", (exchange, n) ->
                respond(exchange, 200, "text/html", "<html><body>\u00ff\u0000 not an event stream</body></html>\n"));
             OpenAiStreamingClient client = new OpenAiStreamingClient(server.baseUrl(), FAST)) {

            StreamMeasurement m = client.stream(CompletionRequest.completion("hello", 10));

            assertEquals(RequestOutcome.MALFORMED_STREAM, m.outcome());
            assertTrue(m.errorDetail().contains("not server-sent-event lines"), m.errorDetail());
        }
    }

    @Test
    void status500IsAnHttpStatusFailureAndIsNotRetried() throws Exception {
        try (CannedHttpServer server = new CannedHttpServer("/v1/completions", (exchange, n) ->
                respond(exchange, 500, "application/json", "{\"error\":{\"code\":500,\"message\":\"boom\"}}"));
             OpenAiStreamingClient client = new OpenAiStreamingClient(server.baseUrl(), FAST)) {

            StreamMeasurement m = client.stream(CompletionRequest.completion("hello", 10));

            assertEquals(RequestOutcome.HTTP_STATUS, m.outcome());
            assertEquals(500, m.httpStatus());
            assertTrue(m.errorDetail().contains("boom"), m.errorDetail());
            assertEquals(1, server.requestCount());
            assertEquals(1, m.attempts());
            assertEquals(-1, m.timeToFirstTokenNanos());
        }
    }

    @Test
    void status429IsRetriedAfterABackoffAndTheRetryIsWhatIsMeasured() throws Exception {
        try (CannedHttpServer server = new CannedHttpServer("/v1/completions", (exchange, n) -> {
            if (n == 1) {
                respond(exchange, 429, "application/json", "{\"error\":{\"message\":\"slow down\"}}");
                return;
            }
            OutputStream out = beginEventStream(exchange);
            sendEvent(out, completionChunk("ok"));
            sendEvent(out, "[DONE]");
        }); OpenAiStreamingClient client = new OpenAiStreamingClient(server.baseUrl(), FAST)) {

            StreamMeasurement m = client.stream(CompletionRequest.completion("hello", 10));

            assertEquals(RequestOutcome.OK, m.outcome(), m.errorDetail());
            assertEquals(2, m.attempts());
            assertEquals(2, server.requestCount());
            assertTrue(m.waitBeforeFinalAttemptNanos() >= 10 * MILLIS, "includes the 10 ms backoff");
        }
    }

    @Test
    void retryAfterIsHonouredButNeverBeyondTheMaximumBackoff() throws Exception {
        try (CannedHttpServer server = new CannedHttpServer("/v1/completions", (exchange, n) -> {
            if (n == 1) {
                exchange.getResponseHeaders().set("Retry-After", "30");
                respond(exchange, 503, "application/json", "{\"error\":{\"message\":\"busy\"}}");
                return;
            }
            OutputStream out = beginEventStream(exchange);
            sendEvent(out, "[DONE]");
        }); OpenAiStreamingClient client = new OpenAiStreamingClient(server.baseUrl(), FAST)) {

            StreamMeasurement m = client.stream(CompletionRequest.completion("hello", 10));

            assertEquals(RequestOutcome.OK, m.outcome(), m.errorDetail());
            long waitedMs = m.waitBeforeFinalAttemptNanos() / MILLIS;
            assertTrue(waitedMs >= 40 && waitedMs < 1_000, "30 s asked, capped at the 40 ms maximum: waited " + waitedMs);
        }
    }

    @Test
    void status503IsRetriedUpToTheAttemptLimit() throws Exception {
        try (CannedHttpServer server = new CannedHttpServer("/v1/completions", (exchange, n) ->
                respond(exchange, 503, "application/json", "{\"error\":{\"message\":\"loading model\"}}"));
             OpenAiStreamingClient client = new OpenAiStreamingClient(server.baseUrl(), FAST)) {

            StreamMeasurement m = client.stream(CompletionRequest.completion("hello", 10));

            assertEquals(RequestOutcome.HTTP_STATUS, m.outcome());
            assertEquals(503, m.httpStatus());
            assertEquals(3, m.attempts());
            assertEquals(3, server.requestCount());
        }
    }

    @Test
    void errorObjectInsideTheStreamCarriesItsStatusAndIsNotRetriedAfterTokens() throws Exception {
        try (CannedHttpServer server = new CannedHttpServer("/v1/completions", (exchange, n) -> {
            OutputStream out = beginEventStream(exchange);
            sendEvent(out, completionChunk("a"));
            sendEvent(out, "{\"error\":{\"code\":503,\"message\":\"slot lost\",\"type\":\"server_error\"}}");
        }); OpenAiStreamingClient client = new OpenAiStreamingClient(server.baseUrl(), FAST)) {

            StreamMeasurement m = client.stream(CompletionRequest.completion("hello", 10));

            assertEquals(RequestOutcome.HTTP_STATUS, m.outcome());
            assertEquals(503, m.httpStatus());
            assertTrue(m.errorDetail().contains("slot lost"), m.errorDetail());
            assertEquals(1, m.attempts(), "a token had arrived, so no retry");
            assertEquals(1, server.requestCount());
        }
    }

    @Test
    void nothingListeningIsRefusedAfterTheAllowedRetries() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (OpenAiStreamingClient client = new OpenAiStreamingClient(URI.create("http://127.0.0.1:" + closedPort), FAST)) {

            StreamMeasurement m = client.stream(CompletionRequest.completion("hello", 10));

            assertEquals(RequestOutcome.REFUSED, m.outcome(), m.errorDetail());
            assertEquals(0, m.httpStatus());
            assertEquals(3, m.attempts());
            assertTrue(m.waitBeforeFinalAttemptNanos() >= (10 + 20) * MILLIS, "backoff doubles: 10 ms then 20 ms");
        }
    }

    @Test
    void silentServerRunsIntoTheFirstTokenTimeout() throws Exception {
        ClientSettings impatient = FAST.withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofSeconds(10));
        try (CannedHttpServer server = new CannedHttpServer("/v1/completions", (exchange, n) -> {
            OutputStream out = beginEventStream(exchange);
            send(out, ":\n\n");
            Thread.sleep(5_000);
        }); OpenAiStreamingClient client = new OpenAiStreamingClient(server.baseUrl(), impatient)) {

            long start = System.nanoTime();
            StreamMeasurement m = client.stream(CompletionRequest.completion("hello", 10));
            long elapsedMs = (System.nanoTime() - start) / MILLIS;

            assertEquals(RequestOutcome.TIMEOUT, m.outcome());
            assertTrue(m.errorDetail().contains("first-token"), m.errorDetail());
            assertEquals(200, m.httpStatus(), "the headers had arrived");
            assertTrue(elapsedMs < 2_000, "gave up after about 300 ms, took " + elapsedMs);
            assertEquals(1, server.requestCount(), "a timeout is not retried");
        }
    }

    @Test
    void endlessStreamRunsIntoTheWholeRequestTimeout() throws Exception {
        ClientSettings impatient = FAST.withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(400));
        try (CannedHttpServer server = new CannedHttpServer("/v1/completions", (exchange, n) -> {
            OutputStream out = beginEventStream(exchange);
            for (int i = 0; i < 500; i++) {
                sendEvent(out, completionChunk("t"));
                Thread.sleep(10);
            }
        }); OpenAiStreamingClient client = new OpenAiStreamingClient(server.baseUrl(), impatient)) {

            long start = System.nanoTime();
            StreamMeasurement m = client.stream(CompletionRequest.completion("hello", 10_000));
            long elapsedMs = (System.nanoTime() - start) / MILLIS;

            assertEquals(RequestOutcome.TIMEOUT, m.outcome());
            assertTrue(m.errorDetail().contains("request timeout"), m.errorDetail());
            assertTrue(m.contentChunks() > 5, "tokens had streamed before the timeout");
            assertTrue(elapsedMs < 2_000, "took " + elapsedMs);
        }
    }

    @Test
    void apiKeyGoesOnlyIntoTheAuthorizationHeader() throws Exception {
        String secret = "sk-test-0123456789";
        Map<String, String> environment = Map.of("MY_KEY_VARIABLE", secret);
        ClientSettings settings = FAST.withApiKeyEnvironmentVariable("MY_KEY_VARIABLE");
        try (CannedHttpServer server = new CannedHttpServer("/v1/completions", (exchange, n) ->
                respond(exchange, 401, "application/json", "{\"error\":{\"message\":\"invalid key " + secret + "\"}}"));
             OpenAiStreamingClient client = new OpenAiStreamingClient(server.baseUrl(), settings, environment::get)) {

            StreamMeasurement m = client.stream(CompletionRequest.completion("hello", 10));

            assertEquals("Bearer " + secret, server.authorizationHeaders.get(0));
            assertEquals(RequestOutcome.HTTP_STATUS, m.outcome());
            assertEquals(401, m.httpStatus());
            assertFalse(m.errorDetail().contains(secret), "a server that echoes the key is redacted: " + m.errorDetail());
            assertFalse(m.toString().contains(secret));
            assertFalse(client.toString().contains(secret));
            assertTrue(client.toString().contains("MY_KEY_VARIABLE"), client.toString());
            assertFalse(settings.toString().contains(secret));
        }
    }

    @Test
    void withoutAKeyNoAuthorizationHeaderIsSent() throws Exception {
        try (CannedHttpServer server = new CannedHttpServer("/v1/completions", (exchange, n) -> {
            OutputStream out = beginEventStream(exchange);
            sendEvent(out, "[DONE]");
        }); OpenAiStreamingClient client = new OpenAiStreamingClient(server.baseUrl(), FAST, name -> null)) {

            client.stream(CompletionRequest.completion("hello", 1));

            assertEquals("", server.authorizationHeaders.get(0));
        }
    }

    @Test
    void serverInfoRecognisesLlamaCppFromItsProps() throws Exception {
        try (CannedHttpServer server = new CannedHttpServer("/props", (exchange, n) ->
                respond(exchange, 200, "application/json", "{\"build_info\":\"b6000-abc1234\",\"total_slots\":8,"
                        + "\"model_alias\":\"tiny\"}"))
                .also("/v1/models", (exchange, n) -> respond(exchange, 200, "application/json",
                        "{\"object\":\"list\",\"data\":[{\"id\":\"tiny.gguf\",\"owned_by\":\"llamacpp\"}]}"))
                .also("/version", (exchange, n) -> respond(exchange, 404, "text/plain", "File Not Found"));
             OpenAiStreamingClient client = new OpenAiStreamingClient(server.baseUrl(), FAST)) {

            ServerInfo info = client.probeServerInfo();

            assertEquals("llama.cpp", info.engine());
            assertEquals("b6000-abc1234", info.version().orElseThrow());
            assertEquals("tiny.gguf", info.modelId().orElseThrow());
            assertEquals(8, info.totalSlots().orElseThrow());
            assertEquals(List.of("/props", "/v1/models"), info.answeredPaths());
        }
    }

    @Test
    void serverInfoRecognisesVllmFromModelsAndVersion() throws Exception {
        try (CannedHttpServer server = new CannedHttpServer("/v1/models", (exchange, n) ->
                respond(exchange, 200, "application/json",
                        "{\"object\":\"list\",\"data\":[{\"id\":\"meta-llama/Llama-3.1-8B\",\"owned_by\":\"vllm\"}]}"))
                .also("/version", (exchange, n) -> respond(exchange, 200, "application/json", "{\"version\":\"0.6.3\"}"));
             OpenAiStreamingClient client = new OpenAiStreamingClient(server.baseUrl(), FAST)) {

            ServerInfo info = client.probeServerInfo();

            assertEquals("vLLM", info.engine());
            assertEquals("0.6.3", info.version().orElseThrow());
            assertEquals("meta-llama/Llama-3.1-8B", info.modelId().orElseThrow());
            assertTrue(info.totalSlots().isEmpty());
        }
    }

    @Test
    void serverInfoOfAServerThatAnswersNothingUsefulIsUnknownNotAnError() throws Exception {
        try (CannedHttpServer server = new CannedHttpServer("/", (exchange, n) ->
                respond(exchange, 200, "text/html", "<html>hello</html>"));
             OpenAiStreamingClient client = new OpenAiStreamingClient(server.baseUrl(), FAST)) {

            ServerInfo info = client.probeServerInfo();

            assertEquals(ServerInfo.UNKNOWN_ENGINE, info.engine());
            assertTrue(info.version().isEmpty());
            assertTrue(info.modelId().isEmpty());
            assertTrue(info.answeredPaths().isEmpty());
        }
    }

    @Test
    void serverInfoOfNothingListeningIsUnknown() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (OpenAiStreamingClient client = new OpenAiStreamingClient(URI.create("http://127.0.0.1:" + closedPort), FAST)) {
            assertEquals(ServerInfo.UNKNOWN_ENGINE, client.probeServerInfo().engine());
        }
    }

    @Test
    void aBaseUrlWithV1OrTrailingSlashesNamesTheSameServer() {
        for (String url : List.of("http://127.0.0.1:8000", "http://127.0.0.1:8000/", "http://127.0.0.1:8000/v1", "http://127.0.0.1:8000/v1/",
                "HTTP://127.0.0.1:8000//")) {
            assertEquals(java.net.URI.create("http://127.0.0.1:8000"), OpenAiStreamingClient.serverRoot(java.net.URI.create(url)), url);
        }
        assertEquals(java.net.URI.create("http://h:1/proxy"), OpenAiStreamingClient.serverRoot(java.net.URI.create("http://h:1/proxy/v1")),
                "a path before /v1 stays");
    }
}
