package io.dime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole life of a big sweep, as a user meets it: 100 Latin-hypercube points × 3
 * replications started in its own JVM, killed with SIGKILL midway, started again; it must redo
 * nothing already saved, end byte-identical to a sweep never interrupted (run here on another
 * thread count), and draw its report.
 */
class SweepKillTest {
    @TempDir
    Path folder;

    @Test
    void aHundredPointSweepKilledMidwayResumesToTheSameResultsAndReport() throws IOException, InterruptedException {
        Path scenario = folder.resolve("base.yaml");
        Files.writeString(scenario, """
                name: base
                seed: 1
                duration: 10min
                warmup: 1min
                replications: 1
                nodes:
                  - {name: gamers, count: 12, gpu: rtx-4090, model: llama-3-8b}
                  - {name: cloud, kind: centralized, count: 1, gpu: h100-sxm, model: llama-3-8b}
                workload:
                  - {name: chat, arrival: {rate: 4/s}, prompt_tokens: {dist: lognormal, median: 300, sigma: 0.7, max: 2048},
                     output_tokens: {dist: lognormal, median: 150, sigma: 0.6, max: 1024}, slo: {ttft: 1s}}
                verification: {scheme: spot-check, rate: 0.05}
                adversaries: [{strategy: lazy, share: 0.2, cheat_rate: 0.5}]
                """);
        Path sweep = folder.resolve("sweep.yaml");
        Files.writeString(sweep, """
                sweep:
                  name: big
                  scenario: base.yaml
                  design: lhs
                  points: 100
                  replications: 3
                  seed: 9
                  parameters:
                    - {path: "verification.rate", min: 0.0, max: 0.3}
                    - {path: "workload[0].arrival.rate", min: 1/s, max: 8/s}
                  metrics: [ttft_ms.p95, verify.undetected_fraud_rate, cost_per_mtok_usd.users]
                """);
        Path killed = folder.resolve("killed");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "sweep", sweep.toString(), "--out", killed.toString(), "--threads", "2", "--quiet")
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("killed.log").toFile())
                .start();
        Path partial = killed.resolve("results.partial.csv");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (savedRows(partial) < 60 && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(process.isAlive(), "the sweep is still running when killed: " + Files.readString(folder.resolve("killed.log")));
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no chance to tidy up
        assertTrue(process.waitFor(1, TimeUnit.MINUTES));
        int saved = savedRows(partial);
        assertTrue(saved >= 60 && saved < 300, "killed midway, with " + saved + " of 300 rows saved");
        assertFalse(Files.exists(killed.resolve("results.csv")), "no results.csv before the sweep is whole");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new String[] {"sweep", sweep.toString(), "--out", killed.toString(), "--threads", "2"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("resum"), "the resumed sweep says so: " + out);

        Path whole = folder.resolve("whole");
        code = Main.execute(new String[] {"sweep", sweep.toString(), "--out", whole.toString(), "--threads", "1", "--quiet", "--no-report"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
        String results = Files.readString(killed.resolve("results.csv"));
        assertEquals(301, results.lines().count(), "a header and one row per (point, replication)");
        assertEquals(Files.readString(whole.resolve("results.csv")), results, "resumed after a kill = never interrupted");
        assertFalse(Files.exists(partial));

        String report = Files.readString(killed.resolve("report/index.html"));
        assertTrue(report.contains("charts/scatter-verify-undetected-fraud-rate.png"), "LHS points drawn as a scatter");
        assertTrue(Files.size(killed.resolve("report/charts/scatter-verify-undetected-fraud-rate.png")) > 5_000);
        assertFalse(Files.exists(whole.resolve("report")), "--no-report draws none");
    }

    /** Complete rows saved so far (a row cut by the kill does not count). */
    private static int savedRows(Path partial) throws IOException {
        if (!Files.exists(partial)) {
            return 0;
        }
        String text = Files.readString(partial);
        int rows = (int) text.chars().filter(c -> c == '\n').count() - 1;
        return Math.max(rows, 0);
    }
}
