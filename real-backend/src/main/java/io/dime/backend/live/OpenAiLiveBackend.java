package io.dime.backend.live;

import io.dime.backend.client.CompletionRequest;
import io.dime.backend.client.OpenAiStreamingClient;
import io.dime.backend.client.StreamMeasurement;
import io.dime.sim.live.LiveBackend;
import io.dime.sim.live.LiveRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A live node's link to one OpenAI-compatible server. Each request runs on a thread of its own,
 * which streams a completion through an {@link OpenAiStreamingClient} and answers the node: the
 * first token the moment its chunk arrives (the client's first-token listener), then the
 * server's output token count, or a failure named by the client's {@link
 * io.dime.backend.client.RequestOutcome} and its detail (never the API key: the client redacts
 * it).
 *
 * <p>The prompt is {@code promptTokens} random token ids from 3 to 258, sent to
 * {@code /v1/completions}: ids that exist in every vocabulary (and are the tiny test model's
 * byte tokens), drawn afresh for every request so that no two prompts share a prefix the
 * server's prompt cache could reuse. The output length is exact ({@code ignore_eos}), so the
 * server generates as many tokens as the simulated request asks for.
 *
 * <p>Threads are not pooled to the node's slots: a cancelled request can still hold its thread
 * for a moment while its connection closes, and a fixed pool would then hold the next request
 * back, inside the backend, where the node's clock cannot see the wait. The node never has more
 * than {@code slots} requests here, so the threads are bounded by that plus the few being
 * cancelled.
 *
 * <p>{@link #cancel} interrupts the request's thread; the client then abandons the exchange and
 * closes its connection, so the server stops generating for it (llama-server and vLLM stop a
 * request whose client went away). Nothing is told to the node after a cancel or after
 * {@link #close}.
 */
public final class OpenAiLiveBackend implements LiveBackend {
    /** How long {@link #close} waits for interrupted requests to let go of their threads. */
    private static final long CLOSE_WAIT_MS = 2_000;

    private final OpenAiBackendSettings settings;
    private final OpenAiStreamingClient client;
    private final ExecutorService requestThreads;
    private final Map<Long, InFlight> inFlight = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public OpenAiLiveBackend(OpenAiBackendSettings settings) {
        this.settings = settings;
        this.client = new OpenAiStreamingClient(settings.baseUrl(), settings.clientSettings());
        AtomicInteger threadNumber = new AtomicInteger();
        this.requestThreads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "dime-live-openai-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public OpenAiBackendSettings settings() {
        return settings;
    }

    /** Requests started and not yet answered or cancelled. */
    public int inFlight() {
        return inFlight.size();
    }

    /** Starts the request on a thread of its own and returns; throws {@link IllegalStateException} once closed. */
    @Override
    public void send(LiveRequest request, Callbacks callbacks) {
        if (closed) {
            throw new IllegalStateException("the openai backend for " + settings.baseUrl() + " is closed");
        }
        Exchange exchange = new Exchange(callbacks);
        FutureTask<Void> task = new FutureTask<>(() -> stream(request, exchange), null);
        InFlight entry = new InFlight(exchange, task);
        // In the map before the thread starts, so that the thread's removal cannot come first.
        InFlight previous = inFlight.put(request.requestId(), entry);
        if (previous != null) {
            previous.stop(); // a request id sent twice: the earlier one is abandoned, as the node has forgotten it
        }
        try {
            requestThreads.execute(task);
        } catch (RejectedExecutionException e) {
            inFlight.remove(request.requestId(), entry);
            throw new IllegalStateException("the openai backend for " + settings.baseUrl() + " is closed", e);
        }
    }

    private void stream(LiveRequest request, Exchange exchange) {
        try {
            CompletionRequest completion = CompletionRequest
                    .completionOfTokenIds(CompletionRequest.randomTokenIds(request.promptTokens(), ThreadLocalRandom.current()), request.outputTokens())
                    .withExactOutputLength();
            if (settings.model().isPresent()) {
                completion = completion.withModel(settings.model().get());
            }
            StreamMeasurement m = client.stream(completion, exchange::firstToken);
            if (m.succeeded()) {
                exchange.completed((int) Math.min(Integer.MAX_VALUE, m.outputTokens()));
            } else {
                exchange.failed(m.outcome() + ": " + m.errorDetail());
            }
        } catch (RuntimeException e) {
            exchange.failed("the openai backend could not stream the request: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } finally {
            inFlight.computeIfPresent(request.requestId(), (id, entry) -> entry.exchange() == exchange ? null : entry);
        }
    }

    /** Silences the request and interrupts its thread, which closes its connection. Unknown ids are ignored. */
    @Override
    public void cancel(long requestId) {
        InFlight entry = inFlight.remove(requestId);
        if (entry != null) {
            entry.stop();
        }
    }

    /** Silences and abandons every request, stops the threads (waiting up to 2 s for them) and closes the client. */
    @Override
    public void close() {
        closed = true;
        for (Long id : List.copyOf(inFlight.keySet())) {
            cancel(id);
        }
        requestThreads.shutdownNow();
        try {
            requestThreads.awaitTermination(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "OpenAiLiveBackend[" + client + ", model " + settings.model().orElse("(server's)") + "]";
    }

    private record InFlight(Exchange exchange, FutureTask<Void> task) {
        void stop() {
            exchange.silence();
            task.cancel(true);
        }
    }

    /**
     * One request's callbacks, kept to their contract whichever threads call: the first token
     * at most once and only before the end, one end at most, nothing once silenced. The client's
     * HTTP thread tells the first token and the request's own thread the end, so without the
     * lock a timeout could end a request between the first chunk and its callback.
     */
    private static final class Exchange {
        private final Callbacks callbacks;
        private boolean firstTokenTold;
        private boolean over;

        Exchange(Callbacks callbacks) {
            this.callbacks = callbacks;
        }

        synchronized void firstToken() {
            if (!over && !firstTokenTold) {
                firstTokenTold = true;
                callbacks.firstToken();
            }
        }

        synchronized void completed(int outputTokens) {
            if (!over) {
                over = true;
                callbacks.completed(outputTokens);
            }
        }

        synchronized void failed(String reason) {
            if (!over) {
                over = true;
                callbacks.failed(reason);
            }
        }

        synchronized void silence() {
            over = true;
        }
    }
}
