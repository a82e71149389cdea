package io.dime.backend.live;

import io.dime.sim.live.LiveBackend;
import java.util.Map;

/**
 * Backend type {@code openai}: live nodes served by an OpenAI-compatible HTTP server. Listed in
 * {@code META-INF/services/io.dime.sim.live.LiveBackend$Factory}, so that the simulator finds it
 * whenever this module is on the class path (the command line has it).
 */
public final class OpenAiLiveBackendFactory implements LiveBackend.Factory {
    public static final String TYPE = "openai";

    @Override
    public String type() {
        return TYPE;
    }

    /** Reads the settings as {@link #open} does, without building a client. */
    @Override
    public void check(Map<String, String> settings) {
        OpenAiBackendSettings.parse(settings);
    }

    /** Checks the settings ({@link OpenAiBackendSettings#parse}) and opens a client; does not contact the server. */
    @Override
    public LiveBackend open(Map<String, String> settings) {
        return new OpenAiLiveBackend(OpenAiBackendSettings.parse(settings));
    }
}
