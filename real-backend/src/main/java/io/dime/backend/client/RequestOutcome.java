package io.dime.backend.client;

/** How a request ended. Everything other than {@link #OK} is a failure, and says which kind. */
public enum RequestOutcome {
    /** The stream ended with {@code data: [DONE]}. */
    OK,
    /** Nothing accepted the TCP connection (no server on that port, or the server is gone). */
    REFUSED,
    /**
     * The server answered with a status other than 200, or reported an error object with a
     * status code inside the event stream; the code is in {@link StreamMeasurement#httpStatus()}.
     */
    HTTP_STATUS,
    /**
     * The response was not a well-formed completion stream: an event that is not JSON, an error
     * object without a status, no HTTP response at all, or a stream cut off before
     * {@code [DONE]} (as when the server dies mid-answer).
     */
    MALFORMED_STREAM,
    /** The connect, first-token or whole-request timeout ran out; the request was abandoned. */
    TIMEOUT
}
