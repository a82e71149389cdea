/**
 * The {@code openai} live backend: what puts a real OpenAI-compatible server (vLLM, SGLang,
 * llama.cpp's llama-server) inside a simulated scenario as a live node. It implements the
 * simulator's service-provider interface ({@link io.dime.sim.live.LiveBackend}) with the
 * streaming client of {@link io.dime.backend.client}: each request the node sends becomes one
 * streamed completion of made-up prompt tokens and an exact output length, and the client's
 * first token, end or failure goes back to the node as it happens.
 */
package io.dime.backend.live;
