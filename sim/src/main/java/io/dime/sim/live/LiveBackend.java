package io.dime.sim.live;

import java.util.Map;

/**
 * One real inference server as a live node sees it: a pool of connections that requests are
 * sent through, and that answers each through its {@link Callbacks}. Implementations live in
 * other modules and are found by {@link Factory#type()} (see {@link LiveBackends}).
 *
 * <p>Threads: the simulation calls {@link #send}, {@link #cancel} and {@link #close} from its own
 * thread, and they must return at once (start the work, do not wait for it). Callbacks may come
 * from any thread, at any time, even after {@code cancel} or {@code close}; the live node hands
 * them to the simulation with {@link io.dime.sim.kernel.Simulation#post}, stamps them with the
 * wall-clock time they arrive at, and ignores those it no longer expects.
 */
public interface LiveBackend extends AutoCloseable {
    /**
     * Starts {@code request}. Exactly one of {@link Callbacks#completed} or {@link
     * Callbacks#failed} must follow eventually (the live node also gives up after its
     * {@code timeout}); a server that cannot be reached is a {@code failed} callback, not an
     * exception. An exception thrown here fails the request too.
     */
    void send(LiveRequest request, Callbacks callbacks);

    /**
     * The simulation no longer wants this answer (the client gave up, or the node's timeout
     * passed): stop the work if the server allows it. Best effort; later callbacks are ignored
     * either way. By default nothing is stopped.
     */
    default void cancel(long requestId) {
    }

    /** Ends every connection; called once, when the run is over. Requests still running are abandoned. */
    @Override
    void close();

    /**
     * How a server answers one request. {@code firstToken} at most once and before
     * {@code completed}; then at most one of {@code completed} or {@code failed}. Any thread.
     */
    interface Callbacks {
        /** The first generated token arrived (for a streamed answer; otherwise leave it out). */
        void firstToken();

        /** The answer is complete: {@code outputTokens} tokens, as the server counted them. */
        void completed(int outputTokens);

        /** No (complete) answer: refused, died mid-stream, an HTTP error, a timeout. Said in {@code reason}. */
        void failed(String reason);
    }

    /**
     * Makes backends of one type, e.g. {@code openai} for OpenAI-compatible HTTP servers (vLLM,
     * SGLang, llama.cpp). Found with {@link java.util.ServiceLoader}: a module provides one by
     * listing its class in {@code META-INF/services/io.dime.sim.live.LiveBackend$Factory} (the
     * binary name of this interface); it needs a public no-argument constructor.
     */
    interface Factory {
        /** The name a scenario gives as {@code backend: {type: ...}}. */
        String type();

        /**
         * Opens a backend. {@code settings} holds every key of the scenario's {@code backend}
         * section but {@code type}, as text in file order (e.g. {@code url}, {@code model},
         * {@code api_key_env}); the simulator has already checked and normalised two of them:
         * {@code slots}, a whole number of requests the node sends at once, and {@code timeout},
         * in seconds as a plain decimal number ({@code 60}, {@code 0.5}). Throws
         * {@link IllegalArgumentException} for a setting it cannot use, saying which and why.
         */
        LiveBackend open(Map<String, String> settings);

        /**
         * Checks {@code settings} as {@link #open} would, without keeping a backend: the scenario
         * loader calls it, so a refused setting is a located input error at load time, not an
         * error out of the middle of a run. By default it opens and closes one; a type whose
         * open does more than read its settings should override it.
         */
        default void check(Map<String, String> settings) {
            open(settings).close();
        }
    }
}
