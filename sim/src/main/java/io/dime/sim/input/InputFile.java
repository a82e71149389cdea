package io.dime.sim.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Every file a user hands Dime is checked here before it is read: it must be a regular file
 * (not a folder, device or pipe: {@code /dev/zero} would never end), no larger than its kind's
 * limit, and UTF-8 text. The limits are documented in scenarios/README.md ("Limits").
 */
public final class InputFile {
    /** Scenario, sweep, league, plan and profile files: YAML documents read whole. */
    public static final long MAX_YAML_BYTES = 4L << 20;
    /** Arrival and measurement traces: CSV read line by line. */
    public static final long MAX_TRACE_BYTES = 2L << 30;
    /** How deep YAML mappings and lists may nest (the deepest bundled scenario nests 6). */
    public static final int MAX_NESTING = 50;

    private InputFile() {
    }

    /**
     * Reads a YAML file whole, or throws what {@code error} makes of the problem.
     *
     * @param what the kind of file, for messages ("scenario", "sweep", "profile")
     */
    public static String readYaml(Path file, String what, Function<String, ScenarioException> error) {
        check(file, what, MAX_YAML_BYTES, "YAML", error);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) MAX_YAML_BYTES + 1);
        } catch (IOException e) {
            throw error.apply("cannot read the " + what + " file " + file + ": " + e.getMessage());
        }
        if (bytes.length > MAX_YAML_BYTES) {
            throw error.apply(tooLarge(file, what, MAX_YAML_BYTES));
        }
        return decode(bytes, file, what, error);
    }

    /** Checks a file that is read line by line (a trace): regular and within {@link #MAX_TRACE_BYTES}. */
    public static void checkTrace(Path file, String what, Function<String, ScenarioException> error) {
        check(file, what, MAX_TRACE_BYTES, "CSV", error);
    }

    private static void check(Path file, String what, long limit, String format, Function<String, ScenarioException> error) {
        if (!Files.exists(file)) {
            throw error.apply("no such " + what + " file: " + file);
        }
        if (!Files.isRegularFile(file)) {
            String kind = Files.isDirectory(file) ? "a folder" : "not a regular file (a device, pipe or socket)";
            throw error.apply("the " + what + " file " + file + " is " + kind + "; accepted: a " + format + " text file");
        }
        try {
            if (Files.size(file) > limit) {
                throw error.apply(tooLarge(file, what, limit));
            }
        } catch (IOException e) {
            throw error.apply("cannot read the " + what + " file " + file + ": " + e.getMessage());
        }
    }

    private static String tooLarge(Path file, String what, long limit) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            size = -1;
        }
        return "the " + what + " file " + file + (size > 0 ? " is " + bytes(size) : " is too large") + "; accepted: at most " + bytes(limit)
                + " (a scenario that large is almost surely not one; long arrival lists belong in a trace file, see 'arrival: {process: trace}')";
    }

    private static String bytes(long n) {
        return n >= 1L << 30 ? (n >> 30) + " GiB" : n >= 1L << 20 ? String.format(java.util.Locale.ROOT, "%.1f MiB", n / 1048576.0) : n + " bytes";
    }

    /** Strict UTF-8: a bad byte is reported with its line and byte offset, not replaced. */
    private static String decode(byte[] bytes, Path file, String what, Function<String, ScenarioException> error) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int offset = in.position();
            int line = 1;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw error.apply("the " + what + " file " + file + " is not UTF-8 text: byte " + offset + " (line " + line + ") is 0x"
                    + String.format("%02x", bytes[offset] & 0xff) + "; accepted: UTF-8 text (save the file as UTF-8)");
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
