package io.dime.sim.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {
    @TempDir
    Path temp;

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Every file under {@code root}, by relative path, with its bytes. */
    private static Map<String, byte[]> snapshot(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private static void assertSameTree(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            assertArrayEquals(expected.get(name), actual.get(name), name);
        }
    }

    /** Names in the parent folder; no hidden .tmp- or .old- folders may be left there. */
    private List<String> siblings() throws IOException {
        try (Stream<Path> list = Files.list(temp)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writeCreatesTheFolderWithTheFiles() throws IOException {
        Path target = temp.resolve("run");
        RunFolder.write(target, dir -> {
            write(dir.resolve("summary.json"), "{}\n");
            write(dir.resolve("nodes.csv"), "a,b\n");
            write(dir.resolve("sub/deep.txt"), "deep");
        });
        assertTrue(Files.isDirectory(target));
        assertEquals("{}\n", Files.readString(target.resolve("summary.json")));
        assertEquals("a,b\n", Files.readString(target.resolve("nodes.csv")));
        assertEquals("deep", Files.readString(target.resolve("sub/deep.txt")));
        assertEquals(List.of("run"), siblings());
    }

    @Test
    void writeCreatesMissingParentFolders() throws IOException {
        Path target = temp.resolve("a/b/run");
        RunFolder.write(target, dir -> write(dir.resolve("x.txt"), "x"));
        assertEquals("x", Files.readString(target.resolve("x.txt")));
    }

    @Test
    void secondWriteReplacesTheFolderWhole() throws IOException {
        Path target = temp.resolve("run");
        RunFolder.write(target, dir -> {
            write(dir.resolve("summary.json"), "old");
            write(dir.resolve("stale.csv"), "only in the first run");
            write(dir.resolve("olddir/inner.txt"), "old inner");
        });
        RunFolder.write(target, dir -> write(dir.resolve("summary.json"), "new"));

        assertEquals("new", Files.readString(target.resolve("summary.json")));
        assertFalse(Files.exists(target.resolve("stale.csv")), "a file the new writer does not write is gone");
        assertFalse(Files.exists(target.resolve("olddir")), "a folder the new writer does not write is gone");
        assertEquals(List.of("run"), siblings(), "no hidden .tmp-/.old- folders are left behind");
    }

    @Test
    void aFolderOfTheUsersFilesIsNeverReplaced() throws IOException {
        Path target = temp.resolve("run");
        write(target.resolve("handmade.txt"), "by hand");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunFolder.write(target, dir -> write(dir.resolve("summary.json"), "new")));
        assertTrue(e.getMessage().contains("it holds handmade.txt, which Dime did not write"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RunFolder.checkWritable(target), "refused before a run, too");
        assertEquals("by hand", Files.readString(target.resolve("handmade.txt")));
        assertEquals(List.of("run"), siblings(), "nothing left beside it");
    }

    @Test
    void aFolderDimeWroteAndAnEmptyOneAreReplaced() throws IOException {
        Path target = temp.resolve("run");
        RunFolder.write(target, dir -> write(dir.resolve("nodes.csv"), "first"));
        assertTrue(Files.readString(target.resolve(RunFolder.MARKER)).contains("\nnodes.csv\n"), "the marker lists what Dime wrote");
        RunFolder.write(target, dir -> write(dir.resolve("nodes.csv"), "second"));
        assertEquals("second", Files.readString(target.resolve("nodes.csv")));
        Path empty = temp.resolve("empty");
        Files.createDirectories(empty);
        RunFolder.write(empty, dir -> write(dir.resolve("nodes.csv"), "x"));
        assertEquals("x", Files.readString(empty.resolve("nodes.csv")));
    }

    /** Issue 14, case 1: a folder holding files with the names Dime writes is not therefore Dime's. */
    @Test
    void filesNamedLikeDimesOutputDoNotMakeAFolderDimes() throws IOException {
        for (String name : List.of("summary.json", "results.csv", "comparison.csv", "schemes.csv", "league.csv", "replay.csv")) {
            Path target = temp.resolve("user-" + name);
            write(target.resolve("thesis.txt"), "years of work");
            write(target.resolve("chapters/one.txt"), "chapter one");
            write(target.resolve(name), "the user's own " + name);
            Map<String, byte[]> before = snapshot(target);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunFolder.write(target, dir -> write(dir.resolve("summary.json"), "new")));
            assertTrue(e.getMessage().contains("chapters/"), "names the first foreign entry: " + e.getMessage());
            assertSameTree(before, snapshot(target));
        }
    }

    /** Issue 14, case 4: an empty or hand-made marker owns nothing. */
    @Test
    void aHandMadeMarkerDoesNotMakeTheUsersFilesReplaceable() throws IOException {
        for (String marker : List.of("", "written by dime; a folder with this file may be replaced by the next run\n", "anything\nthesis.txt\n")) {
            Path target = temp.resolve("marked-" + marker.length());
            write(target.resolve(RunFolder.MARKER), marker);
            write(target.resolve("thesis.txt"), "years of work");
            Map<String, byte[]> before = snapshot(target);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunFolder.write(target, dir -> write(dir.resolve("a.csv"), "new")));
            assertTrue(e.getMessage().contains("thesis.txt") && e.getMessage().contains("no manifest of Dime's"), e.getMessage());
            assertSameTree(before, snapshot(target));
        }
    }

    /** One file the user adds to a run folder makes the folder theirs: it is kept, and the run is refused. */
    @Test
    void aFileAddedToADimeFolderIsNeverDeleted() throws IOException {
        Path target = temp.resolve("run");
        RunFolder.write(target, dir -> {
            write(dir.resolve("summary.json"), "{}");
            write(dir.resolve("sub/deep.txt"), "deep");
        });
        write(target.resolve("sub/my-notes.txt"), "mine");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunFolder.write(target, dir -> write(dir.resolve("a.csv"), "new")));
        assertTrue(e.getMessage().contains("sub/my-notes.txt"), e.getMessage());
        assertEquals("mine", Files.readString(target.resolve("sub/my-notes.txt")));
    }

    /** A report written into a run folder later ('dime report DIR') is listed in the run's manifest; a redraw replaces it. */
    @Test
    void aNestedFolderWrittenLaterIsListedAndReplaceable() throws IOException {
        Path target = temp.resolve("run");
        RunFolder.write(target, dir -> write(dir.resolve("summary.json"), "{}"));
        RunFolder.write(target.resolve("report"), dir -> write(dir.resolve("index.html"), "one"));
        RunFolder.write(target.resolve("report"), dir -> write(dir.resolve("other.html"), "two"));
        assertTrue(RunFolder.firstForeignEntry(target).isEmpty());
        RunFolder.write(target, dir -> write(dir.resolve("summary.json"), "again"));
        assertFalse(Files.exists(target.resolve("report")));
    }

    /** Issue 14, case 5: what a killed write leaves beside the target is cleared by the next write; a folder moved aside comes back. */
    @Test
    void leftoversOfAKilledWriteAreRemovedAndAMovedAsideFolderIsRestored() throws IOException {
        Path target = temp.resolve("run");
        RunFolder.write(target, dir -> write(dir.resolve("summary.json"), "earlier"));
        // killed while staging: a staging folder with a truncated file
        Path staging = temp.resolve(".run.tmp-killed");
        write(staging.resolve(RunFolder.MARKER), RunFolder.STAGING_HEADER + "\n");
        write(staging.resolve("results.csv"), "point,repl");
        // killed between the two moves: the earlier run moved aside, the target missing
        Files.move(target, temp.resolve(".run.old-killed"));
        // killed between creating the staging folder and writing its marker: empty, or a marker cut short
        Files.createDirectories(temp.resolve(".run.tmp-empty"));
        write(temp.resolve(".run.tmp-cut/" + RunFolder.MARKER), RunFolder.STAGING_HEADER.substring(0, 10));
        // and something of the user's that merely looks like a leftover
        write(temp.resolve(".run.tmp-mine/notes.txt"), "mine");
        RunFolder.checkWritable(target);
        RunFolder.write(target, dir -> write(dir.resolve("summary.json"), "later"));
        assertEquals("later", Files.readString(target.resolve("summary.json")));
        assertEquals(List.of(".run.tmp-mine", "run"), siblings(), "Dime's leftovers are gone, the user's folder stays");
        Files.move(target, temp.resolve(".run.old-again"));
        RunFolder.write(temp.resolve("other"), dir -> write(dir.resolve("x"), "x"));
        RunFolder.write(target, dir -> write(dir.resolve("summary.json"), "last"));
        assertEquals("last", Files.readString(target.resolve("summary.json")));
    }

    @Test
    void aFolderClaimedForWritingInPlaceAcceptsItsListedEntriesOnly() throws IOException {
        Path target = temp.resolve("sweep");
        RunFolder.claim(target, List.of("results.csv", "parquet/**"));
        write(target.resolve("results.csv"), "rows");
        write(target.resolve("parquet/part-0.parquet"), "x");
        RunFolder.claim(target, List.of("results.csv", "parquet/**"));
        write(target.resolve("points.csv"), "user's");
        assertThrows(IllegalArgumentException.class, () -> RunFolder.claim(target, List.of("results.csv")));
        Path users = temp.resolve("users");
        write(users.resolve("results.csv"), "user's results");
        write(users.resolve("points.csv"), "user's points");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunFolder.claim(users, List.of("results.csv", "points.csv")));
        assertTrue(e.getMessage().contains("points.csv"), e.getMessage());
        assertEquals("user's results", Files.readString(users.resolve("results.csv")));
    }

    @Test
    void namesTakenFromFilesAreOneSafeSegment() {
        for (String ok : List.of("quickstart", "a.b-c_d", "9lives")) {
            assertTrue(RunFolder.isSafeName(ok), ok);
        }
        for (String bad : List.of("", "..", "../../etc", "a/b", ".hidden", "a\\b", "x y", "-rf", "a".repeat(101))) {
            assertFalse(RunFolder.isSafeName(bad), bad);
        }
    }

    @Test
    void writerThatThrowsMidwayLeavesTheEarlierFolderByteIdentical() throws IOException {
        Path target = temp.resolve("run");
        RunFolder.write(target, dir -> {
            write(dir.resolve("summary.json"), "{\"replications\": 2}\n");
            write(dir.resolve("nodes.csv"), "replication,node\n0,a\n");
            write(dir.resolve("sub/deep.txt"), "deep");
        });
        Map<String, byte[]> before = snapshot(target);

        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> RunFolder.write(target, dir -> {
            write(dir.resolve("summary.json"), "half");
            write(dir.resolve("new.csv"), "half");
            throw boom;
        }));
        assertSame(boom, thrown, "a runtime exception of the writer comes through unchanged");

        assertSameTree(before, snapshot(target));
        assertEquals(List.of("run"), siblings(), "no hidden .tmp-/.old- folders are left behind");
    }

    @Test
    void writerThatThrowsIOExceptionIsReportedAsUncheckedAndLeavesTheEarlierFolder() throws IOException {
        Path target = temp.resolve("run");
        RunFolder.write(target, dir -> write(dir.resolve("summary.json"), "first"));
        Map<String, byte[]> before = snapshot(target);

        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> RunFolder.write(target, dir -> {
            write(dir.resolve("summary.json"), "second");
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().contains("cannot write " + target), e.getMessage());
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());

        assertSameTree(before, snapshot(target));
        assertEquals(List.of("run"), siblings());
    }

    @Test
    void writerThatThrowsOnFirstWriteCreatesNothing() throws IOException {
        Path target = temp.resolve("run");
        assertThrows(IllegalStateException.class, () -> RunFolder.write(target, dir -> {
            throw new IllegalStateException("boom");
        }));
        assertFalse(Files.exists(target));
        assertEquals(List.of(), siblings());
    }

    @Test
    void deleteTreeRemovesNestedFoldersAndIgnoresMissingOnes() throws IOException {
        Path root = temp.resolve("tree");
        write(root.resolve("a/b/c.txt"), "c");
        write(root.resolve("d.txt"), "d");
        RunFolder.deleteTree(root);
        assertFalse(Files.exists(root));
        RunFolder.deleteTree(root); // already gone: no error
        assertEquals(List.of(), siblings());
    }
}
