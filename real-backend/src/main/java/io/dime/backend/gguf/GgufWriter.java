package io.dime.backend.gguf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Writes a GGUF version 3 file: header, metadata key-value pairs, tensor descriptions, then the
 * tensor data, each tensor starting on a {@value #ALIGNMENT_BYTES}-byte boundary (the default
 * alignment of the specification, used when {@code general.alignment} is absent).
 *
 * <p>Metadata and tensors are collected first and written in the order they were added. Tensor
 * values are asked for one tensor at a time while writing, so a model larger than the heap
 * would still write.
 */
public final class GgufWriter {

    public static final int ALIGNMENT_BYTES = 32;
    /** "GGUF" read as a little-endian uint32. */
    private static final int MAGIC = 0x4655_4747;
    private static final int VERSION = 3;

    private final List<MetadataEntry> metadata = new ArrayList<>();
    private final List<TensorEntry> tensors = new ArrayList<>();
    private final Set<String> names = new LinkedHashSet<>();

    /** One key with its type and a writer of its value. */
    private record MetadataEntry(String key, GgufValueType type, ValueWriter value) {
    }

    /** Dimensions are in ggml order: the first is the innermost (contiguous) one. */
    private record TensorEntry(String name, GgmlType type, long[] dimensions, Supplier<float[]> values) {
        long elementCount() {
            return Arrays.stream(dimensions).reduce(1, Math::multiplyExact);
        }

        long dataBytes() {
            return elementCount() * type.bytesPerElement();
        }
    }

    @FunctionalInterface
    private interface ValueWriter {
        void write(LittleEndianFileOutput out) throws IOException;
    }

    public GgufWriter putString(String key, String value) {
        return put(key, GgufValueType.STRING, out -> out.string(value));
    }

    /** Writes {@code value} as a uint32; negative values are rejected. */
    public GgufWriter putUint32(String key, int value) {
        requireNonNegative(key, value);
        return put(key, GgufValueType.UINT32, out -> out.uint32(value));
    }

    public GgufWriter putFloat32(String key, float value) {
        return put(key, GgufValueType.FLOAT32, out -> out.float32(value));
    }

    public GgufWriter putBool(String key, boolean value) {
        return put(key, GgufValueType.BOOL, out -> out.uint8(value ? 1 : 0));
    }

    public GgufWriter putStringArray(String key, List<String> values) {
        List<String> copy = List.copyOf(values);
        return put(key, GgufValueType.ARRAY, out -> {
            out.uint32(GgufValueType.STRING.id);
            out.uint64(copy.size());
            for (String value : copy) {
                out.string(value);
            }
        });
    }

    public GgufWriter putFloat32Array(String key, float[] values) {
        float[] copy = values.clone();
        return put(key, GgufValueType.ARRAY, out -> {
            out.uint32(GgufValueType.FLOAT32.id);
            out.uint64(copy.length);
            for (float value : copy) {
                out.float32(value);
            }
        });
    }

    public GgufWriter putInt32Array(String key, int[] values) {
        int[] copy = values.clone();
        return put(key, GgufValueType.ARRAY, out -> {
            out.uint32(GgufValueType.INT32.id);
            out.uint64(copy.length);
            for (int value : copy) {
                out.uint32(value);
            }
        });
    }

    /**
     * Adds a tensor.
     *
     * @param dimensions ggml order, innermost first: a matrix that maps {@code in} inputs to
     *                   {@code out} outputs is {@code {in, out}} and is stored as {@code out} rows
     *                   of {@code in} values
     * @param values     called once, while writing; must return exactly as many values as the
     *                   dimensions hold, row-major in the order above
     */
    public GgufWriter addTensor(String name, GgmlType type, long[] dimensions, Supplier<float[]> values) {
        if (!names.add("tensor:" + name)) {
            throw new IllegalArgumentException("tensor '" + name + "' added twice");
        }
        if (dimensions.length == 0 || dimensions.length > 4) {
            throw new IllegalArgumentException("tensor '" + name + "' needs 1 to 4 dimensions, has " + dimensions.length);
        }
        for (long dimension : dimensions) {
            if (dimension <= 0) {
                throw new IllegalArgumentException("tensor '" + name + "' has dimension " + dimension);
            }
        }
        tensors.add(new TensorEntry(name, type, dimensions.clone(), values));
        return this;
    }

    /** Bytes the tensor data will take, padding included: the bulk of the file. */
    public long tensorDataBytes() {
        long total = 0;
        for (TensorEntry tensor : tensors) {
            total = alignUp(total) + tensor.dataBytes();
        }
        return total;
    }

    /**
     * Writes the file. It is written beside {@code path} under a temporary name and moved into
     * place at the end, so a reader never sees half a model.
     */
    public void writeTo(Path path) throws IOException {
        Path absolute = path.toAbsolutePath();
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
        try (LittleEndianFileOutput out = new LittleEndianFileOutput(partial)) {
            out.uint32(MAGIC);
            out.uint32(VERSION);
            out.uint64(tensors.size());
            out.uint64(metadata.size());
            for (MetadataEntry entry : metadata) {
                out.string(entry.key());
                out.uint32(entry.type().id);
                entry.value().write(out);
            }
            long dataOffset = 0;
            for (TensorEntry tensor : tensors) {
                dataOffset = alignUp(dataOffset);
                out.string(tensor.name());
                out.uint32(tensor.dimensions().length);
                for (long dimension : tensor.dimensions()) {
                    out.uint64(dimension);
                }
                out.uint32(tensor.type().ggmlId());
                out.uint64(dataOffset);
                dataOffset += tensor.dataBytes();
            }
            out.padTo(ALIGNMENT_BYTES);
            for (TensorEntry tensor : tensors) {
                out.padTo(ALIGNMENT_BYTES);
                writeTensorData(out, tensor);
            }
        }
        Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeTensorData(LittleEndianFileOutput out, TensorEntry tensor) throws IOException {
        float[] values = tensor.values().get();
        if (values.length != tensor.elementCount()) {
            throw new IllegalStateException("tensor '" + tensor.name() + "' expects " + tensor.elementCount()
                    + " values, got " + values.length);
        }
        if (tensor.type() == GgmlType.F32) {
            for (float value : values) {
                out.float32(value);
            }
        } else {
            for (float value : values) {
                out.float16(value);
            }
        }
    }

    private GgufWriter put(String key, GgufValueType type, ValueWriter value) {
        if (!names.add("key:" + key)) {
            throw new IllegalArgumentException("metadata key '" + key + "' added twice");
        }
        metadata.add(new MetadataEntry(key, type, value));
        return this;
    }

    private static void requireNonNegative(String key, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("metadata key '" + key + "' is a uint32, got " + value);
        }
    }

    private static long alignUp(long offset) {
        long remainder = offset % ALIGNMENT_BYTES;
        return remainder == 0 ? offset : offset + ALIGNMENT_BYTES - remainder;
    }
}
