package io.dime.backend.gguf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a {@link TinyLlamaSpec} as a GGUF file that llama.cpp loads as architecture
 * {@code llama}: the metadata keys and tensor names its llama loader reads
 * ({@code src/models/llama.cpp} and {@code llama-model.cpp} in llama.cpp), the
 * {@link ByteLevelVocabulary}, a ChatML chat template, and random weights.
 *
 * <h2>Weights</h2>
 * Every tensor is filled from its own {@link SplittableRandom}, seeded from the spec's seed and
 * the tensor's name, with uniform values scaled so that each projection keeps activations near
 * unit size (standard deviation 1/sqrt(inputs)). The same spec therefore writes the same bytes.
 *
 * <h2>A constant lane that steers the output</h2>
 * The model only emits letters, digits and spaces ({@link ByteLevelVocabulary#isEmittable}).
 * llama's output layer has no bias, so the writer builds one: dimension 0 of every token
 * embedding is {@value #BIAS_LANE_VALUE}, and no attention or feed-forward output writes to
 * dimension 0, so it stays constant through all layers. The output matrix gives every token
 * that must not be emitted a weight of {@value #SUPPRESSED_TOKEN_LANE_WEIGHT} on that
 * dimension, which after the final RMS norm puts its logit hundreds below the others.
 */
public final class TinyLlamaWriter {

    static final float BIAS_LANE_VALUE = 1.0f;
    static final float SUPPRESSED_TOKEN_LANE_WEIGHT = -1000.0f;
    /** Llama 2's value, also used by most of its derivatives. */
    static final float RMS_NORM_EPSILON = 1e-5f;
    /** The rotary base of Llama 1 and 2 (RoFormer's default). */
    static final float ROPE_FREQUENCY_BASE = 10_000f;

    /** ChatML (role markers {@code <|im_start|>} / {@code <|im_end|>}), in the Jinja form chat templates use. */
    static final String CHATML_TEMPLATE = "{% for message in messages %}"
            + "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
            + "{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private final TinyLlamaSpec spec;

    public TinyLlamaWriter(TinyLlamaSpec spec) {
        this.spec = spec;
    }

    /** Writes the model to {@code path} and returns the number of bytes of the file. */
    public long writeTo(Path path) throws IOException {
        GgufWriter gguf = describe();
        gguf.writeTo(path);
        return java.nio.file.Files.size(path);
    }

    GgufWriter describe() {
        GgufWriter gguf = new GgufWriter();
        putMetadata(gguf);
        addTensors(gguf);
        return gguf;
    }

    private void putMetadata(GgufWriter gguf) {
        gguf.putString("general.architecture", "llama")
                .putString("general.name", "dime-tiny-llama")
                .putString("general.description", "random weights written by Dime for timing tests; output is meaningless")
                // llama_ftype: 0 = all f32, 1 = mostly f16
                .putUint32("general.file_type", spec.weightType() == GgmlType.F32 ? 0 : 1)
                .putUint32("llama.context_length", spec.contextLength())
                .putUint32("llama.embedding_length", spec.embeddingLength())
                .putUint32("llama.block_count", spec.blockCount())
                .putUint32("llama.feed_forward_length", spec.feedForwardLength())
                .putUint32("llama.attention.head_count", spec.headCount())
                .putUint32("llama.attention.head_count_kv", spec.headCountKv())
                .putUint32("llama.rope.dimension_count", spec.headSize())
                .putFloat32("llama.rope.freq_base", ROPE_FREQUENCY_BASE)
                .putFloat32("llama.attention.layer_norm_rms_epsilon", RMS_NORM_EPSILON)
                .putUint32("llama.vocab_size", ByteLevelVocabulary.SIZE)
                .putString("tokenizer.ggml.model", "llama")
                .putStringArray("tokenizer.ggml.tokens", ByteLevelVocabulary.tokenTexts())
                .putFloat32Array("tokenizer.ggml.scores", ByteLevelVocabulary.scores())
                .putInt32Array("tokenizer.ggml.token_type", ByteLevelVocabulary.tokenTypes())
                .putUint32("tokenizer.ggml.unknown_token_id", ByteLevelVocabulary.UNKNOWN_ID)
                .putUint32("tokenizer.ggml.bos_token_id", ByteLevelVocabulary.BEGIN_OF_SEQUENCE_ID)
                .putUint32("tokenizer.ggml.eos_token_id", ByteLevelVocabulary.END_OF_SEQUENCE_ID)
                .putBool("tokenizer.ggml.add_bos_token", true)
                .putBool("tokenizer.ggml.add_eos_token", false)
                .putString("tokenizer.chat_template", CHATML_TEMPLATE);
    }

    private void addTensors(GgufWriter gguf) {
        int embedding = spec.embeddingLength();
        int vocabulary = ByteLevelVocabulary.SIZE;
        GgmlType matrixType = spec.weightType();

        gguf.addTensor("token_embd.weight", matrixType, dims(embedding, vocabulary), this::tokenEmbedding);
        gguf.addTensor("output_norm.weight", GgmlType.F32, dims(embedding), () -> ones(embedding));
        gguf.addTensor("output.weight", matrixType, dims(embedding, vocabulary), this::outputProjection);
        for (int block = 0; block < spec.blockCount(); block++) {
            String prefix = "blk." + block + ".";
            gguf.addTensor(prefix + "attn_norm.weight", GgmlType.F32, dims(embedding), () -> ones(embedding));
            addProjection(gguf, prefix + "attn_q.weight", embedding, embedding, false);
            addProjection(gguf, prefix + "attn_k.weight", embedding, spec.keyValueWidth(), false);
            addProjection(gguf, prefix + "attn_v.weight", embedding, spec.keyValueWidth(), false);
            addProjection(gguf, prefix + "attn_output.weight", embedding, embedding, true);
            gguf.addTensor(prefix + "ffn_norm.weight", GgmlType.F32, dims(embedding), () -> ones(embedding));
            addProjection(gguf, prefix + "ffn_gate.weight", embedding, spec.feedForwardLength(), false);
            addProjection(gguf, prefix + "ffn_up.weight", embedding, spec.feedForwardLength(), false);
            addProjection(gguf, prefix + "ffn_down.weight", spec.feedForwardLength(), embedding, true);
        }
    }

    /**
     * A matrix from {@code inputs} to {@code outputs}. Those that write into the residual
     * stream leave its dimension 0, the bias lane, untouched: output row 0 is all zeros.
     */
    private void addProjection(GgufWriter gguf, String name, int inputs, int outputs, boolean writesResidual) {
        gguf.addTensor(name, spec.weightType(), dims(inputs, outputs), () -> {
            float[] values = uniform(name, (long) inputs * outputs, 1.0 / Math.sqrt(inputs));
            if (writesResidual) {
                java.util.Arrays.fill(values, 0, inputs, 0f);
            }
            return values;
        });
    }

    private float[] tokenEmbedding() {
        int embedding = spec.embeddingLength();
        float[] values = uniform("token_embd.weight", (long) embedding * ByteLevelVocabulary.SIZE, 1.0);
        for (int token = 0; token < ByteLevelVocabulary.SIZE; token++) {
            values[token * embedding] = BIAS_LANE_VALUE;
        }
        return values;
    }

    private float[] outputProjection() {
        int embedding = spec.embeddingLength();
        float[] values = uniform("output.weight", (long) embedding * ByteLevelVocabulary.SIZE, 1.0 / Math.sqrt(embedding));
        for (int token = 0; token < ByteLevelVocabulary.SIZE; token++) {
            values[token * embedding] = ByteLevelVocabulary.isEmittable(token) ? 0f : SUPPRESSED_TOKEN_LANE_WEIGHT;
        }
        return values;
    }

    /** Uniform values with the given standard deviation (a uniform on [-a, a] has deviation a/sqrt(3)). */
    private float[] uniform(String tensorName, long count, double standardDeviation) {
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor " + tensorName + " has " + count + " values: too large for this writer");
        }
        SplittableRandom random = new SplittableRandom(tensorSeed(tensorName));
        double halfWidth = standardDeviation * Math.sqrt(3.0);
        float[] values = new float[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2.0 - 1.0) * halfWidth);
        }
        return values;
    }

    /** Mixes the tensor's name into the spec's seed, so each tensor's values do not depend on the order of writing. */
    private long tensorSeed(String tensorName) {
        long hash = 0xcbf2_9ce4_8422_2325L; // FNV-1a, 64-bit offset basis
        for (byte b : tensorName.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100_0000_01b3L; // FNV-1a prime
        }
        return spec.seed() ^ hash;
    }

    private static float[] ones(int count) {
        float[] values = new float[count];
        java.util.Arrays.fill(values, 1f);
        return values;
    }

    private static long[] dims(long... dimensions) {
        return dimensions;
    }
}
