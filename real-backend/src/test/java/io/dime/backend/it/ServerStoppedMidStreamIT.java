package io.dime.backend.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.backend.client.ClientSettings;
import io.dime.backend.client.CompletionRequest;
import io.dime.backend.client.OpenAiStreamingClient;
import io.dime.backend.client.RequestOutcome;
import io.dime.backend.client.StreamMeasurement;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server that goes away in the middle of an answer. The test starts a private llama-server
 * (its own run directory and port) so that stopping it leaves the build's server alone.
 */
class ServerStoppedMidStreamIT {

    /** One slot with room for a long answer: 3,500 tokens take about ten seconds here. */
    private static final Map<String, String> PRIVATE_SERVER = Map.of(
            "DIME_LLAMA_PARALLEL", "1",
            "DIME_LLAMA_CTX_PER_SLOT", "4096",
            // llama-server keeps streaming after SIGTERM; the script's SIGKILL follows after this many seconds
            "DIME_LLAMA_STOP_WAIT_S", "1");

    private static PrivateServer server;

    @BeforeAll
    static void startPrivateServer() throws Exception {
        server = PrivateServer.start("llama-server-stopped-mid-stream", PRIVATE_SERVER);
    }

    @AfterAll
    static void stopPrivateServer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @BeforeEach
    void requireServer() {
        RealServer.require();
    }

    @Test
    void stoppingTheServerMidStreamEndsTheRequestWithAClassifiedFailure() throws Exception {
        URI url = server.url();
        Duration wholeRequestTimeout = Duration.ofSeconds(60);
        try (OpenAiStreamingClient client = new OpenAiStreamingClient(url, ClientSettings.defaults()
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), wholeRequestTimeout))) {

            CompletableFuture<StreamMeasurement> answer = CompletableFuture.supplyAsync(
                    () -> client.stream(CompletionRequest.completion("a long answer, please", 3_500).withExactOutputLength()));
            Thread.sleep(1_500); // tokens are flowing by now: the first arrives within tens of milliseconds

            long stopNanos = System.nanoTime();
            server.stop();
            StreamMeasurement m = answer.get(wholeRequestTimeout.toSeconds(), TimeUnit.SECONDS);
            long afterStopMs = (System.nanoTime() - stopNanos) / 1_000_000;

            assertEquals(RequestOutcome.MALFORMED_STREAM, m.outcome(),
                    "a stream cut before [DONE] is malformed, not OK and not a timeout: " + m.errorDetail());
            assertTrue(m.contentChunks() > 0 && m.contentChunks() < 3_500, "chunks " + m.contentChunks());
            assertEquals(1, m.attempts(), "never retried after tokens arrived");
            assertTrue(afterStopMs < 15_000, "the client noticed promptly, " + afterStopMs + " ms after the stop");
            System.out.printf("stopped mid-stream after %d tokens: %s (%s), noticed %d ms after the stop%n",
                    m.contentChunks(), m.outcome(), m.errorDetail(), afterStopMs);
        }
    }
}
