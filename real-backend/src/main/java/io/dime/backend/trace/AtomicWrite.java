package io.dime.backend.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a text file through a temporary file beside it, moved into place: a reader never sees
 * half a file. A file is replaced only when Dime wrote it: its first line starts with the
 * signature that its writer puts first (a trace's, a profile's); any other existing file, a
 * folder or a link is refused, so {@code --out thesis.txt} loses nothing.
 */
public final class AtomicWrite {
    private AtomicWrite() {
    }

    /** Refuses, before a long measurement, a target that {@link #text} would refuse. */
    public static void checkReplaceable(Path file, String signature) {
        Path absolute = file.toAbsolutePath().normalize();
        if (Files.isSymbolicLink(absolute) || (Files.exists(absolute) && !Files.isRegularFile(absolute))) {
            throw new io.dime.sim.output.OutputRefusedException("will not write " + file + ": it exists and is not a plain file; accepted: a new file, or one Dime wrote");
        }
        if (!Files.exists(absolute)) {
            return;
        }
        String first;
        try (java.io.InputStream in = Files.newInputStream(absolute)) {
            first = new String(in.readNBytes(4096), StandardCharsets.UTF_8).lines().findFirst().orElse(null);
        } catch (IOException e) {
            first = null;
        }
        if (first == null || !first.startsWith(signature)) {
            throw new io.dime.sim.output.OutputRefusedException("will not overwrite " + file + ": Dime did not write it (its first line is not '" + signature
                    + "'); accepted: a new file, or one Dime wrote; give another --out");
        }
    }

    /** Writes {@code text}, which must begin with {@code signature}, replacing only a file that begins with it too. */
    public static void text(Path file, CharSequence text, String signature) {
        if (!text.toString().startsWith(signature)) {
            throw new IllegalArgumentException("a file Dime writes starts with its signature '" + signature + "'");
        }
        checkReplaceable(file, signature);
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temporary = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
            try {
                Files.writeString(temporary, text, StandardCharsets.UTF_8);
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
