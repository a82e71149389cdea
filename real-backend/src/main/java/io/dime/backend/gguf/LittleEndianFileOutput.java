package io.dime.backend.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Buffered little-endian writes to a file, keeping count of the bytes written so far. GGUF is little-endian throughout. */
final class LittleEndianFileOutput implements AutoCloseable {

    private static final int BUFFER_BYTES = 1 << 20;

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private long bytesWritten;

    LittleEndianFileOutput(Path path) throws IOException {
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    long position() {
        return bytesWritten;
    }

    void uint8(int value) throws IOException {
        ensureRoom(1);
        buffer.put((byte) value);
        bytesWritten += 1;
    }

    void uint32(int value) throws IOException {
        ensureRoom(4);
        buffer.putInt(value);
        bytesWritten += 4;
    }

    void uint64(long value) throws IOException {
        ensureRoom(8);
        buffer.putLong(value);
        bytesWritten += 8;
    }

    void float32(float value) throws IOException {
        ensureRoom(4);
        buffer.putFloat(value);
        bytesWritten += 4;
    }

    void float16(float value) throws IOException {
        ensureRoom(2);
        buffer.putShort(HalfFloat.fromFloat(value));
        bytesWritten += 2;
    }

    /** A GGUF string: its UTF-8 length as uint64, then the bytes, no terminator. */
    void string(String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        uint64(utf8.length);
        for (byte b : utf8) {
            uint8(b);
        }
    }

    void padTo(int alignmentBytes) throws IOException {
        while (bytesWritten % alignmentBytes != 0) {
            uint8(0);
        }
    }

    private void ensureRoom(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            flush();
        }
    }

    private void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            channel.close();
        }
    }
}
