package io.dime.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.input.ScenarioException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class SweepTest {
    @TempDir
    Path folder;

    @BeforeEach
    void baseScenario() throws IOException {
        Files.writeString(folder.resolve("base.yaml"), """
                name: base
                duration: 10min
                warmup: 1min
                nodes:
                  - {name: a, count: 4, gpu: h100-sxm, model: llama-3-8b}
                workload:
                  - {name: chat, arrival: {rate: 2/s}, prompt_tokens: 300, output_tokens: 100}
                """);
    }

    private SweepSpec spec(String design, String parameters) {
        return SweepSpec.parse("""
                sweep:
                  name: s
                  scenario: base.yaml
                  design: %s
                  points: 12
                  replications: 2
                  seed: 3
                  parameters:
                %s
                """.formatted(design, parameters), folder);
    }

    @Test
    void gridIsTheCartesianProductInOrder() {
        SweepSpec s = spec("grid", """
                    - {path: "workload[0].arrival.rate", values: [1/s, 2/s, 3/s]}
                    - {path: "nodes[0].count", values: [2, 4]}
                """);
        List<Sweep.Point> points = Sweep.design(s);
        assertEquals(6, points.size());
        assertEquals(List.of("1/s", "2"), points.get(0).values());
        assertEquals(List.of("1/s", "4"), points.get(1).values());
        assertEquals(List.of("3/s", "4"), points.get(5).values());
    }

    @Test
    void latinHypercubeUsesEveryStratumOfEveryParameterOnce() {
        SweepSpec s = spec("lhs", """
                    - {path: "workload[0].arrival.rate", min: 1/s, max: 13/s}
                    - {path: "nodes[0].count", min: 0, max: 12}
                """);
        List<Sweep.Point> points = Sweep.design(s);
        assertEquals(12, points.size());
        for (int k = 0; k < 2; k++) {
            Set<Integer> strata = new HashSet<>();
            for (Sweep.Point p : points) {
                String v = p.values().get(k);
                double value = k == 0 ? io.dime.sim.input.Units.parsePerSecond(v) - 1 : Double.parseDouble(v);
                strata.add((int) Math.floor(value)); // 12 strata of width 1
            }
            assertEquals(12, strata.size(), "parameter " + k + ": one point per stratum");
        }
    }

    @Test
    void resultsDoNotDependOnThreadsAndAKilledSweepResumesToTheSameBytes() throws IOException {
        SweepSpec s = spec("grid", """
                    - {path: "workload[0].arrival.rate", values: [1/s, 3/s]}
                    - {path: "nodes[0].count", values: [2, 4]}
                """);
        Path one = Sweep.run(s, folder.resolve("one"), 1, (done, total) -> { });
        Path two = Sweep.run(s, folder.resolve("two"), 2, (done, total) -> { });
        assertEquals(Files.readString(one), Files.readString(two));
        List<String> lines = Files.readAllLines(one);
        assertEquals(1 + 4 * 2, lines.size(), "a header and one row per point and replication");
        assertTrue(lines.get(0).startsWith("point,replication,workload[0].arrival.rate,nodes[0].count,ttft_ms.p50"));

        // A sweep killed after three rows: its partial file holds them (one cut mid-line).
        Path resumed = folder.resolve("resumed");
        Sweep.run(s, resumed, 1, (done, total) -> { });
        String complete = Files.readString(resumed.resolve("results.csv"));
        Files.delete(resumed.resolve("results.csv"));
        String header = "# sweep " + Sweep.fingerprint(s);
        Files.writeString(resumed.resolve("results.partial.csv"), header + "\n" + lines.get(3) + "\n" + lines.get(1) + "\n" + lines.get(5) + "\n"
                + lines.get(6).substring(0, 5));
        int[] ran = {Integer.MAX_VALUE};
        Sweep.run(s, resumed, 2, (done, total) -> ran[0] = Math.min(ran[0], done));
        assertEquals(3, ran[0], "the three finished rows were not run again");
        assertEquals(complete, Files.readString(resumed.resolve("results.csv")));
        assertFalse(Files.exists(resumed.resolve("results.partial.csv")));
    }

    @Test
    void perPointSummaryAveragesReplicationsWithIntervals() {
        SweepSpec s = spec("grid", """
                    - {path: "workload[0].arrival.rate", values: [1/s, 3/s]}
                """);
        Path results = Sweep.run(s, folder.resolve("summary"), 2, (done, total) -> { });
        Table table = SweepSummary.load(results, s);
        assertEquals(4, table.rowCount());
        Table points = SweepSummary.perPoint(table, s);
        assertEquals(2, points.rowCount());
        double mean = points.doubleColumn("throughput.requests_per_s").get(1);
        double r0 = table.doubleColumn("throughput.requests_per_s").get(2);
        double r1 = table.doubleColumn("throughput.requests_per_s").get(3);
        assertEquals((r0 + r1) / 2, mean, 1e-6);
        assertTrue(points.doubleColumn("throughput.requests_per_s_ci_low").get(1) <= mean);
    }

    @Test
    void aPathTheScenarioDoesNotHaveIsALocatedError() {
        SweepSpec s = spec("grid", """
                    - {path: "workload[3].arrival.rate", values: [1/s]}
                """);
        ScenarioException e = assertThrows(ScenarioException.class, () -> Sweep.run(s, folder.resolve("bad"), 1, (d, t) -> { }));
        assertEquals("sweep.parameters[0].path", e.path());
        assertTrue(e.getMessage().contains("cannot set 'workload[3].arrival.rate'"), e.getMessage());
    }
}
