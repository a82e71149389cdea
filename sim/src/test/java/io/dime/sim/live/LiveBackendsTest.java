package io.dime.sim.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The registry finds factories through ServiceLoader, by type, and says plainly when one is missing. */
class LiveBackendsTest {
    @Test
    void aFactoryListedInMetaInfServicesIsDiscoveredByType() {
        LiveBackends backends = LiveBackends.discover();
        assertTrue(backends.types().contains("fake"), backends.types().toString());
        try (LiveBackend backend = backends.open("fake", Map.of("first_token_ms", "5", "url", "http://127.0.0.1:1"))) {
            FakeLiveBackend fake = assertInstanceOf(FakeLiveBackend.class, backend);
            assertEquals("http://127.0.0.1:1", fake.settings().get("url"), "settings reach the factory as text");
        }
    }

    @Test
    void aMissingTypeThatDimeProvidesNamesItsModuleAndSaysWhenNothingIsAvailable() {
        LiveBackends none = LiveBackends.of(List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> none.open("openai", Map.of()));
        assertEquals("backend type 'openai' needs the real-backend module on the class path;"
                + " available: none (no live backend module is on the class path)", e.getMessage());
    }

    @Test
    void anUnknownTypeListsTheAvailableOnes() {
        LiveBackends some = LiveBackends.of(List.of(new FakeLiveBackendFactory()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> some.open("grpc", Map.of()));
        assertEquals("unknown backend type 'grpc'; available: fake", e.getMessage());
    }

    @Test
    void twoFactoriesOfOneTypeAreRefused() {
        assertThrows(IllegalStateException.class, () -> LiveBackends.of(List.of(new FakeLiveBackendFactory(), new FakeLiveBackendFactory())));
    }
}
