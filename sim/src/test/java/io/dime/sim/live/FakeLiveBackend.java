package io.dime.sim.live;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A unit-test double for the live backend SPI: a "server" that answers on its own thread after
 * fixed delays, so that tests of live nodes need no HTTP. Settings (milliseconds, as text):
 * {@code first_token_ms} (default 100) and {@code total_ms} (default 300) after the request is
 * sent; {@code fail_after_ms}: from this long after opening, the server is "dead" — requests
 * sent then are refused at once, and requests it was answering fail mid-stream instead of
 * completing; {@code throw_on_send: true} throws from send.
 */
public final class FakeLiveBackend implements LiveBackend {
    private final long firstTokenMs;
    private final long totalMs;
    private final long failAfterMs;
    private final boolean throwOnSend;
    private final long openedNanos = System.nanoTime();
    private final ScheduledExecutorService server = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fake-live-backend");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, String> settings;
    private final AtomicInteger sent = new AtomicInteger();
    private final Set<Long> cancelled = ConcurrentHashMap.newKeySet();
    private final List<LiveRequest> requests = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public FakeLiveBackend(Map<String, String> settings) {
        this.settings = Map.copyOf(settings);
        this.firstTokenMs = millis(settings, "first_token_ms", 100);
        this.totalMs = millis(settings, "total_ms", 300);
        this.failAfterMs = millis(settings, "fail_after_ms", Long.MAX_VALUE);
        this.throwOnSend = Boolean.parseBoolean(settings.getOrDefault("throw_on_send", "false"));
        if (totalMs < firstTokenMs) {
            throw new IllegalArgumentException("total_ms " + totalMs + " is before first_token_ms " + firstTokenMs);
        }
    }

    private static long millis(Map<String, String> settings, String key, long fallback) {
        String value = settings.get(key);
        try {
            return value == null ? fallback : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": expected whole milliseconds, found '" + value + "'");
        }
    }

    @Override
    public void send(LiveRequest request, Callbacks callbacks) {
        if (throwOnSend) {
            throw new IllegalStateException("fake backend told to throw");
        }
        sent.incrementAndGet();
        requests.add(request);
        if (dead()) {
            server.execute(() -> callbacks.failed("connection refused"));
            return;
        }
        server.schedule(callbacks::firstToken, firstTokenMs, TimeUnit.MILLISECONDS);
        server.schedule(() -> {
            if (dead()) {
                callbacks.failed("server died mid-stream");
            } else {
                callbacks.completed(request.outputTokens());
            }
        }, totalMs, TimeUnit.MILLISECONDS);
    }

    private boolean dead() {
        return failAfterMs != Long.MAX_VALUE && System.nanoTime() - openedNanos >= TimeUnit.MILLISECONDS.toNanos(failAfterMs);
    }

    @Override
    public void cancel(long requestId) {
        cancelled.add(requestId);
    }

    @Override
    public void close() {
        closed = true;
        server.shutdownNow();
    }

    public Map<String, String> settings() {
        return settings;
    }

    public int sent() {
        return sent.get();
    }

    public Set<Long> cancelled() {
        return Set.copyOf(cancelled);
    }

    public List<LiveRequest> requests() {
        return List.copyOf(requests);
    }

    public boolean isClosed() {
        return closed;
    }
}
