package io.dime.backend.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One generation request. Build it with {@link #completion}, {@link #completionOfTokenIds} or
 * {@link #chat}, then refine it with the {@code with...} methods.
 *
 * @param endpoint          which endpoint to stream from
 * @param promptText        the prompt (for chat: the one user message); null when {@code promptTokenIds} is set
 * @param promptTokenIds    the prompt as token ids, {@link Endpoint#COMPLETIONS} only; null when {@code promptText} is set
 * @param maxOutputTokens   upper bound on generated tokens ({@code max_tokens})
 * @param exactOutputLength ask the server to generate exactly {@code maxOutputTokens}, ignoring end-of-sequence
 * @param model             the {@code model} field; null leaves it out (llama-server serves its one model,
 *                          vLLM then uses its first served model)
 * @param temperature       sampling temperature; null leaves the server's default
 * @param seed              sampling seed; null leaves the server's default
 */
public record CompletionRequest(Endpoint endpoint, String promptText, List<Integer> promptTokenIds,
                                int maxOutputTokens, boolean exactOutputLength, String model,
                                Double temperature, Long seed) {

    private static final int FIRST_RANDOM_TOKEN_ID = 3;
    private static final int RANDOM_TOKEN_IDS = 256;

    public CompletionRequest {
        if (endpoint == null) {
            throw new IllegalArgumentException("endpoint is required");
        }
        if ((promptText == null) == (promptTokenIds == null)) {
            throw new IllegalArgumentException("give the prompt either as text or as token ids");
        }
        if (promptTokenIds != null && endpoint != Endpoint.COMPLETIONS) {
            throw new IllegalArgumentException("token-id prompts exist only for " + Endpoint.COMPLETIONS.path());
        }
        if (maxOutputTokens <= 0) {
            throw new IllegalArgumentException("maxOutputTokens must be positive, got " + maxOutputTokens);
        }
        promptTokenIds = promptTokenIds == null ? null : List.copyOf(promptTokenIds);
    }

    public static CompletionRequest completion(String prompt, int maxOutputTokens) {
        return new CompletionRequest(Endpoint.COMPLETIONS, prompt, null, maxOutputTokens, false, null, null, null);
    }

    public static CompletionRequest completionOfTokenIds(List<Integer> promptTokenIds, int maxOutputTokens) {
        return new CompletionRequest(Endpoint.COMPLETIONS, null, promptTokenIds, maxOutputTokens, false, null, null, null);
    }

    /**
     * {@code count} random token ids from 3 to 258: inside every real vocabulary and the tiny test
     * model's byte tokens, and random so that no two prompts share a prefix a prompt cache could reuse.
     */
    public static List<Integer> randomTokenIds(int count, java.util.random.RandomGenerator random) {
        List<Integer> ids = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(FIRST_RANDOM_TOKEN_ID + random.nextInt(RANDOM_TOKEN_IDS));
        }
        return ids;
    }

    public static CompletionRequest chat(String userMessage, int maxOutputTokens) {
        return new CompletionRequest(Endpoint.CHAT_COMPLETIONS, userMessage, null, maxOutputTokens, false, null, null, null);
    }

    /** Generate exactly {@code maxOutputTokens} tokens: the output length becomes a controlled variable. */
    public CompletionRequest withExactOutputLength() {
        return new CompletionRequest(endpoint, promptText, promptTokenIds, maxOutputTokens, true, model, temperature, seed);
    }

    public CompletionRequest withModel(String newModel) {
        return new CompletionRequest(endpoint, promptText, promptTokenIds, maxOutputTokens, exactOutputLength, newModel,
                temperature, seed);
    }

    public CompletionRequest withTemperature(double newTemperature) {
        return new CompletionRequest(endpoint, promptText, promptTokenIds, maxOutputTokens, exactOutputLength, model,
                newTemperature, seed);
    }

    public CompletionRequest withSeed(long newSeed) {
        return new CompletionRequest(endpoint, promptText, promptTokenIds, maxOutputTokens, exactOutputLength, model,
                temperature, newSeed);
    }

    /**
     * The JSON body. Besides the OpenAI fields it always asks for the usage object in the stream,
     * and for an exact length it adds the engines' own fields: llama.cpp reads {@code n_predict}
     * and {@code ignore_eos}, vLLM reads {@code min_tokens} and {@code ignore_eos}. Servers that
     * know neither ignore unknown fields (OpenAI's API rejects them, but it cannot be asked for
     * an exact length anyway).
     */
    ObjectNode toJson(ObjectMapper json) {
        ObjectNode body = json.createObjectNode();
        if (model != null) {
            body.put("model", model);
        }
        if (endpoint == Endpoint.CHAT_COMPLETIONS) {
            ArrayNode messages = body.putArray("messages");
            messages.addObject().put("role", "user").put("content", promptText);
        } else if (promptText != null) {
            body.put("prompt", promptText);
        } else {
            ArrayNode ids = body.putArray("prompt");
            promptTokenIds.forEach(ids::add);
        }
        body.put("max_tokens", maxOutputTokens);
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        if (exactOutputLength) {
            body.put("min_tokens", maxOutputTokens);
            body.put("n_predict", maxOutputTokens);
            body.put("ignore_eos", true);
        }
        if (temperature != null) {
            body.put("temperature", temperature);
        }
        if (seed != null) {
            body.put("seed", seed);
        }
        return body;
    }
}
