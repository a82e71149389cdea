package io.dime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled league of every network preset with the articles' claims, run as a user runs
 * it. The verdicts are pinned: a change to a preset or to the model that flips one must be
 * seen and the README's account of the claims updated with it.
 */
class SeedClaimsTest {
    @TempDir
    Path folder;

    private static final Path LEAGUE = Path.of("..", "scenarios", "leagues", "seed-claims.yaml");

    @Test
    void everyPresetRunsAndEachClaimGetsItsVerdictTheSameOnAnyThreadCount() throws IOException {
        Path one = folder.resolve("one");
        Path two = folder.resolve("two");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, Main.execute(new String[] {"league", LEAGUE.toString(), "--out", one.toString(), "--threads", "1"},
                new PrintWriter(out, true), new PrintWriter(err, true)), err.toString());
        assertEquals(0, Main.execute(new String[] {"league", LEAGUE.toString(), "--out", two.toString(), "--threads", "2", "--quiet", "--no-report"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true)), err.toString());
        assertEquals(Files.readString(one.resolve("league.csv")), Files.readString(two.resolve("league.csv")), "same seed, same bytes");

        List<String> claims = Files.readAllLines(one.resolve("claims.csv"));
        List<String> verdicts = claims.subList(1, claims.size()).stream().map(l -> l.substring(1, l.indexOf('"', 1)) + ": " + verdict(l)).toList();
        assertEquals(List.of(
                "bedrock-price: not supported",
                "vertex-price: not supported",
                "decentralized-price: not supported",
                "cloud-latency: not supported",
                "decentralized-latency: partly (5 of 11)",
                "sub-100ms: supported",
                "marginal-cost: weaker than claimed",
                "akash-undercut: supported",
                "spot-undercut: supported, and larger than claimed"), verdicts);

        String report = Files.readString(one.resolve("report/index.html"));
        assertTrue(report.contains("Claims under test") && report.contains("charts/cost-vs-latency.png"));
        assertTrue(out.toString().contains("claims under test:"), out.toString());
        assertEquals(13, Files.list(one).filter(p -> Files.isDirectory(p) && p.getFileName().toString().matches("\\d+-.*")).count(),
                "a run folder per network");
    }

    /** The sixth quoted field of a claims.csv row. */
    private static String verdict(String line) {
        String[] fields = line.split("\",\"");
        return fields[5];
    }
}
