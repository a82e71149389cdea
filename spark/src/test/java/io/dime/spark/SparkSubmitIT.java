package io.dime.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.analysis.Sweep;
import io.dime.analysis.SweepSpec;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded {@code dime-spark.jar} submitted through Spark's own spark-submit entry point
 * ({@code org.apache.spark.deploy.SparkSubmit}, what the {@code spark-submit} script runs) in a
 * separate JVM whose class path holds Spark's jars and nothing of Dime's but that jar: what a
 * user's cluster sees.
 */
class SparkSubmitIT {
    @TempDir
    Path folder;

    private record Outcome(int exitCode, String output) {
    }

    private Outcome submit(String... dimeArguments) throws IOException, InterruptedException {
        String sparkOnly = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("dime-") && !entry.contains(File.separator + "target" + File.separator))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", sparkOnly,
                "org.apache.spark.deploy.SparkSubmit", "--class", "io.dime.spark.DimeSpark", "--master", "local[2]",
                "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                System.getProperty("dime.spark.jar")));
        command.addAll(List.of(dimeArguments));
        Path log = folder.resolve("submit.log");
        Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "spark-submit did not finish in 5 minutes");
        return new Outcome(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void spark_submitOfTheShadedJarWritesTheLocalRunnersResults() throws Exception {
        Files.writeString(folder.resolve("base.yaml"), """
                name: base
                duration: 2min
                warmup: 10s
                nodes:
                  - {name: a, count: 3, gpu: h100-sxm, model: llama-3-8b}
                workload:
                  - {name: chat, arrival: {rate: 4/s}, prompt_tokens: 300, output_tokens: 100}
                """);
        Files.writeString(folder.resolve("lhs.yaml"), """
                sweep:
                  name: lhs
                  scenario: base.yaml
                  design: lhs
                  points: 5
                  replications: 2
                  seed: 5
                  parameters:
                    - {path: "workload[0].arrival.rate", min: 1/s, max: 20/s}
                    - {path: "nodes[0].count", min: 1, max: 6, integer: true}
                """);
        Outcome outcome = submit("sweep", "lhs.yaml", "--out", "out");
        assertEquals(0, outcome.exitCode(), outcome.output());
        assertTrue(outcome.output().contains("10 of 10 (point, replication) tasks done"), outcome.output());
        Path local = Sweep.run(SweepSpec.load(folder.resolve("lhs.yaml")), folder.resolve("local"), 2, (done, total) -> { });
        assertEquals(Files.readString(local), Files.readString(folder.resolve("out/results.csv")));
        assertTrue(Files.isDirectory(folder.resolve("out/results.parquet")));
    }

    @Test
    void aBadSweepFileExitsWith2AndOneLocatedParagraph() throws Exception {
        Files.writeString(folder.resolve("base.yaml"), "name: base\nduration: 1min\nnodes: [{name: a, gpu: h100-sxm, model: llama-3-8b}]\n"
                + "workload: [{name: w, arrival: {rate: 1/s}, prompt_tokens: 10, output_tokens: 10}]\n");
        Files.writeString(folder.resolve("bad.yaml"), """
                sweep:
                  name: bad
                  scenario: base.yaml
                  design: gird
                  parameters:
                    - {path: "nodes[0].count", values: [1, 2]}
                """);
        Outcome outcome = submit("sweep", "bad.yaml");
        assertEquals(2, outcome.exitCode(), outcome.output());
        assertTrue(outcome.output().contains("sweep.design"), outcome.output());
        assertTrue(outcome.output().contains("line 4"), outcome.output());
        assertFalse(outcome.output().contains("\tat io.dime"), "no stack trace: " + outcome.output());
    }
}
