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
        assertTrue(e.getMessage().contains("holds files Dime did not write (handmade.txt)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RunFolder.checkWritable(target), "refused before a run, too");
        assertEquals("by hand", Files.readString(target.resolve("handmade.txt")));
        assertEquals(List.of("run"), siblings(), "nothing left beside it");
    }

    @Test
    void aFolderDimeWroteAnEmptyOneAndAnOlderRunAreReplaced() throws IOException {
        Path target = temp.resolve("run");
        RunFolder.write(target, dir -> write(dir.resolve("nodes.csv"), "first"));
        assertTrue(Files.exists(target.resolve(RunFolder.MARKER)));
        RunFolder.write(target, dir -> write(dir.resolve("nodes.csv"), "second"));
        assertEquals("second", Files.readString(target.resolve("nodes.csv")));
        Path empty = temp.resolve("empty");
        Files.createDirectories(empty);
        RunFolder.write(empty, dir -> write(dir.resolve("nodes.csv"), "x"));
        Path older = temp.resolve("older");
        write(older.resolve("summary.json"), "{}"); // written by a Dime without the marker
        write(older.resolve("notes.txt"), "a note inside an old run folder");
        RunFolder.write(older, dir -> write(dir.resolve("summary.json"), "new"));
        assertEquals("new", Files.readString(older.resolve("summary.json")));
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
