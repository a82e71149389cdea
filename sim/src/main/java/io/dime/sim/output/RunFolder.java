package io.dime.sim.output;

import io.dime.sim.input.SafeName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a folder all at once: files go into a hidden sibling staging folder, which replaces the
 * target only when everything is written. An earlier folder is moved aside first and deleted
 * last, so at every instant the target is either the old run or the new one, whole.
 *
 * <p>Only a folder Dime wrote is ever replaced. Every folder written here holds a {@value #MARKER}
 * file whose lines list, after its first line, every file and folder Dime put there (a
 * manifest). An existing folder is replaced only when it is empty, or when its marker is such a
 * manifest and every entry in the folder is listed in it; anything else (no marker, an empty or
 * hand-made marker, one file the user added) is refused, naming the first file Dime did not
 * write. A folder inside that holds its own marker (a report) is checked by its own manifest.
 *
 * <p>A run killed while staging leaves a {@code .NAME.tmp-*} sibling; one killed between the
 * two moves leaves the earlier folder at {@code .NAME.old-*}. The next write of the same target
 * removes the first and puts the second back, before anything else.
 */
public final class RunFolder {
    /** The file that marks a folder as written by Dime and lists what Dime wrote there. */
    public static final String MARKER = ".dime-output";
    /** The marker's first line: what makes it a manifest; a marker without it owns nothing. */
    static final String MANIFEST_HEADER = "dime output folder v2: every entry below was written by dime; only a folder holding nothing else is replaced";
    /** What the marker of a Dime before the manifest held (a folder holding only it is empty of the user's files). */
    static final String LEGACY_MARKER_TEXT = "written by dime; a folder with this file may be replaced by the next run\n";
    /** The first line of a staging folder's marker, written before anything else goes in. */
    static final String STAGING_HEADER = "dime staging folder: removed by the next write of the same output folder";

    /** Fills a folder. */
    @FunctionalInterface
    public interface Writer {
        void writeInto(Path folder) throws IOException;
    }

    private RunFolder() {
    }

    /** Whether {@code name} can name an output folder: one path segment of letters, digits, '.', '_' and '-', not starting with '.'. */
    public static boolean isSafeName(String name) {
        return SafeName.isSafe(name);
    }

    /** What a name taken from a file must be, for error messages. */
    public static final String SAFE_NAME_RULE = SafeName.RULE;

    public static void write(Path target, Writer writer) {
        write(target, writer, step -> { });
    }

    /** The points between the steps of a write where a kill is tested: staged, listed in the parent, earlier moved aside, new moved in. */
    static final int STAGED = 1;
    static final int LISTED = 2;
    static final int MOVED_ASIDE = 3;
    static final int MOVED_IN = 4;

    /** As {@link #write(Path, Writer)}, telling {@code step} each point reached (tests throw there to stand for a kill). */
    static void write(Path target, Writer writer, java.util.function.IntConsumer step) {
        Path absolute = checkedTarget(target);
        Path parent = absolute.getParent();
        String stamp = Long.toString(System.nanoTime(), 36);
        Path temporary = parent.resolve("." + absolute.getFileName() + ".tmp-" + stamp);
        Path previous = parent.resolve("." + absolute.getFileName() + ".old-" + stamp);
        try {
            Files.createDirectories(parent);
            recover(absolute);
            refuseForeignFolder(absolute, target);
            Files.createDirectory(temporary);
            try {
                Files.writeString(temporary.resolve(MARKER), STAGING_HEADER + "\n", StandardCharsets.UTF_8);
                writer.writeInto(temporary);
                Manifest.writeManifest(temporary);
            } catch (IOException | RuntimeException e) {
                deleteTree(temporary);
                throw e;
            }
            step.accept(STAGED);
            Manifest.listInParent(absolute);
            step.accept(LISTED);
            boolean hadPrevious = Files.exists(absolute, LinkOption.NOFOLLOW_LINKS);
            if (hadPrevious) {
                move(absolute, previous);
            }
            step.accept(MOVED_ASIDE);
            try {
                move(temporary, absolute);
            } catch (IOException e) {
                if (hadPrevious) {
                    move(previous, absolute);
                }
                throw e;
            }
            step.accept(MOVED_IN);
            if (hadPrevious) {
                deleteTree(previous);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + reason(e), e);
        }
    }

    /**
     * Takes a folder that Dime fills in place, file by file (a sweep's resumable results): it is
     * created with a manifest listing {@code entries} if it is missing or empty, kept if Dime
     * wrote everything in it, refused otherwise. The entries are listed before any is written,
     * so a kill at any moment leaves nothing unlisted.
     */
    public static void claim(Path target, List<String> entries) {
        Path absolute = checkedTarget(target);
        try {
            Files.createDirectories(absolute.getParent());
            recover(absolute);
            refuseForeignFolder(absolute, target);
            Files.createDirectories(absolute);
            Set<String> listed = new LinkedHashSet<>(Manifest.readManifest(absolute).orElse(List.of()));
            listed.addAll(entries);
            Manifest.writeManifestLines(absolute, MANIFEST_HEADER, listed);
            Manifest.listInParent(absolute);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + reason(e), e);
        }
    }

    /**
     * Checks before a long run that the folder can be written there, so a mistake in the
     * path fails in a second, not after the simulation.
     */
    public static void checkWritable(Path target) {
        Path absolute = checkedTarget(target);
        Path parent = absolute.getParent();
        if (Files.isDirectory(parent)) {
            try {
                recover(absolute);
            } catch (IOException e) {
                throw new OutputRefusedException("cannot tidy what a killed run left beside " + target + ": " + reason(e));
            }
        }
        if (Files.exists(absolute) && !Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS)) {
            throw new OutputRefusedException("cannot write the run folder " + target + ": a file of that name exists (or a link); accepted: a new folder, an empty one, or one Dime wrote");
        }
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new OutputRefusedException("cannot create the folder " + parent + " for the run: " + reason(e));
        }
        if (!Files.isWritable(parent)) {
            throw new OutputRefusedException("cannot write the run folder " + target + ": " + parent + " is not writable");
        }
        try {
            refuseForeignFolder(absolute, target);
        } catch (IOException e) {
            throw new OutputRefusedException("cannot read the folder " + target + ": " + reason(e));
        }
    }

    /** The first entry under {@code folder} that Dime did not write, as a path relative to it; empty if Dime wrote all. */
    public static Optional<String> firstForeignEntry(Path folder) throws IOException {
        return Manifest.firstForeignEntry(folder);
    }

    /** Removes what a killed write of {@code absolute} left beside it, and puts back an earlier folder moved aside. */
    private static void recover(Path absolute) throws IOException {
        Path parent = absolute.getParent();
        String prefix = "." + absolute.getFileName();
        List<Path> leftovers;
        try (Stream<Path> list = Files.list(parent)) {
            leftovers = list.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(prefix + ".tmp-") || name.startsWith(prefix + ".old-");
            }).sorted().toList();
        }
        for (Path leftover : leftovers) {
            if (!Files.isDirectory(leftover, LinkOption.NOFOLLOW_LINKS) || !(Manifest.isStaging(leftover) || Manifest.holdsNothing(leftover))) {
                continue; // not ours: left alone
            }
            boolean moved = leftover.getFileName().toString().startsWith(prefix + ".old-");
            if (moved && !Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
                move(leftover, absolute);
            } else {
                deleteTree(leftover);
            }
        }
    }

    private static Path checkedTarget(Path target) {
        Path absolute = target.toAbsolutePath().normalize();
        if (absolute.getParent() == null || absolute.getFileName() == null) {
            throw new OutputRefusedException("cannot write a run folder at " + target + "; give a folder below it, e.g. runs/NAME");
        }
        return absolute;
    }

    /** An existing folder that holds anything Dime did not write is never replaced. */
    private static void refuseForeignFolder(Path absolute, Path target) throws IOException {
        if (Files.isSymbolicLink(absolute)) {
            throw new OutputRefusedException("will not write " + target + ": it is a symbolic link; accepted: a new folder, an empty one, or one Dime wrote");
        }
        Optional<String> foreign = firstForeignEntry(absolute);
        if (foreign.isPresent()) {
            String why = Manifest.readManifest(absolute).isPresent() ? "its " + MARKER + " manifest does not list it"
                    : Files.exists(absolute.resolve(MARKER), LinkOption.NOFOLLOW_LINKS)
                            ? "its " + MARKER + " is no manifest of Dime's: made by hand, or by a Dime older than this one; delete the folder yourself if it holds only old output"
                            : "the folder has no " + MARKER + " manifest";
            throw new OutputRefusedException("will not replace " + target + ": it holds " + foreign.get() + ", which Dime did not write ("
                    + why + "), and writing there would delete it; accepted: a new folder, an empty one,"
                    + " or one Dime wrote and nobody added to, e.g. --out " + target.resolve("run"));
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

    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes a tree without following links out of it. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
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
