package io.dime.cli;

import static io.dime.cli.Cli.dime;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import io.dime.cli.Cli.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 14, cases 1 to 3, as a user meets them: no command loses a user's file or writes outside its folder. */
class OutputSafetyTest {
    private static final String SCENARIO = """
            name: tiny
            seed: 3
            duration: 2min
            warmup: 10s
            replications: 2
            regions: [us-east]
            nodes:
              - {name: gpus, count: 2, gpu: rtx-4090, model: llama-3-8b, region: us-east, cost_per_hour: 0.4}
            workload:
              - {name: chat, model: llama-3-8b, arrival: {process: poisson, rate: 2/s}}
            """;

    @TempDir
    Path temp;


    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static Map<String, byte[]> snapshot(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                files.put(root.relativize(p).toString(), Files.isRegularFile(p) ? Files.readAllBytes(p) : new byte[0]);
            }
        }
        return files;
    }

    private static void assertUnchanged(Map<String, byte[]> before, Path root) throws IOException {
        Map<String, byte[]> after = snapshot(root);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((name, bytes) -> assertArrayEquals(bytes, after.get(name), name));
    }

    private void assertRefused(Result r, String foreign) {
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("which Dime did not write") && r.err().contains(foreign), r.toString());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.toString());
    }

    /** A folder of the user's: thesis.txt, chapters/, and a file named like one of Dime's. */
    private Path usersFolder(String dimeLikeName) throws IOException {
        Path dir = temp.resolve("users-" + dimeLikeName);
        write(dir.resolve("thesis.txt"), "three years of work");
        write(dir.resolve("chapters/1.txt"), "chapter one");
        write(dir.resolve(dimeLikeName), "the user's own " + dimeLikeName);
        return dir;
    }

    @Test
    void runRefusesAFolderOfTheUsersFilesWhateverTheirNames() throws IOException {
        Path scenario = temp.resolve("tiny.yaml");
        write(scenario, SCENARIO);
        for (String name : List.of("summary.json", "results.csv", "comparison.csv", "schemes.csv", "league.csv")) {
            Path dir = usersFolder(name);
            Map<String, byte[]> before = snapshot(dir);
            Result r = dime("run", scenario.toString(), "--out", dir.toString(), "--quiet");
            assertRefused(r, "chapters/");
            assertUnchanged(before, dir);
        }
        Path ours = temp.resolve("ours");
        assertEquals(0, dime("run", scenario.toString(), "--out", ours.toString(), "--quiet").code());
        assertTrue(Files.isRegularFile(ours.resolve("report/index.html")), "the report was staged with the run");
        assertEquals(0, dime("run", scenario.toString(), "--out", ours.toString(), "--quiet").code(), "a folder Dime wrote is replaced");
        assertEquals(0, dime("report", ours.toString()).code(), "a redraw keeps the folder Dime's");
        assertEquals(0, dime("run", scenario.toString(), "--out", ours.toString(), "--quiet", "--no-report").code());
        write(ours.resolve("my-notes.md"), "notes");
        assertRefused(dime("run", scenario.toString(), "--out", ours.toString(), "--quiet"), "my-notes.md");
        assertEquals("notes", Files.readString(ours.resolve("my-notes.md")));
        try (Stream<Path> siblings = Files.list(temp)) {
            assertTrue(siblings.noneMatch(p -> p.getFileName().toString().contains(".tmp-") || p.getFileName().toString().contains(".old-")));
        }
    }

    @Test
    void sweepRefusesAFolderHoldingTheUsersResultsAndPoints() throws IOException {
        write(temp.resolve("tiny.yaml"), SCENARIO);
        Path sweep = temp.resolve("sweep.yaml");
        write(sweep, """
                sweep:
                  name: s
                  scenario: tiny.yaml
                  replications: 2
                  parameters:
                    - {path: "workload[0].arrival.rate", values: [1/s, 2/s]}
                """);
        Path dir = temp.resolve("mine");
        write(dir.resolve("results.csv"), "my results");
        write(dir.resolve("points.csv"), "my points");
        Map<String, byte[]> before = snapshot(dir);
        assertRefused(dime("sweep", sweep.toString(), "--out", dir.toString(), "--quiet", "--threads", "1"), "points.csv");
        assertUnchanged(before, dir);
        Path ours = temp.resolve("sweep-out");
        assertEquals(0, dime("sweep", sweep.toString(), "--out", ours.toString(), "--quiet", "--threads", "1").code());
        Result again = dime("sweep", sweep.toString(), "--out", ours.toString(), "--quiet", "--threads", "1");
        assertEquals(0, again.code(), again.toString());
        assertTrue(Files.isRegularFile(ours.resolve("report/index.html")));
    }

    @Test
    void namesFromSweepLeagueAndPlanFilesCannotLeaveRuns() throws IOException {
        write(temp.resolve("tiny.yaml"), SCENARIO);
        for (String name : List.of("../../etc", "a/b", "..", ".hidden")) {
            Path sweep = temp.resolve("bad-sweep.yaml");
            write(sweep, "sweep:\n  name: \"" + name + "\"\n  scenario: tiny.yaml\n  parameters:\n    - {path: seed, values: [1, 2]}\n");
            Result r = dime("sweep", sweep.toString(), "--quiet");
            assertEquals(2, r.code(), r.toString());
            assertTrue(r.err().contains("sweep.name") && r.err().contains("line 2") && r.err().contains("cannot name an output folder"), r.toString());
            Path league = temp.resolve("bad-league.yaml");
            write(league, "league:\n  name: \"" + name + "\"\n  networks: [tiny.yaml]\n");
            Result l = dime("league", league.toString(), "--quiet");
            assertEquals(2, l.code(), l.toString());
            assertTrue(l.err().contains("league.name") && l.err().contains("cannot name an output folder"), l.toString());
            Path plan = temp.resolve("bad-plan.yaml");
            write(plan, "plan:\n  name: \"" + name + "\"\n  prompt_tokens: 8\n  output_tokens: 4\n  levels: [{concurrency: 1, requests: 1}]\n");
            Result p = dime("observe", "--url", "http://127.0.0.1:9", "--model", "m", "--plan", plan.toString());
            assertEquals(2, p.code(), p.toString());
            assertTrue(p.err().contains("plan.name") && p.err().contains("cannot name an output folder"), p.toString());
        }
        assertFalse(Files.exists(temp.resolve("etc")));
    }

    @Test
    void observeAndCalibrateNeverOverwriteAFileDimeDidNotWrite() throws IOException {
        Path thesis = temp.resolve("thesis.txt");
        write(thesis, "three years of work");
        Path plan = temp.resolve("plan.yaml");
        write(plan, "plan:\n  name: p\n  prompt_tokens: 8\n  output_tokens: 4\n  levels: [{concurrency: 1, requests: 1}]\n");
        Result r = dime("observe", "--url", "http://127.0.0.1:9", "--model", "m", "--plan", plan.toString(), "--out", thesis.toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("will not overwrite") && r.err().contains("thesis.txt"), r.toString());
        assertEquals("three years of work", Files.readString(thesis));
    }
}
