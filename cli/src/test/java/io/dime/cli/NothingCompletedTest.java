package io.dime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scenario that completes no request (a 70B model over an 8-stage pipeline of one RTX 3090 on
 * home links: one answer takes longer than the run) beside one that serves: every command still
 * draws its report, shows n/a and says why, and nothing reads as bad input.
 */
class NothingCompletedTest {
    @TempDir
    Path dir;

    private static final String STUCK = """
            name: stuck
            seed: 3
            duration: 10min
            replications: 2
            nodes:
              - {name: chains, count: 1, gpu: rtx-3090, model: llama-3-70b, pipeline: {stages: 8}}
            workload:
              - name: chat
                arrival: {process: poisson, rate: 1/s}
                prompt_tokens: {dist: lognormal, median: 400, sigma: 0.8, max: 4096}
                output_tokens: {dist: lognormal, median: 200, sigma: 0.7, max: 1024}
                slo: {ttft: 1s, e2e: 30s}
            market: {pricing: posted, price_per_mtok: 0.5, protocol_fee: 0}
            """;

    @Test
    void aRunACompareAndAReportDrawWhenNothingCompletesAndSayWhy() throws IOException {
        Path stuck = Files.writeString(dir.resolve("stuck.yaml"), STUCK);
        Path fine = Files.writeString(dir.resolve("fine.yaml"), STUCK.replace("name: stuck", "name: fine")
                .replace("gpu: rtx-3090, model: llama-3-70b, pipeline: {stages: 8}", "gpu: h100-sxm, model: llama-3-8b"));

        Cli.Result run = Cli.dime("run", stuck.toString(), "--out", dir.resolve("run").toString());
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("note: no request completed: ") && run.out().contains("still queued or in service at the end"), run.out());
        String page = Files.readString(dir.resolve("run/report/index.html"));
        assertTrue(page.contains("Note: no request completed: "), "the run's report says why its latencies are n/a");
        assertTrue(page.contains("n/a"));

        Cli.Result compare = Cli.dime("compare", fine.toString(), stuck.toString(), "--out", dir.resolve("cmp").toString());
        assertEquals(0, compare.code(), compare.toString());
        String comparison = Files.readString(dir.resolve("cmp/report/index.html"));
        assertTrue(comparison.contains("Note, stuck: no request completed: "), "the comparison names the scenario and the reason");
        assertTrue(!comparison.contains("Note, fine:"), "a scenario that serves gets no note");

        Cli.Result redraw = Cli.dime("report", dir.resolve("cmp").toString());
        assertEquals(0, redraw.code(), "a folder with a scenario that completed nothing is not bad input: " + redraw);
    }
}
