package io.dime.sim.output;

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
import java.util.regex.Pattern;
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
    private static final String LEGACY_MARKER_TEXT = "written by dime; a folder with this file may be replaced by the next run\n";
    /** The first line of a staging folder's marker, written before anything else goes in. */
    static final String STAGING_HEADER = "dime staging folder: removed by the next write of the same output folder";
    /** A name Dime takes from a file (a scenario's, a sweep's): one path segment of safe characters. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /** Fills a folder. */
    @FunctionalInterface
    public interface Writer {
        void writeInto(Path folder) throws IOException;
    }

    private RunFolder() {
    }

    /** Whether {@code name} can name an output folder: one path segment of letters, digits, '.', '_' and '-', not starting with '.'. */
    public static boolean isSafeName(String name) {
        return name != null && SAFE_NAME.matcher(name).matches();
    }

    /** What a name taken from a file must be, for error messages. */
    public static final String SAFE_NAME_RULE = "one path segment of 1 to 100 letters, digits, '.', '_' and '-', starting with a letter or digit";

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
                writeManifest(temporary);
            } catch (IOException | RuntimeException e) {
                deleteTree(temporary);
                throw e;
            }
            step.accept(STAGED);
            listInParent(absolute);
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
            Set<String> listed = new LinkedHashSet<>(readManifest(absolute).orElse(List.of()));
            listed.addAll(entries);
            writeManifestLines(absolute, MANIFEST_HEADER, listed);
            listInParent(absolute);
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
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return firstForeign(folder, "");
    }

    private static Optional<String> firstForeign(Path folder, String prefix) throws IOException {
        List<Path> entries = sortedEntries(folder);
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        Optional<List<String>> manifest = readManifest(folder);
        if (manifest.isEmpty()) {
            for (Path entry : entries) {
                boolean isDir = Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS);
                if (!entry.getFileName().toString().equals(MARKER) || !Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    return Optional.of(prefix + entry.getFileName() + (isDir ? "/" : ""));
                }
            }
            // Only a marker: a folder of ours with nothing in it, or one that an older Dime or a person
            // marked; a marker with text of the user's in it is the user's.
            String text = Files.size(folder.resolve(MARKER)) > 4096 ? "?" : Files.readString(folder.resolve(MARKER), StandardCharsets.ISO_8859_1);
            boolean ours = text.isEmpty() || text.equals(LEGACY_MARKER_TEXT) || text.equals(STAGING_HEADER + "\n") || text.equals(MANIFEST_HEADER + "\n");
            return ours ? Optional.empty() : Optional.of(prefix + MARKER);
        }
        Set<String> listed = new LinkedHashSet<>(manifest.get());
        return firstUnlisted(folder, folder, listed, prefix);
    }

    /** Walks {@code dir} (inside the manifest's {@code root}): every entry must be listed, or be a folder of Dime's own. */
    private static Optional<String> firstUnlisted(Path root, Path dir, Set<String> listed, String prefix) throws IOException {
        for (Path entry : sortedEntries(dir)) {
            String relative = root.relativize(entry).toString().replace('\\', '/');
            if (dir.equals(root) && (relative.equals(MARKER) || relative.equals(MARKER + ".tmp"))) {
                continue;
            }
            boolean isDir = Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS);
            if (isDir && listed.contains(relative + "/**")) {
                continue; // a folder another library fills (Spark's Parquet files), all of it Dime's
            }
            if (isDir && isStaging(entry)) {
                continue; // a killed nested write; removed by the next write of that folder
            }
            if (isDir && listed.contains(relative + "/") && readManifest(entry).isPresent()) {
                Optional<String> inner = firstForeign(entry, prefix + relative + "/");
                if (inner.isPresent()) {
                    return inner;
                }
                continue;
            }
            if (!listed.contains(isDir ? relative + "/" : relative)) {
                return Optional.of(prefix + relative + (isDir ? "/" : ""));
            }
            if (isDir) {
                Optional<String> inner = firstUnlisted(root, entry, listed, prefix);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }

    private static List<Path> sortedEntries(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().toList();
        }
    }

    /** The manifest's entries, or empty when the folder has no marker or its marker is not a manifest. */
    private static Optional<List<String>> readManifest(Path folder) throws IOException {
        Path marker = folder.resolve(MARKER);
        if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS) || Files.size(marker) > 64L << 20) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(marker, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            return Optional.empty();
        }
        if (lines.isEmpty() || !lines.get(0).equals(MANIFEST_HEADER)) {
            return Optional.empty();
        }
        return Optional.of(lines.subList(1, lines.size()).stream().filter(l -> !l.isEmpty()).toList());
    }

    private static boolean isStaging(Path dir) {
        String name = dir.getFileName().toString();
        if (!name.startsWith(".") || !(name.contains(".tmp-") || name.contains(".old-"))) {
            return false;
        }
        Path marker = dir.resolve(MARKER);
        try {
            if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS) || Files.size(marker) > 64L << 20) {
                return false;
            }
            String first = Files.readAllLines(marker, StandardCharsets.UTF_8).stream().findFirst().orElse("");
            if (first.equals(STAGING_HEADER)) {
                return true;
            }
            return first.equals(MANIFEST_HEADER) && firstForeign(dir, "").isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** Lists what the writer put into a staging folder, replacing its staging marker with the manifest. */
    private static void writeManifest(Path folder) throws IOException {
        List<String> entries = new ArrayList<>();
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (!dir.equals(folder)) {
                    entries.add(folder.relativize(dir).toString().replace('\\', '/') + "/");
                    try {
                        if (readManifest(dir).isPresent()) {
                            return FileVisitResult.SKIP_SUBTREE; // a folder of its own, with its own manifest
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String relative = folder.relativize(file).toString().replace('\\', '/');
                if (!relative.equals(MARKER)) {
                    entries.add(relative);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        java.util.Collections.sort(entries); // the same files give the same marker, whatever the directory order
        writeManifestLines(folder, MANIFEST_HEADER, entries);
    }

    /** Replaces the marker through a temporary file, so a kill leaves the old list or the new one. */
    private static void writeManifestLines(Path folder, String header, java.util.Collection<String> entries) throws IOException {
        StringBuilder text = new StringBuilder(header).append('\n');
        entries.forEach(e -> text.append(e).append('\n'));
        Path temporary = folder.resolve(MARKER + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        move(temporary, folder.resolve(MARKER));
    }

    /**
     * A folder written inside a folder of Dime's (a report inside a run) is listed in the outer
     * manifest before it appears, so the outer folder stays replaceable.
     */
    private static void listInParent(Path absolute) throws IOException {
        Path parent = absolute.getParent();
        Optional<List<String>> manifest = readManifest(parent);
        String entry = absolute.getFileName() + "/";
        if (manifest.isPresent() && !manifest.get().contains(entry)) {
            List<String> entries = new ArrayList<>(manifest.get());
            entries.add(entry);
            writeManifestLines(parent, MANIFEST_HEADER, entries);
        }
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
            if (!Files.isDirectory(leftover, LinkOption.NOFOLLOW_LINKS) || !(isStaging(leftover) || holdsNothing(leftover))) {
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

    /**
     * A staging folder killed between its creation and its marker: empty, or holding only a
     * marker cut short. Removing it loses nothing.
     */
    private static boolean holdsNothing(Path dir) throws IOException {
        List<Path> entries = sortedEntries(dir);
        if (entries.isEmpty()) {
            return true;
        }
        if (entries.size() > 1 || !entries.get(0).getFileName().toString().equals(MARKER) || !Files.isRegularFile(entries.get(0), LinkOption.NOFOLLOW_LINKS)
                || Files.size(entries.get(0)) > STAGING_HEADER.length() + 1) {
            return false;
        }
        return (STAGING_HEADER + "\n").startsWith(Files.readString(entries.get(0), StandardCharsets.ISO_8859_1));
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
            String why = readManifest(absolute).isPresent() ? "its " + MARKER + " manifest does not list it"
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

    private static void move(Path from, Path to) throws IOException {
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
