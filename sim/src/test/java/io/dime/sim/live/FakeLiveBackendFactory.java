package io.dime.sim.live;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Type {@code fake}: registered in this module's test resources
 * ({@code META-INF/services/io.dime.sim.live.LiveBackend$Factory}), as real-backend registers
 * {@code openai}. Remembers the backends it opened, so a test holding the factory can look at them.
 */
public final class FakeLiveBackendFactory implements LiveBackend.Factory {
    private final List<FakeLiveBackend> opened = new CopyOnWriteArrayList<>();

    @Override
    public String type() {
        return "fake";
    }

    @Override
    public LiveBackend open(Map<String, String> settings) {
        FakeLiveBackend backend = new FakeLiveBackend(settings);
        opened.add(backend);
        return backend;
    }

    public List<FakeLiveBackend> opened() {
        return List.copyOf(opened);
    }
}
