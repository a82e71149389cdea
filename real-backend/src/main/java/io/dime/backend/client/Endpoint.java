package io.dime.backend.client;

/** The two OpenAI-compatible generation endpoints this client streams from. */
public enum Endpoint {
    /** Plain text completion: the prompt is text or token ids, chunks carry {@code choices[0].text}. */
    COMPLETIONS("/v1/completions"),
    /** Chat: the prompt is a list of messages, chunks carry {@code choices[0].delta.content}. */
    CHAT_COMPLETIONS("/v1/chat/completions");

    private final String path;

    Endpoint(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }
}
