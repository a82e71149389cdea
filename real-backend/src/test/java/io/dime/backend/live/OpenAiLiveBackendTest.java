package io.dime.backend.live;

import static io.dime.backend.client.CannedHttpServer.beginEventStream;
import static io.dime.backend.client.CannedHttpServer.completionChunk;
import static io.dime.backend.client.CannedHttpServer.respond;
import static io.dime.backend.client.CannedHttpServer.sendEvent;
import static io.dime.backend.client.CannedHttpServer.streamUntilTheClientHangsUp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dime.backend.client.CannedHttpServer;
import io.dime.sim.live.LiveBackend;
import io.dime.sim.live.LiveRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The {@code openai} backend against canned answers from an in-process server on 127.0.0.1:
 * what it sends, when it tells the node, how it fails, cancels and closes. The integration
 * tests run it against a real llama-server inside a scenario.
 */
class OpenAiLiveBackendTest {

    /** The callbacks a node would get, in order, with the end as a future to wait on. */
    private static final class Recorded implements LiveBackend.Callbacks {
        final List<String> events = new CopyOnWriteArrayList<>();
        final CountDownLatch firstToken = new CountDownLatch(1);
        final CompletableFuture<String> end = new CompletableFuture<>();
        volatile long firstTokenNanos;

        @Override
        public void firstToken() {
            firstTokenNanos = System.nanoTime();
            events.add("firstToken");
            firstToken.countDown();
        }

        @Override
        public void completed(int outputTokens) {
            events.add("completed " + outputTokens);
            end.complete("completed " + outputTokens);
        }

        @Override
        public void failed(String reason) {
            events.add("failed " + reason);
            end.complete("failed " + reason);
        }
    }

    private static LiveBackend open(CannedHttpServer server, String... more) {
        Map<String, String> settings = new java.util.LinkedHashMap<>(Map.of("url", server.baseUrl() + "/v1", "timeout", "5", "slots", "4"));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return new OpenAiLiveBackendFactory().open(settings);
    }

    @Test
    void sendReturnsAtOnceAndTheFirstTokenIsToldWhenItArrivesThenTheServersCount() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (CannedHttpServer server = new CannedHttpServer("/v1/completions", (exchange, n) -> {
            OutputStream out = beginEventStream(exchange);
            arrived.countDown();
            release.await(5, TimeUnit.SECONDS);
            sendEvent(out, completionChunk("a"));
            Thread.sleep(100);
            sendEvent(out, completionChunk("b"));
            sendEvent(out, "{\"choices\":[],\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":2}}");
            sendEvent(out, "[DONE]");
        }); LiveBackend backend = open(server, "model", "tiny")) {

            Recorded node = new Recorded();
            long sendNanos = System.nanoTime();
            backend.send(new LiveRequest(7, 40, 2), node);
            long sendMs = (System.nanoTime() - sendNanos) / 1_000_000;
            assertTrue(sendMs < 100, "send took " + sendMs + " ms; it only starts the request");
            assertTrue(node.events.isEmpty());

            assertTrue(arrived.await(5, TimeUnit.SECONDS));
            long releaseNanos = System.nanoTime();
            release.countDown();
            assertEquals("completed 2", node.end.get(5, TimeUnit.SECONDS));
            assertEquals(List.of("firstToken", "completed 2"), node.events);
            long firstTokenMs = (node.firstTokenNanos - releaseNanos) / 1_000_000;
            assertTrue(firstTokenMs < 80, "told " + firstTokenMs + " ms after the first chunk was let go, not at the end (100 ms later)");

            JsonNode body = new ObjectMapper().readTree(server.requestBodies.get(0));
            assertEquals(40, body.get("prompt").size());
            for (JsonNode id : body.get("prompt")) {
                assertTrue(id.asInt() >= 3 && id.asInt() <= 258, "token id " + id);
            }
            assertEquals(2, body.get("max_tokens").asInt());
            assertTrue(body.get("ignore_eos").asBoolean(), "exact output length");
            assertEquals("tiny", body.get("model").asText());
        }
    }

    @Test
    void promptsDifferFromRequestToRequest() throws Exception {
        try (CannedHttpServer server = new CannedHttpServer("/v1/completions", (exchange, n) -> {
            OutputStream out = beginEventStream(exchange);
            sendEvent(out, completionChunk("a"));
            sendEvent(out, "[DONE]");
        }); LiveBackend backend = open(server)) {
            Recorded first = new Recorded();
            Recorded second = new Recorded();
            backend.send(new LiveRequest(1, 64, 1), first);
            backend.send(new LiveRequest(2, 64, 1), second);
            assertEquals("completed 1", first.end.get(5, TimeUnit.SECONDS), "counted from the chunks without usage");
            assertEquals("completed 1", second.end.get(5, TimeUnit.SECONDS));
            JsonNode a = new ObjectMapper().readTree(server.requestBodies.get(0)).get("prompt");
            JsonNode b = new ObjectMapper().readTree(server.requestBodies.get(1)).get("prompt");
            assertNotEquals(a, b, "no shared prompt for the server's cache to reuse");
            assertTrue(!new ObjectMapper().readTree(server.requestBodies.get(0)).has("model"), "no model given: none sent");
        }
    }

    @Test
    void anHttpErrorIsAFailureNamedByItsOutcomeAndDetail() throws Exception {
        try (CannedHttpServer server = new CannedHttpServer("/v1/completions", (exchange, n) ->
                respond(exchange, 500, "application/json", "{\"error\":{\"code\":500,\"message\":\"out of memory\"}}"));
             LiveBackend backend = open(server)) {
            Recorded node = new Recorded();
            backend.send(new LiveRequest(1, 10, 5), node);
            String end = node.end.get(5, TimeUnit.SECONDS);
            assertTrue(end.startsWith("failed HTTP_STATUS: the server answered status 500") && end.contains("out of memory"), end);
            assertEquals(1, node.events.size(), "no first token, one end");
            assertEquals(1, server.requestCount(), "not retried");
        }
    }

    @Test
    void aServerThatIsNotThereFailsTheRequestAsRefusedWithoutRetrying() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (LiveBackend backend = new OpenAiLiveBackendFactory().open(Map.of("url", "http://127.0.0.1:" + closedPort, "timeout", "5"))) {
            Recorded node = new Recorded();
            long start = System.nanoTime();
            backend.send(new LiveRequest(1, 10, 5), node);
            String end = node.end.get(5, TimeUnit.SECONDS);
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals("failed REFUSED: connection refused by 127.0.0.1:" + closedPort, end);
            assertTrue(tookMs < 1_000, "refused at once, took " + tookMs + " ms");
        }
    }

    @Test
    void aStreamCutOffMidAnswerFailsAfterItsFirstToken() throws Exception {
        try (CannedHttpServer server = new CannedHttpServer("/v1/completions", (exchange, n) -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 1_000_000); // promises more than it sends: closing cuts the body
            OutputStream out = exchange.getResponseBody();
            sendEvent(out, completionChunk("a"));
            Thread.sleep(20);
        }); LiveBackend backend = open(server)) {
            Recorded node = new Recorded();
            backend.send(new LiveRequest(1, 10, 50), node);
            String end = node.end.get(5, TimeUnit.SECONDS);
            assertTrue(end.startsWith("failed MALFORMED_STREAM: "), end);
            assertEquals("firstToken", node.events.get(0));
        }
    }

    @Test
    void theTimeoutEndsARequestWhoseFirstTokenDoesNotCome() throws Exception {
        try (CannedHttpServer server = new CannedHttpServer("/v1/completions", (exchange, n) -> {
            beginEventStream(exchange);
            Thread.sleep(3_000);
        }); LiveBackend backend = open(server, "timeout", "0.3")) {
            Recorded node = new Recorded();
            backend.send(new LiveRequest(1, 10, 5), node);
            String end = node.end.get(2, TimeUnit.SECONDS);
            assertTrue(end.startsWith("failed TIMEOUT: no token within the first-token timeout of 300 ms"), end);
        }
    }

    @Test
    void cancelClosesTheConnectionAndNothingMoreIsTold() throws Exception {
        CountDownLatch serverSawTheClose = new CountDownLatch(1);
        try (CannedHttpServer server = new CannedHttpServer("/v1/completions", (exchange, n) -> streamUntilTheClientHangsUp(exchange, serverSawTheClose)); OpenAiLiveBackend backend = (OpenAiLiveBackend) open(server)) {
            Recorded node = new Recorded();
            backend.send(new LiveRequest(11, 10, 1_000), node);
            assertTrue(node.firstToken.await(5, TimeUnit.SECONDS));
            backend.cancel(11);
            backend.cancel(12); // never sent: ignored

            assertTrue(serverSawTheClose.await(3, TimeUnit.SECONDS), "the server's writes fail: the exchange was aborted");
            Thread.sleep(200);
            assertEquals(List.of("firstToken"), node.events, "no end is told for a cancelled request");
            assertEquals(0, backend.inFlight());
        }
    }

    @Test
    void closeAbandonsRunningRequestsSilentlyAndRefusesNewOnes() throws Exception {
        CountDownLatch serverSawTheClose = new CountDownLatch(1);
        try (CannedHttpServer server = new CannedHttpServer("/v1/completions", (exchange, n) -> streamUntilTheClientHangsUp(exchange, serverSawTheClose))) {
            LiveBackend backend = open(server);
            Recorded node = new Recorded();
            backend.send(new LiveRequest(1, 10, 1_000), node);
            assertTrue(node.firstToken.await(5, TimeUnit.SECONDS));

            long start = System.nanoTime();
            backend.close();
            long closeMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(closeMs < 1_000, "close took " + closeMs + " ms");
            assertTrue(serverSawTheClose.await(3, TimeUnit.SECONDS));
            assertEquals(List.of("firstToken"), node.events);
            assertThrows(IllegalStateException.class, () -> backend.send(new LiveRequest(2, 10, 5), new Recorded()));
        }
    }
}
