/**
 * Writes GGUF files, the model format of llama.cpp, and from them a small llama-architecture
 * model with random weights ({@link io.dime.backend.gguf.TinyLlamaWriter}). The weights mean
 * nothing; what matters is that llama-server loads the file and does the same arithmetic per
 * token as for a real model of that shape, so its step times grow with batch size and prompt
 * length. Format reference: the GGUF specification in the ggml repository (docs/gguf.md),
 * version 3.
 */
package io.dime.backend.gguf;
