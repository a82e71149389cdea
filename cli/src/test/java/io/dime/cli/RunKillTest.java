package io.dime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, case 5, with a real SIGKILL: {@code dime run} killed while it stages its folder or
 * draws its report leaves the earlier run folder byte for byte, and the next run removes what
 * the killed one left beside it.
 */
class RunKillTest {
    @TempDir
    Path temp;

    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), Integer.toHexString(java.util.Arrays.hashCode(Files.readAllBytes(p))));
            }
        }
        return files;
    }

    /** The data files: chart images need not be byte-identical between two drawings. */
    private static Map<String, String> withoutCharts(Map<String, String> files) {
        Map<String, String> data = new TreeMap<>(files);
        data.keySet().removeIf(name -> name.startsWith("report/"));
        return data;
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> list = Files.list(temp)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".out.")).toList();
        }
    }

    @Test
    void aRunKilledWhileStagingOrDrawingItsReportLeavesTheEarlierFolderWhole() throws Exception {
        Path scenario = temp.resolve("s.yaml");
        Files.writeString(scenario, """
                name: killed
                seed: 5
                duration: 20min
                warmup: 1min
                replications: 2
                regions: [us-east, eu-west]
                nodes:
                  - {name: gpus, count: 20, gpu: rtx-4090, model: llama-3-8b, regions: {us-east: 0.5, eu-west: 0.5}, cost_per_hour: 0.4}
                workload:
                  - {name: chat, model: llama-3-8b, arrival: {process: poisson, rate: 20/s}}
                """);
        Path out = temp.resolve("out");
        int first = Main.execute(new String[] {"run", scenario.toString(), "--out", out.toString(), "--quiet"},
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        assertEquals(0, first);
        Map<String, String> earlier = snapshot(out);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        int killedWhileStaging = 0;
        for (long delayMs : new long[] {0, 40, 120, 300}) {
            Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "run", scenario.toString(), "--out", out.toString(), "--quiet", "--seed", "6")
                    .redirectErrorStream(true).redirectOutput(temp.resolve("log-" + delayMs).toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (process.isAlive() && leftovers().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            Thread.sleep(delayMs);
            boolean alive = process.isAlive();
            process.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block
            assertTrue(process.waitFor(1, TimeUnit.MINUTES));
            if (alive && !leftovers().isEmpty()) {
                killedWhileStaging++;
            }
            Map<String, String> now = snapshot(out);
            if (!now.equals(earlier)) {
                assertTrue(now.containsKey("summary.json") && now.containsKey("report/index.html"), "a changed folder is the new run, whole: " + now.keySet());
            }
            // the next run tidies up and is the earlier run again
            assertEquals(0, Main.execute(new String[] {"run", scenario.toString(), "--out", out.toString(), "--quiet"},
                    new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())));
            assertEquals(withoutCharts(earlier), withoutCharts(snapshot(out)));
            assertEquals(List.of(), leftovers(), "nothing of a killed run is left beside the folder");
        }
        assertTrue(killedWhileStaging >= 2, "at least two kills landed while a staging folder existed: " + killedWhileStaging);
    }
}
