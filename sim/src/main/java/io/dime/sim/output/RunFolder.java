package io.dime.sim.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Writes a folder all at once: files go into a hidden sibling folder, which replaces the
 * target only when everything is written. An earlier folder is moved aside first and deleted
 * last, so at every instant the target is either the old run or the new one, whole.
 *
 * <p>Only a folder Dime wrote is ever replaced: every folder written here holds a {@value #MARKER}
 * file, and one without it (and without the files older versions of Dime wrote) that holds
 * anything is refused, so {@code --out runs} or {@code --out ~} cannot delete a user's files.
 */
public final class RunFolder {
    /** The file that marks a folder as written by Dime, and so replaceable. */
    public static final String MARKER = ".dime-output";
    /** What folders written before the marker existed hold: one of these makes a folder Dime's. */
    private static final java.util.List<String> EARLIER_OUTPUT = java.util.List.of(
            "summary.json", "schemes.csv", "comparison.csv", "league.csv", "replay.csv", "results.csv");
    /** Fills a folder. */
    @FunctionalInterface
    public interface Writer {
        void writeInto(Path folder) throws IOException;
    }

    private RunFolder() {
    }

    public static void write(Path target, Writer writer) {
        Path absolute = target.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        if (parent == null || absolute.getFileName() == null) {
            throw new IllegalArgumentException("cannot write a run folder at " + target + "; give a folder below it, e.g. runs/NAME");
        }
        String stamp = Long.toString(System.nanoTime(), 36);
        Path temporary = parent.resolve("." + absolute.getFileName() + ".tmp-" + stamp);
        Path previous = parent.resolve("." + absolute.getFileName() + ".old-" + stamp);
        try {
            Files.createDirectories(parent);
            refuseForeignFolder(absolute, target);
            Files.createDirectory(temporary);
            try {
                Files.writeString(temporary.resolve(MARKER), "written by dime; a folder with this file may be replaced by the next run\n");
                writer.writeInto(temporary);
            } catch (IOException | RuntimeException e) {
                deleteTree(temporary);
                throw e;
            }
            boolean hadPrevious = Files.exists(absolute);
            if (hadPrevious) {
                move(absolute, previous);
            }
            try {
                move(temporary, absolute);
            } catch (IOException e) {
                if (hadPrevious) {
                    move(previous, absolute);
                }
                throw e;
            }
            if (hadPrevious) {
                deleteTree(previous);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + reason(e), e);
        }
    }

    /**
     * Checks before a long run that the folder can be written there, so a mistake in the
     * path fails in a second, not after the simulation.
     */
    public static void checkWritable(Path target) {
        Path absolute = target.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        if (parent == null || absolute.getFileName() == null) {
            throw new IllegalArgumentException("cannot write a run folder at " + target + "; give a folder below it, e.g. runs/NAME");
        }
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new IllegalArgumentException("cannot write the run folder " + target + ": a file of that name exists");
        }
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the folder " + parent + " for the run: " + reason(e));
        }
        if (!Files.isWritable(parent)) {
            throw new IllegalArgumentException("cannot write the run folder " + target + ": " + parent + " is not writable");
        }
        try {
            refuseForeignFolder(absolute, target);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the folder " + target + ": " + reason(e));
        }
    }

    /** An existing folder that holds files and was not written by Dime is never replaced. */
    private static void refuseForeignFolder(Path absolute, Path target) throws IOException {
        if (!Files.isDirectory(absolute) || Files.exists(absolute.resolve(MARKER))) {
            return;
        }
        for (String earlier : EARLIER_OUTPUT) {
            if (Files.isRegularFile(absolute.resolve(earlier))) {
                return;
            }
        }
        try (java.util.stream.Stream<Path> entries = Files.list(absolute)) {
            java.util.List<String> some = entries.limit(3).map(p -> p.getFileName().toString()).toList();
            if (!some.isEmpty()) {
                throw new IllegalArgumentException("will not replace " + target + ": it holds files Dime did not write (" + String.join(", ", some)
                        + (some.size() == 3 ? ", ..." : "") + "), and writing a run there would delete them; accepted: a new folder, an empty one,"
                        + " or one Dime wrote (it holds " + MARKER + "), e.g. --out " + target.resolve("run"));
            }
        }
    }

    /** What went wrong, in words: Java's file exceptions often carry only the path. */
    private static String reason(IOException e) {
        if (e instanceof java.nio.file.FileAlreadyExistsException f) {
            return f.getFile() + " exists and is not a folder";
        }
        if (e instanceof java.nio.file.NotDirectoryException f) {
            return f.getFile() + " is not a folder";
        }
        if (e instanceof java.nio.file.AccessDeniedException f) {
            return "permission denied for " + f.getFile();
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason() + " (" + f.getFile() + ")";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
