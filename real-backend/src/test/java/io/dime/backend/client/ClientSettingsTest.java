package io.dime.backend.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientSettingsTest {

    @Test
    void backoffDoublesFromTheInitialWaitUpToTheCap() {
        ClientSettings settings = ClientSettings.defaults().withRetries(6, Duration.ofMillis(100), Duration.ofMillis(500));
        assertEquals(Duration.ofMillis(100), settings.backoffBefore(2));
        assertEquals(Duration.ofMillis(200), settings.backoffBefore(3));
        assertEquals(Duration.ofMillis(400), settings.backoffBefore(4));
        assertEquals(Duration.ofMillis(500), settings.backoffBefore(5));
        assertEquals(Duration.ofMillis(500), settings.backoffBefore(6));
    }

    @Test
    void theDefaultKeyVariableIsDimeApiKey() {
        assertEquals("DIME_API_KEY", ClientSettings.defaults().apiKeyEnvironmentVariable());
    }

    @Test
    void zeroAttemptsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> ClientSettings.defaults().withRetries(0, Duration.ZERO, Duration.ZERO));
    }
}
