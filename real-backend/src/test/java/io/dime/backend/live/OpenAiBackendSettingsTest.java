package io.dime.backend.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.backend.client.ClientSettings;
import io.dime.sim.live.LiveBackends;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The settings of a {@code backend: {type: openai}} section as the simulator hands them over: text, timeout in seconds. */
class OpenAiBackendSettingsTest {

    private static Map<String, String> settings(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void aScenariosSectionIsReadWithItsTimeoutInSecondsAndTheKeysVariable() {
        OpenAiBackendSettings s = OpenAiBackendSettings.parse(settings("url", "http://127.0.0.1:8080", "model", "tiny",
                "api_key_env", "MY_KEY", "slots", "8", "timeout", "0.5"));
        assertEquals(URI.create("http://127.0.0.1:8080"), s.baseUrl());
        assertEquals(Optional.of("tiny"), s.model());
        assertEquals("MY_KEY", s.apiKeyEnvironmentVariable());
        assertEquals(8, s.slots());
        assertEquals(Duration.ofMillis(500), s.timeout());

        ClientSettings client = s.clientSettings();
        assertEquals(Duration.ofMillis(500), client.firstTokenTimeout());
        assertEquals(Duration.ofMillis(500), client.wholeRequestTimeout());
        assertEquals(Duration.ofMillis(500), client.connectTimeout(), "never longer than the request's timeout");
        assertEquals(1, client.maxAttempts(), "a failure is what a live run measures: not retried");
        assertEquals("MY_KEY", client.apiKeyEnvironmentVariable());
    }

    @Test
    void onlyTheUrlIsRequired() {
        OpenAiBackendSettings s = OpenAiBackendSettings.parse(settings("url", "https://inference.example:8443"));
        assertEquals(Optional.empty(), s.model());
        assertEquals("DIME_API_KEY", s.apiKeyEnvironmentVariable());
        assertEquals(Duration.ofSeconds(60), s.timeout());
        assertEquals(Duration.ofSeconds(5), s.clientSettings().connectTimeout());
    }

    @ParameterizedTest
    @CsvSource({
        "http://127.0.0.1:8000/v1,      http://127.0.0.1:8000",
        "http://127.0.0.1:8000/v1/,     http://127.0.0.1:8000",
        "http://127.0.0.1:8000/,        http://127.0.0.1:8000",
        "HTTP://Localhost:8000,         http://Localhost:8000",
        "https://gateway.example/llm/v1, https://gateway.example/llm",
    })
    void theUrlIsTheServersRootWithOrWithoutTheApiVersion(String given, String root) {
        assertEquals(URI.create(root), OpenAiBackendSettings.parse(settings("url", given)).baseUrl());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "url |                          | url is required",
        "url | 127.0.0.1:8080           | must start with http:// or https://",
        "url | ftp://127.0.0.1/         | must start with http:// or https://",
        "url | http:///v1               | names no host",
        "url | http://host:8080/?a=b    | has a query or fragment",
        "url | http://a b               | is not a URL",
        "timeout | soon                 | timeout: expected a positive number of seconds, found 'soon'",
        "timeout | 0                    | timeout: expected a positive number of seconds",
        "slots | many                   | slots: expected a whole number",
        "slots | 0                      | slots must be at least 1",
        "modle | tiny                   | unknown setting 'modle' for backend type openai; accepted: url, model, api_key_env, timeout, slots",
    })
    void aBadSettingIsRefusedSayingWhichAndWhy(String key, String value, String message) {
        Map<String, String> given = key.equals("url") ? settings() : settings("url", "http://127.0.0.1:8080");
        given.put(key, value == null ? "" : value);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpenAiBackendSettings.parse(given));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void credentialsAreRefusedWithoutBeingRepeated() {
        IllegalArgumentException inUrl = assertThrows(IllegalArgumentException.class,
                () -> OpenAiBackendSettings.parse(settings("url", "http://me:hunter2@127.0.0.1:8080")));
        assertTrue(inUrl.getMessage().contains("api_key_env"), inUrl.getMessage());
        assertFalse(inUrl.getMessage().contains("hunter2"), inUrl.getMessage());

        IllegalArgumentException keyAsVariable = assertThrows(IllegalArgumentException.class,
                () -> OpenAiBackendSettings.parse(settings("url", "http://127.0.0.1:8080", "api_key_env", "sk-live-0123456789")));
        assertTrue(keyAsVariable.getMessage().contains("must name an environment variable"), keyAsVariable.getMessage());
        assertFalse(keyAsVariable.getMessage().contains("sk-live"), keyAsVariable.getMessage());
    }

    @Test
    void theTypeIsFoundOnTheClassPathAndItsFactoryRefusesBadSettings() {
        LiveBackends backends = LiveBackends.discover();
        assertTrue(backends.has("openai"), "available: " + backends.available());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> backends.open("openai", Map.of("url", "ftp://x")));
        assertTrue(e.getMessage().contains("must start with http:// or https://"), e.getMessage());
    }
}
