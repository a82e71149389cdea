package io.dime.sim.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Issue 14's output-folder properties: random trees of a user's files never lose a byte, and a
 * write killed at a random point leaves the earlier folder whole (or the new one, whole), with
 * nothing left behind after the next write. A kill is an {@link Error} thrown at that point: no
 * clean-up code of RunFolder runs past it, as none would under SIGKILL. jqwik prints the seed
 * of a failing try; {@code @Property(seed = "...")} replays it.
 */
class RunFolderPropertiesTest {
    /** Stands for SIGKILL: nothing in RunFolder catches an Error. */
    private static final class Killed extends Error {
        private static final long serialVersionUID = 1L;
    }

    /** A file to write: its path relative to the folder and its text. */
    record Entry(String path, String text) {
    }

    /** Names users and Dime both use, hidden ones and Dime's own marker among them. */
    private static final List<String> NAMES = List.of("summary.json", "results.csv", "points.csv", "league.csv", "nodes.csv", "thesis.txt",
            "report", "chapters", "a", "b.txt", ".hidden", ".dime-output", ".x.tmp-1", "index.html", "charts");

    @Provide
    Arbitrary<List<Entry>> trees() {
        Arbitrary<String> segment = Arbitraries.of(NAMES);
        Arbitrary<String> path = segment.list().ofMinSize(1).ofMaxSize(3).map(s -> String.join("/", s));
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(40);
        return Combinators.combine(path, text).as(Entry::new).list().ofMinSize(1).ofMaxSize(12);
    }

    /** Writes the entries that fit (a later entry under an earlier file's name is skipped); returns what was written. */
    private static List<Entry> plant(Path root, List<Entry> entries) throws IOException {
        List<Entry> planted = new ArrayList<>();
        for (Entry e : entries) {
            Path file = root.resolve(e.path());
            try {
                Files.createDirectories(file.getParent());
                if (Files.isDirectory(file)) {
                    continue;
                }
                Files.writeString(file, e.text(), StandardCharsets.UTF_8);
                planted.add(e);
            } catch (java.nio.file.FileSystemException clash) {
                // a segment is already a file: this entry cannot exist beside it
            }
        }
        return planted;
    }

    private static Map<String, String> files(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.exists(root)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private static RunFolder.Writer writerOf(List<Entry> entries, int killAfter) {
        return dir -> {
            int written = 0;
            for (Entry e : entries) {
                if (written == killAfter) {
                    throw new Killed();
                }
                Path file = dir.resolve(e.path());
                if (e.path().startsWith(RunFolder.MARKER) || e.path().contains(".tmp-")) {
                    continue; // Dime's writers write neither
                }
                try {
                    Files.createDirectories(file.getParent());
                    if (!Files.isDirectory(file)) {
                        Files.writeString(file, e.text(), StandardCharsets.UTF_8);
                        written++;
                    }
                } catch (java.nio.file.FileSystemException clash) {
                    // skipped as in plant
                }
            }
        };
    }

    private static List<String> siblings(Path parent) throws IOException {
        try (Stream<Path> list = Files.list(parent)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Property
    void aTreeOfTheUsersFilesNeverLosesAByte(@ForAll("trees") List<Entry> users, @ForAll("trees") List<Entry> run, @ForAll boolean insideADimeFolder)
            throws IOException {
        Path parent = Files.createTempDirectory("dime-prop");
        try {
            Path target = parent.resolve("out");
            if (insideADimeFolder) {
                RunFolder.write(target, writerOf(run, Integer.MAX_VALUE)); // a run of Dime's, then the user adds files to it
            }
            Map<String, String> dimes = files(target);
            List<Entry> planted = plant(target, users);
            Map<String, String> before = files(target);
            boolean refused;
            try {
                RunFolder.write(target, writerOf(run, Integer.MAX_VALUE));
                refused = false;
            } catch (OutputRefusedException e) {
                refused = true;
            }
            if (refused) {
                assertEquals(before, files(target), "a refused write changes nothing");
            } else {
                for (String name : before.keySet()) {
                    boolean written = dimes.containsKey(name) && !name.equals(RunFolder.MARKER);
                    boolean emptyMarker = name.equals(RunFolder.MARKER) && (before.get(name).isEmpty() || before.get(name).equals(dimes.get(name)));
                    assertTrue(written || emptyMarker, "replaced a folder holding the user's " + name + " (" + planted + ")");
                }
            }
            boolean untouched = dimes.keySet().containsAll(before.keySet()) && java.util.Objects.equals(before.get(RunFolder.MARKER), dimes.get(RunFolder.MARKER));
            assertTrue(!refused || !untouched, "a folder Dime wrote, that nobody added to, is replaced");
            assertEquals(List.of("out"), siblings(parent), "nothing left beside it");
        } finally {
            RunFolder.deleteTree(parent);
        }
    }

    @Property
    void aWriteKilledAnywhereLeavesTheEarlierFolderOrTheNewOneWhole(@ForAll("trees") List<Entry> earlier, @ForAll("trees") List<Entry> later,
            @ForAll @IntRange(min = 0, max = 16) int killAt, @ForAll @IntRange(min = 0, max = 2) int neighbours) throws IOException {
        Path parent = Files.createTempDirectory("dime-prop");
        try {
            for (int i = 0; i < neighbours; i++) {
                Files.writeString(parent.resolve("user-" + i + ".txt"), "the user's file " + i); // beside the output folder
            }
            Files.createDirectories(parent.resolve(".out.tmp-users"));
            Files.writeString(parent.resolve(".out.tmp-users/mine.txt"), "looks like a leftover, is the user's");
            Path target = parent.resolve("out");
            RunFolder.write(target, writerOf(earlier, Integer.MAX_VALUE));
            Map<String, String> old = files(target);
            Path reference = parent.resolve("reference");
            RunFolder.write(reference, writerOf(later, Integer.MAX_VALUE));
            Map<String, String> fresh = files(reference);
            RunFolder.deleteTree(reference);
            // killAt 0..11: inside the writer, after that many files; 12..15: at the steps between the moves
            boolean killed = true;
            try {
                if (killAt < 12) {
                    RunFolder.write(target, writerOf(later, killAt));
                } else {
                    int step = killAt - 11;
                    RunFolder.write(target, writerOf(later, Integer.MAX_VALUE), reached -> {
                        if (reached == step) {
                            throw new Killed();
                        }
                    });
                }
                killed = false;
            } catch (Killed expected) {
                // the process died here
            }
            RunFolder.checkWritable(target); // the next command's first look: it puts back what a kill moved aside
            Map<String, String> now = files(target);
            assertTrue(now.equals(old) || now.equals(fresh), "after a kill at " + killAt + " the folder is the earlier run or the new one, whole");
            assertTrue(killed || now.equals(fresh));
            RunFolder.write(target, writerOf(earlier, Integer.MAX_VALUE));
            assertEquals(old, files(target), "the next write works and replaces it");
            List<String> expected = new ArrayList<>(List.of(".out.tmp-users", "out"));
            for (int i = 0; i < neighbours; i++) {
                expected.add("user-" + i + ".txt");
            }
            assertEquals(expected.stream().sorted().toList(), siblings(parent), "no leftovers of Dime's, every file of the user's");
            assertArrayEquals("looks like a leftover, is the user's".getBytes(StandardCharsets.UTF_8),
                    Files.readAllBytes(parent.resolve(".out.tmp-users/mine.txt")));
        } finally {
            RunFolder.deleteTree(parent);
        }
    }
}
