package io.dime.backend.client;

/**
 * The server's own account of where the time went, as llama-server reports it in the
 * {@code timings} object of its last chunk. Other engines send nothing of the kind.
 *
 * @param cachedPromptTokens   prompt tokens reused from the server's prompt cache
 * @param promptTokens         prompt tokens the server actually computed (prefill)
 * @param promptMs             time the server spent on prefill
 * @param predictedTokens      tokens generated
 * @param predictedMs          time from the first to the last generated token
 * @param predictedPerTokenMs  the server's decode step time per token: {@code predictedMs} over the
 *                             decode steps ({@code predictedTokens - 1}; the first token comes from prefill)
 */
public record EngineTimings(long cachedPromptTokens, long promptTokens, double promptMs, long predictedTokens,
                            double predictedMs, double predictedPerTokenMs) {
}
