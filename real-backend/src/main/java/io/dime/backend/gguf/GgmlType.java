package io.dime.backend.gguf;

/**
 * Element types of a tensor, with the numeric ids that ggml gives them ({@code enum ggml_type}
 * in ggml.h). Only the two unquantized float types are written here.
 */
public enum GgmlType {
    F32(0, 4),
    F16(1, 2);

    private final int ggmlId;
    private final int bytesPerElement;

    GgmlType(int ggmlId, int bytesPerElement) {
        this.ggmlId = ggmlId;
        this.bytesPerElement = bytesPerElement;
    }

    public int ggmlId() {
        return ggmlId;
    }

    public int bytesPerElement() {
        return bytesPerElement;
    }

    /** Parses {@code f32} or {@code f16}, case-insensitively. */
    public static GgmlType fromName(String name) {
        for (GgmlType type : values()) {
            if (type.name().equalsIgnoreCase(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown tensor type '" + name + "': use f32 or f16");
    }
}
