package io.dime.backend.client;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The API key, read once from the environment. It leaves this class only as the value of an
 * {@code Authorization} header; {@link #toString()} and {@link #redact(String)} keep it out of
 * logs, exceptions and measurements.
 */
final class BearerToken {

    private static final String REDACTED = "[redacted]";

    private final String secret;

    private BearerToken(String secret) {
        this.secret = secret;
    }

    /** The token in the named variable, if it is set and not blank. */
    static Optional<BearerToken> fromEnvironment(String variableName, UnaryOperator<String> environment) {
        String value = environment.apply(variableName);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(new BearerToken(value.strip()));
    }

    String authorizationHeaderValue() {
        return "Bearer " + secret;
    }

    /** {@code text} with every occurrence of the key replaced, for error messages that echo a server's words. */
    String redact(String text) {
        return text == null ? null : text.replace(secret, REDACTED);
    }

    @Override
    public String toString() {
        return "BearerToken" + REDACTED;
    }
}
