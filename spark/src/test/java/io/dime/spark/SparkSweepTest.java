package io.dime.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.analysis.Sweep;
import io.dime.analysis.SweepSpec;
import io.dime.sim.input.ScenarioException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep on a real local Spark ({@code local[*]}: every core, up to three attempts per task, bound to
 * 127.0.0.1, UI off) gives the local runner's results.csv byte for byte, also when attempts fail.
 */
class SparkSweepTest {
    private static SparkSession spark;

    @TempDir
    Path folder;
    private SweepSpec sweep;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder()
                .appName("dime spark tests")
                .master("local[*,3]") // every core; a task may fail twice before the job does
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                // Say which object did not serialize, rather than fail inside Spark's debugger on JDK 17.
                .config("spark.serializer.extraDebugInfo", "false")
                .getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    /**
     * The base scenario sits in scenarios/, its profile one folder up in profiles/ and its arrival
     * trace beside it, so the files the job carries must keep their places relative to it.
     */
    @BeforeEach
    void sweepWithFiles() throws IOException {
        Files.createDirectories(folder.resolve("scenarios"));
        Files.createDirectories(folder.resolve("profiles"));
        Files.createDirectories(folder.resolve("sweeps"));
        Files.writeString(folder.resolve("profiles/measured.yaml"), """
                name: test-profile
                gpu: a100-80gb
                model: llama-3-8b
                step: {base: 8ms, per_prefill_token: 60us, per_decode_request: 400us, per_context_token: 1us}
                cpu_gap: {per_step: 0us, per_request: 0us}
                request_overhead: 3ms
                kv_capacity_tokens: 200000
                source: "hand-made for this test"
                """);
        StringBuilder trace = new StringBuilder("timestamp,prompt_tokens,output_tokens\n");
        for (int i = 0; i < 200; i++) {
            trace.append(i * 0.7).append(',').append(100 + (i * 37) % 400).append(',').append(20 + (i * 13) % 80).append('\n');
        }
        Files.writeString(folder.resolve("scenarios/burst.csv"), trace);
        Files.writeString(folder.resolve("scenarios/base.yaml"), """
                name: base
                duration: 3min
                warmup: 20s
                routing: {policy: power-of-two}
                nodes:
                  - {name: measured, count: 2, gpu: a100-80gb, model: llama-3-8b, profile: ../profiles/measured.yaml}
                  - {name: roofline, count: 2, gpu: h100-sxm, model: llama-3-8b}
                workload:
                  - {name: chat, arrival: {rate: 2/s}, prompt_tokens: 300, output_tokens: 100}
                  - {name: replayed, arrival: {process: trace, file: burst.csv}}
                """);
        Files.writeString(folder.resolve("sweeps/s.yaml"), """
                sweep:
                  name: s
                  scenario: ../scenarios/base.yaml
                  design: grid
                  replications: 2
                  seed: 11
                  parameters:
                    - {path: "workload[0].arrival.rate", values: [2/s, 6/s, 12/s]}
                    - {path: "routing.policy", values: [power-of-two, least-loaded]}
                """);
        sweep = SweepSpec.load(folder.resolve("sweeps/s.yaml"));
    }

    @Test
    void sparkWritesTheLocalRunnersResultsByteForByte() throws IOException {
        Path local = Sweep.run(sweep, folder.resolve("local"), 2, (done, total) -> { });
        Path onSpark = SparkSweep.run(spark, sweep, folder.resolve("spark")).results();
        assertEquals(Files.readString(local), Files.readString(onSpark));
        assertEquals(1 + 12, Files.readAllLines(onSpark).size(), "a header and 6 points x 2 replications");
        assertArrayEquals(Files.readAllBytes(folder.resolve("local/points.csv")), Files.readAllBytes(folder.resolve("spark/points.csv")));
        // The sweep really varied something: the rate changes throughput.
        List<String> rows = Files.readAllLines(onSpark);
        assertTrue(!rows.get(1).split(",")[4].equals(rows.get(12).split(",")[4]));
    }

    @Test
    void failedAttemptsAreRetriedWithoutLosingOrDuplicatingARow() throws Exception {
        Path local = Sweep.run(sweep, folder.resolve("local"), 1, (done, total) -> { });
        AtomicInteger failedAttempts = new AtomicInteger();
        SparkListener counter = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (!end.taskInfo().successful()) {
                    failedAttempts.incrementAndGet();
                }
            }
        };
        spark.sparkContext().addSparkListener(counter);
        try {
            Path onSpark = SparkSweep.run(spark, sweep, folder.resolve("spark"), new EveryThirdTaskFailsOnce()).results();
            spark.sparkContext().listenerBus().waitUntilEmpty();
            assertEquals(4, failedAttempts.get(), "tasks 0, 3, 6 and 9 of 12 failed once each");
            assertEquals(Files.readString(local), Files.readString(onSpark));
        } finally {
            spark.sparkContext().removeSparkListener(counter);
        }
    }

    /** Tasks 0, 3, 6 and 9 of 12 fail on their first attempt: 0 and 6 before their replication runs, 3 and 9 after. */
    private static final class EveryThirdTaskFailsOnce implements SparkSweep.TaskFault {
        @Override
        public void beforeRun(Sweep.Task task, int attempt) {
            fail(task, attempt, 0);
        }

        @Override
        public void afterRun(Sweep.Task task, int attempt) {
            fail(task, attempt, 1); // its row was made, and must not be kept
        }

        private static void fail(Sweep.Task task, int attempt, int phase) {
            int key = task.point().index() * 2 + task.replication();
            if (attempt == 0 && key % 3 == 0 && key % 2 == phase) {
                throw new IllegalStateException("injected failure of task " + key);
            }
        }
    }

    @Test
    void parquetHoldsTheSameRowsTypedForSql() throws IOException {
        Path onSpark = SparkSweep.run(spark, sweep, folder.resolve("spark")).results();
        List<String> csv = Files.readAllLines(onSpark);
        spark.read().parquet(folder.resolve("spark/results.parquet").toString()).createOrReplaceTempView("results");
        List<Row> perRate = spark.sql("""
                SELECT `workload[0].arrival.rate` AS rate, count(*) AS n, sum(`requests.completed`) AS completed
                FROM results GROUP BY rate ORDER BY rate""").collectAsList();
        assertEquals(3, perRate.size());
        int metric = List.of(csv.get(0).split(",")).indexOf("requests.completed");
        for (Row r : perRate) {
            assertEquals(4L, r.getLong(1), "2 policies x 2 replications per rate");
            double expected = csv.stream().skip(1).map(line -> line.split(",", -1))
                    .filter(cells -> cells[2].equals(r.getString(0)))
                    .mapToDouble(cells -> Double.parseDouble(cells[metric])).sum();
            assertEquals(expected, r.getDouble(2), 1e-9);
        }
        assertEquals("string", spark.table("results").schema().apply("workload[0].arrival.rate").dataType().typeName(), "25/s stays text");
        assertTrue(Files.list(folder.resolve("spark")).noneMatch(p -> p.getFileName().toString().startsWith(".") && !p.getFileName().toString().equals(io.dime.sim.output.RunFolder.MARKER)), "no temporary left behind");
    }

    @Test
    void aParameterWhoseValuesAreAllPlainNumbersIsADoubleInParquet() throws IOException {
        Files.writeString(folder.resolve("sweeps/counts.yaml"), """
                sweep:
                  name: counts
                  scenario: ../scenarios/base.yaml
                  replications: 1
                  overrides: {duration: 1min}
                  parameters:
                    - {path: "nodes[1].count", values: [1, 3]}
                """);
        SparkSweep.run(spark, SweepSpec.load(folder.resolve("sweeps/counts.yaml")), folder.resolve("counts"));
        List<Row> rows = spark.read().parquet(folder.resolve("counts/results.parquet").toString())
                .selectExpr("`nodes[1].count` * 2").collectAsList();
        assertEquals(List.of(2.0, 6.0), rows.stream().map(r -> r.getDouble(0)).toList());
    }

    @Test
    void aBadPointFailsOnTheDriverBeforeAnyTaskWithTheLocatedMessage() throws IOException {
        Files.writeString(folder.resolve("sweeps/bad.yaml"), """
                sweep:
                  name: bad
                  scenario: ../scenarios/base.yaml
                  parameters:
                    - {path: "nodes[0].count", values: [2, -1]}
                """);
        SweepSpec bad = SweepSpec.load(folder.resolve("sweeps/bad.yaml"));
        ScenarioException e = assertThrows(ScenarioException.class, () -> SparkSweep.run(spark, bad, folder.resolve("bad")));
        assertTrue(e.getMessage().contains("sweep point 1"), e.getMessage());
        assertTrue(e.getMessage().contains("nodes[0].count"), e.getMessage());
        assertTrue(Files.notExists(folder.resolve("bad/results.csv")));
    }
}
