package io.dime.backend.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TinyLlamaWriterTest {

    /** Small enough to write in milliseconds; grouped-query attention to check the key/value widths. */
    private static final TinyLlamaSpec SMALL = new TinyLlamaSpec(64, 2, 128, 4, 2, 256, GgmlType.F16, 7L);

    @TempDir
    Path dir;

    @Test
    void fileHasTheGgufV3LayoutWithAlignedTensors() throws IOException {
        Path file = dir.resolve("small.gguf");
        new TinyLlamaWriter(SMALL).writeTo(file);
        GgufTestReader gguf = new GgufTestReader(file);

        assertEquals(3, gguf.version);
        assertEquals(3 + 9 * SMALL.blockCount(), gguf.tensors.size());
        long expectedOffset = 0;
        for (GgufTestReader.TensorInfo tensor : gguf.tensors) {
            assertEquals(0, tensor.offset() % GgufWriter.ALIGNMENT_BYTES, tensor.name() + " is aligned");
            assertEquals(alignUp(expectedOffset), tensor.offset(), tensor.name() + " follows the previous tensor");
            long elements = 1;
            for (long dimension : tensor.dimensions()) {
                elements *= dimension;
            }
            expectedOffset = tensor.offset() + elements * (tensor.ggmlType() == 0 ? 4 : 2);
        }
        assertEquals(gguf.dataStart + expectedOffset, gguf.fileSize(), "the file ends with the last tensor");
    }

    @Test
    void metadataHasEveryHyperparameterLlamaCppReads() throws IOException {
        Path file = dir.resolve("small.gguf");
        new TinyLlamaWriter(SMALL).writeTo(file);
        GgufTestReader gguf = new GgufTestReader(file);

        assertEquals("llama", gguf.metadata.get("general.architecture"));
        assertEquals(256L, gguf.metadata.get("llama.context_length"));
        assertEquals(64L, gguf.metadata.get("llama.embedding_length"));
        assertEquals(2L, gguf.metadata.get("llama.block_count"));
        assertEquals(128L, gguf.metadata.get("llama.feed_forward_length"));
        assertEquals(4L, gguf.metadata.get("llama.attention.head_count"));
        assertEquals(2L, gguf.metadata.get("llama.attention.head_count_kv"));
        assertEquals(16L, gguf.metadata.get("llama.rope.dimension_count"), "the head size: llama rotates whole heads");
        assertEquals(1e-5f, gguf.metadata.get("llama.attention.layer_norm_rms_epsilon"));
        assertEquals("llama", gguf.metadata.get("tokenizer.ggml.model"));
        List<?> tokens = (List<?>) gguf.metadata.get("tokenizer.ggml.tokens");
        assertEquals(ByteLevelVocabulary.SIZE, tokens.size());
        assertEquals("<unk>", tokens.get(0));
        assertEquals("<0x00>", tokens.get(ByteLevelVocabulary.FIRST_BYTE_ID));
        assertEquals("<0x41>", tokens.get(ByteLevelVocabulary.tokenIdOfByte('A')));
        assertEquals("<0xFF>", tokens.get(ByteLevelVocabulary.tokenIdOfByte(0xff)));
        assertEquals("\u2581", tokens.get(ByteLevelVocabulary.WORD_BOUNDARY_ID));
        assertEquals(1, ((List<?>) gguf.metadata.get("tokenizer.ggml.token_type")).get(ByteLevelVocabulary.WORD_BOUNDARY_ID));
        assertEquals(ByteLevelVocabulary.SIZE, ((List<?>) gguf.metadata.get("tokenizer.ggml.scores")).size());
        assertEquals(6, ((List<?>) gguf.metadata.get("tokenizer.ggml.token_type")).get(ByteLevelVocabulary.FIRST_BYTE_ID));
        assertEquals(1L, gguf.metadata.get("tokenizer.ggml.bos_token_id"));
        assertEquals(2L, gguf.metadata.get("tokenizer.ggml.eos_token_id"));
        assertTrue(((String) gguf.metadata.get("tokenizer.chat_template")).contains("<|im_start|>"));
    }

    @Test
    void tensorShapesFollowLlamasLayout() throws IOException {
        Path file = dir.resolve("small.gguf");
        new TinyLlamaWriter(SMALL).writeTo(file);
        GgufTestReader gguf = new GgufTestReader(file);

        long vocabulary = ByteLevelVocabulary.SIZE;
        assertArrayEquals(new long[] {64, vocabulary}, gguf.tensor("token_embd.weight").dimensions());
        assertArrayEquals(new long[] {64, vocabulary}, gguf.tensor("output.weight").dimensions());
        assertArrayEquals(new long[] {64}, gguf.tensor("output_norm.weight").dimensions());
        assertArrayEquals(new long[] {64, 64}, gguf.tensor("blk.1.attn_q.weight").dimensions());
        assertArrayEquals(new long[] {64, 32}, gguf.tensor("blk.1.attn_k.weight").dimensions());
        assertArrayEquals(new long[] {64, 32}, gguf.tensor("blk.1.attn_v.weight").dimensions());
        assertArrayEquals(new long[] {64, 64}, gguf.tensor("blk.1.attn_output.weight").dimensions());
        assertArrayEquals(new long[] {64, 128}, gguf.tensor("blk.1.ffn_gate.weight").dimensions());
        assertArrayEquals(new long[] {64, 128}, gguf.tensor("blk.1.ffn_up.weight").dimensions());
        assertArrayEquals(new long[] {128, 64}, gguf.tensor("blk.1.ffn_down.weight").dimensions());
        assertEquals(0, gguf.tensor("blk.0.attn_norm.weight").ggmlType(), "norms are f32");
        assertEquals(1, gguf.tensor("blk.0.attn_q.weight").ggmlType(), "matrices take the spec's type");
    }

    @Test
    void theBiasLaneStaysConstantAndSuppressesTokensThatMustNotBeEmitted() throws IOException {
        Path file = dir.resolve("small.gguf");
        new TinyLlamaWriter(SMALL).writeTo(file);
        GgufTestReader gguf = new GgufTestReader(file);
        int embedding = SMALL.embeddingLength();

        GgufTestReader.TensorInfo tokenEmbedding = gguf.tensor("token_embd.weight");
        GgufTestReader.TensorInfo output = gguf.tensor("output.weight");
        for (int token = 0; token < ByteLevelVocabulary.SIZE; token++) {
            assertEquals(TinyLlamaWriter.BIAS_LANE_VALUE, gguf.element(tokenEmbedding, (long) token * embedding));
            float laneWeight = gguf.element(output, (long) token * embedding);
            assertEquals(ByteLevelVocabulary.isEmittable(token) ? 0f : TinyLlamaWriter.SUPPRESSED_TOKEN_LANE_WEIGHT,
                    laneWeight, "token " + token);
        }
        for (String writer : List.of("blk.0.attn_output.weight", "blk.1.ffn_down.weight")) {
            GgufTestReader.TensorInfo tensor = gguf.tensor(writer);
            long inputs = tensor.dimensions()[0];
            for (long i = 0; i < inputs; i++) {
                assertEquals(0f, gguf.element(tensor, i), writer + " writes nothing to dimension 0");
            }
            assertTrue(gguf.element(tensor, inputs) != 0f, writer + " writes the other dimensions");
        }
    }

    @Test
    void onlyLettersDigitsAndSpaceAreEmittable() {
        assertTrue(ByteLevelVocabulary.isEmittable(ByteLevelVocabulary.tokenIdOfByte('a')));
        assertTrue(ByteLevelVocabulary.isEmittable(ByteLevelVocabulary.tokenIdOfByte('Z')));
        assertTrue(ByteLevelVocabulary.isEmittable(ByteLevelVocabulary.tokenIdOfByte('7')));
        assertTrue(ByteLevelVocabulary.isEmittable(ByteLevelVocabulary.tokenIdOfByte(' ')));
        assertFalse(ByteLevelVocabulary.isEmittable(ByteLevelVocabulary.tokenIdOfByte('<')));
        assertFalse(ByteLevelVocabulary.isEmittable(ByteLevelVocabulary.tokenIdOfByte(0xc3)), "a UTF-8 lead byte");
        assertFalse(ByteLevelVocabulary.isEmittable(ByteLevelVocabulary.END_OF_SEQUENCE_ID));
        assertFalse(ByteLevelVocabulary.isEmittable(ByteLevelVocabulary.WORD_BOUNDARY_ID), "spaces come out as the byte");
    }

    @Test
    void theSameSeedWritesTheSameBytesAndAnotherSeedDoesNot() throws Exception {
        Path first = dir.resolve("first.gguf");
        Path second = dir.resolve("second.gguf");
        Path otherSeed = dir.resolve("other.gguf");
        new TinyLlamaWriter(SMALL).writeTo(first);
        new TinyLlamaWriter(SMALL).writeTo(second);
        new TinyLlamaWriter(SMALL.withSeed(8L)).writeTo(otherSeed);

        assertEquals(sha256(first), sha256(second));
        assertFalse(sha256(first).equals(sha256(otherSeed)));
    }

    /**
     * Golden bytes: any change to the format, the vocabulary or the weight generator changes
     * this hash, on purpose. Update it only for an intended change, and say so in the commit.
     */
    @Test
    void smallModelBytesAreGolden() throws Exception {
        Path file = dir.resolve("golden.gguf");
        new TinyLlamaWriter(SMALL).writeTo(file);
        assertEquals("e37ed26efd6bbd0fbd245489e6e99667141dcc876067a3c4d079c00e58c4eada", sha256(file));
    }

    @Test
    void defaultModelSizeMatchesItsDescription() {
        TinyLlamaSpec spec = TinyLlamaSpec.COMPUTE_BOUND_DEFAULT;
        assertEquals(28_717_824L, spec.parameterCount());
        assertEquals(64, spec.headSize());
    }

    @Test
    void inconsistentShapesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new TinyLlamaSpec(100, 2, 128, 3, 3, 256, GgmlType.F16, 1));
        assertThrows(IllegalArgumentException.class, () -> new TinyLlamaSpec(64, 2, 128, 4, 3, 256, GgmlType.F16, 1));
        assertThrows(IllegalArgumentException.class, () -> new TinyLlamaSpec(60, 2, 128, 4, 4, 256, GgmlType.F16, 1),
                "head size 15 is odd");
    }

    @Test
    void commandLineWritesTheRequestedShape() throws IOException {
        Path file = dir.resolve("cli.gguf");
        WriteTinyLlama.main(new String[] {"--out", file.toString(), "--embedding", "32", "--layers", "1", "--ff", "64",
                "--heads", "2", "--kv-heads", "2", "--context", "128", "--type", "f32", "--seed", "3"});
        GgufTestReader gguf = new GgufTestReader(file);
        assertEquals(32L, gguf.metadata.get("llama.embedding_length"));
        assertEquals(0, gguf.tensor("blk.0.attn_q.weight").ggmlType());
        assertEquals(0L, gguf.metadata.get("general.file_type"));
        assertFalse(Files.exists(dir.resolve("cli.gguf.partial")));
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
        StringBuilder hex = new StringBuilder();
        for (byte b : digest) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    private static long alignUp(long offset) {
        return (offset + GgufWriter.ALIGNMENT_BYTES - 1) / GgufWriter.ALIGNMENT_BYTES * GgufWriter.ALIGNMENT_BYTES;
    }
}
