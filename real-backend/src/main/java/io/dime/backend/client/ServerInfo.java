package io.dime.backend.client;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a server says about itself, gathered from whichever of {@code /props} (llama.cpp),
 * {@code /v1/models} (every OpenAI-compatible server) and {@code /version} (vLLM) answer.
 *
 * @param engine        "llama.cpp", "vLLM", another {@code owned_by} value, or "unknown"
 * @param version       the engine's version or build ({@code build_info} of llama.cpp), when reported
 * @param modelId       the first served model's id, when reported
 * @param totalSlots    llama-server's parallel slots, when reported
 * @param answeredPaths the probed paths that returned JSON with status 200
 */
public record ServerInfo(String engine, Optional<String> version, Optional<String> modelId, OptionalInt totalSlots,
                         List<String> answeredPaths) {

    public static final String UNKNOWN_ENGINE = "unknown";

    public ServerInfo {
        answeredPaths = List.copyOf(answeredPaths);
    }
}
