/**
 * A streaming client for OpenAI-compatible inference servers (llama.cpp's llama-server, vLLM,
 * and others that speak {@code /v1/completions} and {@code /v1/chat/completions} with
 * server-sent events). It is a measuring instrument: each request yields a
 * {@link io.dime.backend.client.StreamMeasurement} with the time to first token, every gap
 * between tokens, the end-to-end time and the token counts, or a failure sorted into one
 * {@link io.dime.backend.client.RequestOutcome}. These are the quantities the simulator predicts,
 * so the two can be set side by side.
 */
package io.dime.backend.client;
