package io.dime.backend.live;

import io.dime.backend.client.ClientSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a scenario's {@code backend: {type: openai, ...}} section says, checked.
 *
 * @param baseUrl                   the server's root, to which the client adds {@code /v1/completions}
 * @param model                     the {@code model} field of every request; empty leaves it out (the
 *                                  server's only or first model)
 * @param apiKeyEnvironmentVariable where the API key is read from; the key itself never passes through here
 * @param timeout                   both the first-token and the whole-request timeout of each request
 * @param slots                     requests the live node sends at once (the node enforces it; here it is
 *                                  only reported)
 */
public record OpenAiBackendSettings(URI baseUrl, Optional<String> model, String apiKeyEnvironmentVariable,
                                    Duration timeout, int slots) {

    public static final String URL = "url";
    public static final String MODEL = "model";
    public static final String API_KEY_ENV = "api_key_env";
    public static final String TIMEOUT = "timeout";
    public static final String SLOTS = "slots";
    /** Every key the type accepts, in the order the documentation gives them. */
    public static final List<String> KEYS = List.of(URL, MODEL, API_KEY_ENV, TIMEOUT, SLOTS);

    /** The simulator's defaults, for a map that does not come through a scenario (which always gives both). */
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final int DEFAULT_SLOTS = 1;
    /** A POSIX environment variable name: what {@code api_key_env} must look like. */
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public OpenAiBackendSettings {
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException(TIMEOUT + " must be positive, found " + timeout);
        }
        if (slots < 1) {
            throw new IllegalArgumentException(SLOTS + " must be at least 1, found " + slots);
        }
    }

    /**
     * Reads the settings a {@link io.dime.sim.live.LiveBackend.Factory} is given. Throws
     * {@link IllegalArgumentException} naming the key for a missing {@code url}, a value that
     * cannot be used, or a key this type does not know (a misspelt {@code modle} would otherwise
     * be ignored without a word).
     */
    public static OpenAiBackendSettings parse(Map<String, String> settings) {
        for (String key : settings.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown setting '" + key + "' for backend type "
                        + OpenAiLiveBackendFactory.TYPE + "; accepted: " + String.join(", ", KEYS));
            }
        }
        String url = settings.get(URL);
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(URL + " is required: the server's address, e.g. http://127.0.0.1:8080");
        }
        String model = settings.get(MODEL);
        return new OpenAiBackendSettings(baseUrl(url.strip()),
                model == null || model.isBlank() ? Optional.empty() : Optional.of(model.strip()),
                apiKeyEnvironmentVariable(settings.get(API_KEY_ENV)),
                timeout(settings.get(TIMEOUT)),
                slots(settings.get(SLOTS)));
    }

    /** Client settings for a live node: its timeouts, one attempt (a failure is what the run measures), the key's variable. */
    public ClientSettings clientSettings() {
        Duration connect = timeout.compareTo(ClientSettings.defaults().connectTimeout()) < 0
                ? timeout : ClientSettings.defaults().connectTimeout();
        return ClientSettings.defaults()
                .withTimeouts(connect, timeout, timeout)
                .withRetries(1, Duration.ZERO, Duration.ZERO)
                .withApiKeyEnvironmentVariable(apiKeyEnvironmentVariable);
    }

    private static URI baseUrl(String text) {
        if (!text.contains("://")) {
            throw new IllegalArgumentException(URL + " " + shown(text) + " must start with http:// or https://");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(URL + " " + shown(text) + " is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getRawUserInfo() != null) {
            // Not echoed: the user info may be a password, and errors end up in logs.
            throw new IllegalArgumentException(URL + " holds credentials (user@ or user:password@): they would be copied"
                    + " into the run folder; give the API key's environment variable as " + API_KEY_ENV + " instead");
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(URL + " " + shown(text) + " must start with http:// or https://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException(URL + " " + shown(text) + " names no host; e.g. http://127.0.0.1:8080");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(URL + " " + shown(text) + " has a query or fragment; give the server's address only");
        }
        return io.dime.backend.client.OpenAiStreamingClient.serverRoot(uri);
    }

    /** The URL quoted for an error message, unless it may hold credentials ({@code @}): then it is not repeated. */
    private static String shown(String url) {
        return url.contains("@") ? "(not repeated here: it may hold credentials)" : "'" + url + "'";
    }

    private static String apiKeyEnvironmentVariable(String text) {
        if (text == null || text.isBlank()) {
            return ClientSettings.DEFAULT_API_KEY_ENVIRONMENT_VARIABLE;
        }
        if (!VARIABLE_NAME.matcher(text.strip()).matches()) {
            // Not echoed: a value that is no variable name may well be the key itself.
            throw new IllegalArgumentException(API_KEY_ENV + " must name an environment variable (letters, digits and _,"
                    + " e.g. DIME_API_KEY), not hold the key itself");
        }
        return text.strip();
    }

    private static Duration timeout(String text) {
        if (text == null) {
            return DEFAULT_TIMEOUT;
        }
        double seconds;
        try {
            seconds = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            seconds = Double.NaN;
        }
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException(TIMEOUT + ": expected a positive number of seconds, found '" + text + "'");
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    private static int slots(String text) {
        if (text == null) {
            return DEFAULT_SLOTS;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SLOTS + ": expected a whole number of requests, found '" + text + "'");
        }
    }
}
