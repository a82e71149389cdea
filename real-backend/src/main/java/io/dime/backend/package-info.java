/**
 * Dime against real inference servers. Where the simulator predicts latency from a model of a
 * GPU, this module measures it: {@link io.dime.backend.client} streams completions from any
 * OpenAI-compatible server (llama.cpp's llama-server, vLLM) and records time to first token,
 * every gap between tokens and the token counts; {@link io.dime.backend.gguf} writes a small
 * random-weight llama model so that tests can start a real llama-server without downloading
 * weights; {@link io.dime.backend.live} puts such a server inside a simulated scenario as a live
 * node (backend type {@code openai}).
 */
package io.dime.backend;
