package io.dime.backend.client;

import java.time.Duration;

/**
 * Timeouts, retries and where the API key comes from.
 *
 * @param connectTimeout       to open the TCP connection
 * @param firstTokenTimeout    from sending the request to the first chunk with content
 * @param wholeRequestTimeout  from sending the request to {@code [DONE]}, for each attempt
 * @param maxAttempts          attempts in all, the first included; retries happen only for a refused
 *                             connection and for status 429 or 503, and never once a token has arrived
 * @param initialBackoff       wait before the second attempt; it doubles for each further one
 * @param maxBackoff           cap on that wait, also on a server's {@code Retry-After}
 * @param apiKeyEnvironmentVariable name of the environment variable holding the API key (the name,
 *                             never the key, lives here); when it is unset no key is sent
 */
public record ClientSettings(Duration connectTimeout, Duration firstTokenTimeout, Duration wholeRequestTimeout,
                             int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                             String apiKeyEnvironmentVariable) {

    public static final String DEFAULT_API_KEY_ENVIRONMENT_VARIABLE = "DIME_API_KEY";

    public ClientSettings {
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("firstTokenTimeout", firstTokenTimeout);
        requirePositive("wholeRequestTimeout", wholeRequestTimeout);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (initialBackoff == null || initialBackoff.isNegative() || maxBackoff == null || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("backoffs must be zero or positive");
        }
        if (apiKeyEnvironmentVariable == null || apiKeyEnvironmentVariable.isBlank()) {
            throw new IllegalArgumentException("apiKeyEnvironmentVariable must name a variable");
        }
    }

    /**
     * Generous limits for a local server: 5 s to connect, 60 s to the first token (a long
     * prompt on a CPU), 10 minutes for a whole answer, 3 attempts starting 200 ms apart.
     */
    public static ClientSettings defaults() {
        return new ClientSettings(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(10), 3,
                Duration.ofMillis(200), Duration.ofSeconds(5), DEFAULT_API_KEY_ENVIRONMENT_VARIABLE);
    }

    public ClientSettings withTimeouts(Duration connect, Duration firstToken, Duration wholeRequest) {
        return new ClientSettings(connect, firstToken, wholeRequest, maxAttempts, initialBackoff, maxBackoff,
                apiKeyEnvironmentVariable);
    }

    public ClientSettings withRetries(int attempts, Duration initial, Duration max) {
        return new ClientSettings(connectTimeout, firstTokenTimeout, wholeRequestTimeout, attempts, initial, max,
                apiKeyEnvironmentVariable);
    }

    public ClientSettings withApiKeyEnvironmentVariable(String variableName) {
        return new ClientSettings(connectTimeout, firstTokenTimeout, wholeRequestTimeout, maxAttempts, initialBackoff,
                maxBackoff, variableName);
    }

    /** Wait before attempt {@code nextAttempt} (2 for the first retry): doubling, capped. */
    Duration backoffBefore(int nextAttempt) {
        long millis = initialBackoff.toMillis();
        for (int attempt = 2; attempt < nextAttempt && millis < maxBackoff.toMillis(); attempt++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
