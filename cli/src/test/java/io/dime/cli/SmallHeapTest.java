package io.dime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory grows with what is in flight, not with what was served: a long run with every model
 * feature on (about 1.4 million requests, 500 nodes, churn, a token economy, spot checks) must
 * complete in a separate JVM capped at a 64 MB heap. Histograms, sampled and capped per-request
 * output and requests released on completion keep it there; a list of every request would need
 * hundreds of MB.
 */
class SmallHeapTest {
    @TempDir
    Path folder;

    @Test
    void aLongRunFitsInASmallHeap() throws IOException, InterruptedException {
        Path scenario = folder.resolve("long.yaml");
        Files.writeString(scenario, """
                name: long
                seed: 3
                duration: 8h
                warmup: 1min
                replications: 1
                regions: [us-east, eu-west]
                nodes:
                  - {name: gamers, count: 400, gpu: rtx-4090, model: llama-3-8b, regions: {us-east: 0.5, eu-west: 0.5},
                     availability: {mtbf: 4h, mttr: 20min}}
                  - {name: datacenter, count: 100, gpu: a100-80gb, model: llama-3-8b, regions: {us-east: 0.5, eu-west: 0.5}}
                workload:
                  - {name: chat, arrival: {rate: 50/s}, prompt_tokens: {dist: lognormal, median: 400, sigma: 0.8, max: 4096},
                     output_tokens: {dist: lognormal, median: 200, sigma: 0.7, max: 1024}, regions: {us-east: 0.5, eu-west: 0.5}}
                routing: {policy: power-of-two, staleness: 1s}
                token: {supply: 1.0e9, epoch: 1h, pool: {usd: 1.0e6}}
                verification: {scheme: spot-check, rate: 0.05}
                adversaries: [{strategy: lazy, share: 0.05, cheat_rate: 0.2}]
                output: {requests_sample: 0.01}
                """);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path out = folder.resolve("run");
        Process process = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", scenario.toString(), "--out", out.toString(), "--threads", "1", "--quiet")
                .redirectErrorStream(true)
                .start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the run finishes");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        List<String> requests = Files.readAllLines(out.resolve("requests.csv"));
        String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(summary.contains("\"arrived\""), summary.substring(0, Math.min(400, summary.length())));
        // 1% of about 1.4 million requests are sampled into requests.csv, not all of them.
        assertTrue(requests.size() > 5_000 && requests.size() < 30_000, "sampled rows: " + requests.size());
    }
}
