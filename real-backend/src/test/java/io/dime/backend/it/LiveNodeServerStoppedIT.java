package io.dime.backend.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.backend.live.OpenAiLiveBackendFactory;
import io.dime.sim.ReplicationResult;
import io.dime.sim.World;
import io.dime.sim.catalog.Catalog;
import io.dime.sim.live.LiveBackend;
import io.dime.sim.live.LiveBackends;
import io.dime.sim.live.LiveRequest;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.ScenarioLoader;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A live node whose server is stopped in the middle of the run. The test starts a private
 * llama-server (its own run directory and port, as {@link ServerStoppedMidStreamIT} does) and
 * stops it from another thread while the scenario runs: the requests it was streaming are cut,
 * later ones are refused, and the run goes on to its end with those requests counted as failed.
 */
class LiveNodeServerStoppedIT {

    private static final double DURATION_S = 12;
    private static final long STOP_AFTER_MS = 5_000;

    /** Four slots; the script's SIGKILL follows its SIGTERM after one second, since llama-server streams on after SIGTERM. */
    private static final Map<String, String> PRIVATE_SERVER = Map.of(
            "DIME_LLAMA_PARALLEL", "4",
            "DIME_LLAMA_STOP_WAIT_S", "1");

    /** Longer answers than in {@link LiveNodeScenarioIT} (64-128 tokens, a few tenths of a second), so that some are streaming at the stop. */
    private static final String SCENARIO = """
            name: live-server-stopped
            seed: 5
            duration: %ss
            nodes:
              - name: live
                gpu: rtx-4090
                model: llama-3-8b
                backend: {type: openai, url: '%s', slots: 4, timeout: 10s}
              - {name: simulated, gpu: h100-sxm, model: llama-3-8b}
            workload:
              - name: chat
                arrival: {process: poisson, rate: 8/s}
                prompt_tokens: {dist: uniform, min: 16, max: 64}
                output_tokens: {dist: uniform, min: 64, max: 128}
            routing:
              policy: round-robin
            """;

    private static PrivateServer server;

    @BeforeAll
    static void startPrivateServer() throws Exception {
        server = PrivateServer.start("llama-server-live-node-stopped", PRIVATE_SERVER);
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

    /** The real {@code openai} factory, with the failure reasons its backends give the node, and when. */
    private static final class RecordingFactory implements LiveBackend.Factory {
        final OpenAiLiveBackendFactory real = new OpenAiLiveBackendFactory();
        final List<String> failures = new CopyOnWriteArrayList<>();
        final List<Long> failureNanos = new CopyOnWriteArrayList<>();

        @Override
        public String type() {
            return real.type();
        }

        @Override
        public LiveBackend open(Map<String, String> settings) {
            LiveBackend backend = real.open(settings);
            return new LiveBackend() {
                @Override
                public void send(LiveRequest request, Callbacks callbacks) {
                    backend.send(request, new Callbacks() {
                        @Override
                        public void firstToken() {
                            callbacks.firstToken();
                        }

                        @Override
                        public void completed(int outputTokens) {
                            callbacks.completed(outputTokens);
                        }

                        @Override
                        public void failed(String reason) {
                            failureNanos.add(System.nanoTime());
                            failures.add(reason);
                            callbacks.failed(reason);
                        }
                    });
                }

                @Override
                public void cancel(long requestId) {
                    backend.cancel(requestId);
                }

                @Override
                public void close() {
                    backend.close();
                }
            };
        }
    }

    @Test
    void stoppingTheServerMidRunFailsItsRequestsAndTheRunGoesOnToItsEnd() throws Exception {
        URI url = server.url();
        RecordingFactory factory = new RecordingFactory();
        LiveBackends backends = LiveBackends.of(List.of(factory));
        Scenario scenario = new ScenarioLoader(Catalog.builtIn(), backends).parse(SCENARIO.formatted((int) DURATION_S, url));

        AtomicLong stopNanos = new AtomicLong();
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
            stopNanos.set(System.nanoTime());
            try {
                server.stop();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop the private server", e);
            }
        }, CompletableFuture.delayedExecutor(STOP_AFTER_MS, TimeUnit.MILLISECONDS));

        long start = System.nanoTime();
        ReplicationResult r = World.run(scenario, 0, Catalog.builtIn(), backends);
        double wallSeconds = (System.nanoTime() - start) * 1e-9;
        stopped.get(30, TimeUnit.SECONDS);

        double arrived = r.metric("requests.arrived");
        double liveCompleted = r.metric("groups.live.completed");
        double liveFailed = r.metric("live.live.failed");
        Map<String, Integer> failuresByOutcome = new TreeMap<>();
        for (String reason : factory.failures) {
            failuresByOutcome.merge(reason.substring(0, Math.max(0, reason.indexOf(':'))), 1, Integer::sum);
        }
        double stopAtS = (stopNanos.get() - start) * 1e-9;
        System.out.printf(Locale.ROOT, "live node, server stopped %.1f s into a %.0f s run: %.1f s of wall time; %.0f arrived,"
                        + " %.0f completed live and %.0f simulated, %.0f failed live, %.0f in flight; failures by outcome %s;"
                        + " e.g. %s%n",
                stopAtS, DURATION_S, wallSeconds, arrived, liveCompleted, r.metric("groups.simulated.completed"), liveFailed,
                r.metric("requests.in_flight"), failuresByOutcome, factory.failures.isEmpty() ? "-" : factory.failures.get(0));

        assertTrue(wallSeconds >= DURATION_S && wallSeconds < DURATION_S + 5, "the run went on to its end: " + wallSeconds + " s");
        assertEquals(arrived, r.metric("requests.completed") + r.metric("requests.failed") + r.metric("requests.dropped")
                + r.metric("requests.in_flight"), "requests are conserved");
        assertTrue(liveCompleted >= 5, "the server answered before it was stopped: " + liveCompleted);
        assertTrue(liveFailed >= 5, "requests sent to the stopped server failed: " + liveFailed);
        assertEquals(liveFailed, r.metric("requests.failed"), "every failure is the live node's, counted once");
        // A failure the backend reports after the simulated clock has reached the end is never
        // processed: that request is still in flight at the end, not failed. So the run's count of
        // each kind is at most the backend's, and the backend's extra ones are among those in flight.
        double reportedLate = factory.failures.size() - liveFailed;
        assertTrue(reportedLate >= 0 && reportedLate <= r.metric("requests.in_flight"),
                "failures the run did not count are still in flight at its end: " + reportedLate + " late, "
                        + r.metric("requests.in_flight") + " in flight");
        double countedByKind = 0;
        for (Map.Entry<String, Integer> e : failuresByOutcome.entrySet()) {
            double counted = r.metric("live.live.failed_by_kind." + e.getKey());
            countedByKind += counted;
            assertTrue(counted <= e.getValue() && counted >= e.getValue() - reportedLate,
                    "the run reports failures by kind as the backend classed them: " + e.getKey() + " counted " + counted
                            + ", backend " + e.getValue());
        }
        assertEquals(liveFailed, countedByKind, "the failures by kind add up to the failures");
        assertTrue(r.metric("groups.simulated.completed") >= 20, "the simulated node went on serving");
        assertTrue(failuresByOutcome.getOrDefault("REFUSED", 0) > 0, "requests after the stop are refused: " + factory.failures);
        for (String reason : factory.failures) {
            assertTrue(reason.startsWith("REFUSED: ") || reason.startsWith("MALFORMED_STREAM: "),
                    "a stopped server refuses or cuts a stream, nothing else: " + reason);
        }
        for (long failedAt : factory.failureNanos) {
            assertTrue(failedAt >= stopNanos.get(), "no request failed before the stop began");
        }
    }
}
