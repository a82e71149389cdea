package io.dime.backend.client;

/** Where a token count in a {@link StreamMeasurement} comes from. */
public enum TokenCountSource {
    /** The server's own {@code usage} object, asked for with {@code stream_options.include_usage}. */
    SERVER_USAGE,
    /**
     * Counted content chunks. Exact for servers that send one chunk per token (llama-server);
     * an undercount for servers that coalesce tokens into one chunk.
     */
    COUNTED_CHUNKS,
    /** Not known: a prompt's length without {@code usage}, or a request that never got that far. */
    UNKNOWN
}
