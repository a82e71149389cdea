package io.dime.backend.gguf;

import java.util.ArrayList;
import java.util.List;

/**
 * A minimal vocabulary for llama.cpp's SentencePiece-style ("llama") tokenizer that still reads
 * any input: the three special tokens, one token per byte value named {@code <0x00>} to
 * {@code <0xFF>} (SentencePiece's byte fallback), and SentencePiece's word-boundary mark
 * {@code "\u2581"}, which the tokenizer puts in place of every space. Without that last token a
 * space would fall back to the mark's three UTF-8 bytes; with it, a prompt of n ASCII characters
 * is n tokens (plus one leading mark and the begin-of-sequence token).
 */
public final class ByteLevelVocabulary {

    public static final int UNKNOWN_ID = 0;
    public static final int BEGIN_OF_SEQUENCE_ID = 1;
    public static final int END_OF_SEQUENCE_ID = 2;
    public static final int FIRST_BYTE_ID = 3;
    public static final int WORD_BOUNDARY_ID = FIRST_BYTE_ID + 256;
    public static final int SIZE = WORD_BOUNDARY_ID + 1;

    /** Token kinds as llama.cpp numbers them ({@code enum llama_token_type} in llama.h). */
    static final int TYPE_NORMAL = 1;
    static final int TYPE_UNKNOWN = 2;
    static final int TYPE_CONTROL = 3;
    static final int TYPE_BYTE = 6;

    private ByteLevelVocabulary() {
    }

    public static int tokenIdOfByte(int byteValue) {
        if (byteValue < 0 || byteValue > 255) {
            throw new IllegalArgumentException("not a byte: " + byteValue);
        }
        return FIRST_BYTE_ID + byteValue;
    }

    /**
     * Whether the model may emit this token. Only letters, digits and the space are allowed
     * (see {@link TinyLlamaWriter}): each is one whole UTF-8 character, so llama-server streams
     * every generated token as its own chunk instead of holding back partial characters, needs
     * no JSON escapes, and never starts a stop string such as {@code <|im_end|>}.
     */
    public static boolean isEmittable(int tokenId) {
        if (tokenId < FIRST_BYTE_ID || tokenId >= WORD_BOUNDARY_ID) {
            return false;
        }
        int value = tokenId - FIRST_BYTE_ID;
        return value == ' ' || (value >= '0' && value <= '9') || (value >= 'A' && value <= 'Z')
                || (value >= 'a' && value <= 'z');
    }

    static List<String> tokenTexts() {
        List<String> texts = new ArrayList<>(SIZE);
        texts.add("<unk>");
        texts.add("<s>");
        texts.add("</s>");
        for (int value = 0; value < 256; value++) {
            texts.add(String.format("<0x%02X>", value));
        }
        texts.add("\u2581");
        return texts;
    }

    static int[] tokenTypes() {
        int[] types = new int[SIZE];
        types[UNKNOWN_ID] = TYPE_UNKNOWN;
        types[BEGIN_OF_SEQUENCE_ID] = TYPE_CONTROL;
        types[END_OF_SEQUENCE_ID] = TYPE_CONTROL;
        for (int id = FIRST_BYTE_ID; id < WORD_BOUNDARY_ID; id++) {
            types[id] = TYPE_BYTE;
        }
        types[WORD_BOUNDARY_ID] = TYPE_NORMAL;
        return types;
    }

    /** SentencePiece scores only rank merges of pieces; this vocabulary has no multi-character pieces to merge. */
    static float[] scores() {
        return new float[SIZE];
    }
}
