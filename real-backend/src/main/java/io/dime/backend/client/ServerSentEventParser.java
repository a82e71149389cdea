package io.dime.backend.client;

/**
 * Assembles server-sent events from lines, following the event-stream rules of the WHATWG HTML
 * standard (section "Server-sent events"): {@code data:} lines accumulate, joined by newlines;
 * an empty line dispatches the event; lines starting with a colon are comments (llama-server
 * sends {@code ":"} as a keep-alive ping); other fields ({@code event}, {@code id},
 * {@code retry}) do not matter to a completion stream. Lines that are none of these are counted,
 * so that a stream of garbage can be described when it fails.
 */
final class ServerSentEventParser {

    private final StringBuilder pendingData = new StringBuilder();
    private boolean hasPendingData;
    private int unrecognisedLines;

    /** Feeds one line (without its terminator); returns the data of the event it completes, or null. */
    String acceptLine(String line) {
        if (line.isEmpty()) {
            if (!hasPendingData) {
                return null;
            }
            String data = pendingData.toString();
            pendingData.setLength(0);
            hasPendingData = false;
            return data;
        }
        if (line.charAt(0) == ':') {
            return null;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                if (hasPendingData) {
                    pendingData.append('\n');
                }
                pendingData.append(value);
                hasPendingData = true;
            }
            case "event", "id", "retry" -> {
                // not needed to read a completion stream
            }
            default -> unrecognisedLines++;
        }
        return null;
    }

    /** Lines that were neither data, a known field, a comment nor an empty line. */
    int unrecognisedLines() {
        return unrecognisedLines;
    }
}
