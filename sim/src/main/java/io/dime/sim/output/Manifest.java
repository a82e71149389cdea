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
 * The manifest in a {@value RunFolder#MARKER} file: what Dime wrote in a folder, read, written
 * and checked against what the folder holds, so that only Dime's own files are ever replaced.
 */
final class Manifest {
    private Manifest() {
    }

    /** The first entry under {@code folder} that Dime did not write, as a path relative to it; empty if Dime wrote all. */
    static Optional<String> firstForeignEntry(Path folder) throws IOException {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return firstForeign(folder, "");
    }

    static Optional<String> firstForeign(Path folder, String prefix) throws IOException {
        List<Path> entries = sortedEntries(folder);
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        Optional<List<String>> manifest = readManifest(folder);
        if (manifest.isEmpty()) {
            for (Path entry : entries) {
                boolean isDir = Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS);
                if (!entry.getFileName().toString().equals(RunFolder.MARKER) || !Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    return Optional.of(prefix + entry.getFileName() + (isDir ? "/" : ""));
                }
            }
            // Only a marker: a folder of ours with nothing in it, or one that an older Dime or a person
            // marked; a marker with text of the user's in it is the user's.
            String text = Files.size(folder.resolve(RunFolder.MARKER)) > 4096 ? "?" : Files.readString(folder.resolve(RunFolder.MARKER), StandardCharsets.ISO_8859_1);
            boolean ours = text.isEmpty() || text.equals(RunFolder.LEGACY_MARKER_TEXT) || text.equals(RunFolder.STAGING_HEADER + "\n") || text.equals(RunFolder.MANIFEST_HEADER + "\n");
            return ours ? Optional.empty() : Optional.of(prefix + RunFolder.MARKER);
        }
        Set<String> listed = new LinkedHashSet<>(manifest.get());
        return firstUnlisted(folder, folder, listed, prefix);
    }

    /** Walks {@code dir} (inside the manifest's {@code root}): every entry must be listed, or be a folder of Dime's own. */
    static Optional<String> firstUnlisted(Path root, Path dir, Set<String> listed, String prefix) throws IOException {
        for (Path entry : sortedEntries(dir)) {
            String relative = root.relativize(entry).toString().replace('\\', '/');
            if (dir.equals(root) && (relative.equals(RunFolder.MARKER) || relative.equals(RunFolder.MARKER + ".tmp"))) {
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

    static List<Path> sortedEntries(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().toList();
        }
    }

    /** The manifest's entries, or empty when the folder has no marker or its marker is not a manifest. */
    static Optional<List<String>> readManifest(Path folder) throws IOException {
        Path marker = folder.resolve(RunFolder.MARKER);
        if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS) || Files.size(marker) > 64L << 20) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(marker, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            return Optional.empty();
        }
        if (lines.isEmpty() || !lines.get(0).equals(RunFolder.MANIFEST_HEADER)) {
            return Optional.empty();
        }
        return Optional.of(lines.subList(1, lines.size()).stream().filter(l -> !l.isEmpty()).toList());
    }

    static boolean isStaging(Path dir) {
        String name = dir.getFileName().toString();
        if (!name.startsWith(".") || !(name.contains(".tmp-") || name.contains(".old-"))) {
            return false;
        }
        Path marker = dir.resolve(RunFolder.MARKER);
        try {
            if (!Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS) || Files.size(marker) > 64L << 20) {
                return false;
            }
            String first = Files.readAllLines(marker, StandardCharsets.UTF_8).stream().findFirst().orElse("");
            if (first.equals(RunFolder.STAGING_HEADER)) {
                return true;
            }
            return first.equals(RunFolder.MANIFEST_HEADER) && firstForeign(dir, "").isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** Lists what the writer put into a staging folder, replacing its staging marker with the manifest. */
    static void writeManifest(Path folder) throws IOException {
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
                if (!relative.equals(RunFolder.MARKER)) {
                    entries.add(relative);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        java.util.Collections.sort(entries); // the same files give the same marker, whatever the directory order
        writeManifestLines(folder, RunFolder.MANIFEST_HEADER, entries);
    }

    /** Replaces the marker through a temporary file, so a kill leaves the old list or the new one. */
    static void writeManifestLines(Path folder, String header, java.util.Collection<String> entries) throws IOException {
        StringBuilder text = new StringBuilder(header).append('\n');
        entries.forEach(e -> text.append(e).append('\n'));
        Path temporary = folder.resolve(RunFolder.MARKER + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        RunFolder.move(temporary, folder.resolve(RunFolder.MARKER));
    }

    /**
     * A folder written inside a folder of Dime's (a report inside a run) is listed in the outer
     * manifest before it appears, so the outer folder stays replaceable.
     */
    static void listInParent(Path absolute) throws IOException {
        Path parent = absolute.getParent();
        Optional<List<String>> manifest = readManifest(parent);
        String entry = absolute.getFileName() + "/";
        if (manifest.isPresent() && !manifest.get().contains(entry)) {
            List<String> entries = new ArrayList<>(manifest.get());
            entries.add(entry);
            writeManifestLines(parent, RunFolder.MANIFEST_HEADER, entries);
        }
    }

    /**
     * A staging folder killed between its creation and its marker: empty, or holding only a
     * marker cut short. Removing it loses nothing.
     */
    static boolean holdsNothing(Path dir) throws IOException {
        List<Path> entries = sortedEntries(dir);
        if (entries.isEmpty()) {
            return true;
        }
        if (entries.size() > 1 || !entries.get(0).getFileName().toString().equals(RunFolder.MARKER) || !Files.isRegularFile(entries.get(0), LinkOption.NOFOLLOW_LINKS)
                || Files.size(entries.get(0)) > RunFolder.STAGING_HEADER.length() + 1) {
            return false;
        }
        return (RunFolder.STAGING_HEADER + "\n").startsWith(Files.readString(entries.get(0), StandardCharsets.ISO_8859_1));
    }
}
