package io.dime.backend.gguf;

/** Types of metadata values, with their ids from the GGUF specification ({@code gguf_metadata_value_type}). */
enum GgufValueType {
    UINT8(0), INT8(1), UINT16(2), INT16(3), UINT32(4), INT32(5), FLOAT32(6), BOOL(7),
    STRING(8), ARRAY(9), UINT64(10), INT64(11), FLOAT64(12);

    final int id;

    GgufValueType(int id) {
        this.id = id;
    }
}
