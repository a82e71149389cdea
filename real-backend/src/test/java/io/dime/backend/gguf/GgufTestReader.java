package io.dime.backend.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent reader of the GGUF layout, written from the specification, so that tests
 * check the writer against the format rather than against itself.
 */
final class GgufTestReader {

    record TensorInfo(String name, long[] dimensions, int ggmlType, long offset) {
    }

    final int version;
    final Map<String, Object> metadata = new LinkedHashMap<>();
    final List<TensorInfo> tensors = new ArrayList<>();
    final long dataStart;
    private final ByteBuffer buffer;

    GgufTestReader(Path path) throws IOException {
        buffer = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[4];
        buffer.get(magic);
        if (!new String(magic, StandardCharsets.US_ASCII).equals("GGUF")) {
            throw new IOException("no GGUF magic");
        }
        version = buffer.getInt();
        long tensorCount = buffer.getLong();
        long metadataCount = buffer.getLong();
        for (long i = 0; i < metadataCount; i++) {
            String key = string();
            metadata.put(key, value(buffer.getInt()));
        }
        for (long i = 0; i < tensorCount; i++) {
            String name = string();
            int dimensionCount = buffer.getInt();
            long[] dimensions = new long[dimensionCount];
            for (int d = 0; d < dimensionCount; d++) {
                dimensions[d] = buffer.getLong();
            }
            tensors.add(new TensorInfo(name, dimensions, buffer.getInt(), buffer.getLong()));
        }
        int alignment = 32;
        dataStart = (buffer.position() + alignment - 1) / alignment * alignment;
    }

    int fileSize() {
        return buffer.capacity();
    }

    TensorInfo tensor(String name) {
        return tensors.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    /** Element {@code index} of a tensor, widened to float. */
    float element(TensorInfo tensor, long index) {
        int position = (int) (dataStart + tensor.offset());
        if (tensor.ggmlType() == 0) {
            return buffer.getFloat(position + (int) index * 4);
        }
        return HalfFloat.toFloat(buffer.getShort(position + (int) index * 2));
    }

    private String string() {
        int length = (int) buffer.getLong();
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private Object value(int type) {
        switch (type) {
            case 0: return buffer.get() & 0xff;
            case 1: return (int) buffer.get();
            case 2: return buffer.getShort() & 0xffff;
            case 3: return (int) buffer.getShort();
            case 4: return buffer.getInt() & 0xffff_ffffL;
            case 5: return buffer.getInt();
            case 6: return buffer.getFloat();
            case 7: return buffer.get() != 0;
            case 8: return string();
            case 9: {
                int elementType = buffer.getInt();
                long count = buffer.getLong();
                List<Object> values = new ArrayList<>();
                for (long i = 0; i < count; i++) {
                    values.add(value(elementType));
                }
                return values;
            }
            case 10: return buffer.getLong();
            case 11: return buffer.getLong();
            case 12: return buffer.getDouble();
            default: throw new IllegalStateException("unknown metadata type " + type);
        }
    }
}
