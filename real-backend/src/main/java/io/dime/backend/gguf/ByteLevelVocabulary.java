package io.dime.backend.gguf;

import java.util.ArrayList;
import java.util.List;

/**
 * The smallest vocabulary llama.cpp's SentencePiece-style ("llama") tokenizer accepts for any
 * input: the three special tokens and one token per byte value, named {@code <0x00>} to
 * {@code <0xFF>}. Every character of a prompt then falls back to its UTF-8 bytes, one token
 * each, so a prompt of n ASCII characters is about n tokens.
 */
public final class ByteLevelVocabulary {

    public static final int UNKNOWN_ID = 0;
    public static final int BEGIN_OF_SEQUENCE_ID = 1;
    public static final int END_OF_SEQUENCE_ID = 2;
    public static final int FIRST_BYTE_ID = 3;
    public static final int SIZE = FIRST_BYTE_ID + 256;

    /** Token kinds as llama.cpp numbers them ({@code enum llama_token_type} in llama.h). */
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
        if (tokenId < FIRST_BYTE_ID || tokenId >= SIZE) {
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
        return texts;
    }

    static int[] tokenTypes() {
        int[] types = new int[SIZE];
        types[UNKNOWN_ID] = TYPE_UNKNOWN;
        types[BEGIN_OF_SEQUENCE_ID] = TYPE_CONTROL;
        types[END_OF_SEQUENCE_ID] = TYPE_CONTROL;
        for (int id = FIRST_BYTE_ID; id < SIZE; id++) {
            types[id] = TYPE_BYTE;
        }
        return types;
    }

    /** SentencePiece scores only rank merges; a byte-only vocabulary has none to rank. */
    static float[] scores() {
        return new float[SIZE];
    }
}
