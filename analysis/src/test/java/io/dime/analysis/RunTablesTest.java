package io.dime.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.RunOutcome;
import io.dime.sim.metrics.Estimate;
import io.dime.sim.output.RunWriter;
import io.dime.sim.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

/** A real run folder, written by the simulator in the test, read back as tables. */
class RunTablesTest {
    /** Small but complete: two node groups, two request classes, a token economy and a verification scheme. */
    static final String TINY = """
            name: tiny
            seed: 5
            duration: 3h
            warmup: 10min
            replications: 2
            regions: [us-east, eu-west]
            nodes:
              - {name: gamers, count: 6, gpu: rtx-4090, model: llama-3-8b, regions: {us-east: 0.5, eu-west: 0.5}}
              - {name: cloud, kind: centralized, count: 1, gpu: h100-sxm, model: llama-3-8b, region: us-east, price_per_mtok: 15}
            workload:
              - name: chat
                arrival: {process: poisson, rate: 0.5/s}
                prompt_tokens: {dist: lognormal, median: 400, sigma: 0.8, max: 4096}
                output_tokens: {dist: lognormal, median: 150, sigma: 0.7, max: 1024}
                slo: {ttft: 1s, e2e: 20s}
              - name: batch
                arrival: {process: poisson, rate: 0.2/s}
                prompt_tokens: {dist: lognormal, median: 800, sigma: 0.5, max: 4096}
                output_tokens: {dist: lognormal, median: 300, sigma: 0.5, max: 1024}
                slo: {ttft: 10s, e2e: 60s}
            market: {pricing: posted, price_per_mtok: 2.5, protocol_fee: 0.1}
            token:
              supply: 1.0e6
              price: 1.0
              epoch: 1h
              emission: {schedule: constant, per_day: 500}
              burn: {share: 0.001}
              treasury_usd: 1000
              pool: {usd: 5000, fee: 0.003}
            verification: {scheme: spot-check, rate: 0.1}
            adversaries:
              - {strategy: lazy, share: 0.2, cheat_rate: 0.3}
            output: {requests_sample: 1.0}
            """;

    @TempDir
    static Path temp;
    static RunOutcome outcome;
    static Path run;

    @BeforeAll
    static void runTheTinyScenario() {
        outcome = RunOutcome.run(new ScenarioLoader().parse(TINY), 2);
        run = temp.resolve("run");
        RunWriter.write(run, outcome);
    }

    @Test
    void metricsHoldEverySummaryEstimateUnderItsDottedName() {
        Table metrics = RunTables.of(run).metrics();
        assertEquals(List.of("metric", "mean", "ci_low", "ci_high"), metrics.columnNames());
        assertEquals(outcome.summary().estimates().size(), metrics.rowCount());
        for (String name : List.of("ttft_ms.p50", "ttft_ms.mean", "cost_per_mtok_usd.users", "groups.cloud.ttft_ms.p99", "classes.batch.e2e_ms.p50")) {
            Estimate expected = outcome.summary().get(name);
            Table row = metrics.where(metrics.stringColumn("metric").isEqualTo(name));
            assertEquals(1, row.rowCount(), name);
            assertEquals(expected.mean(), row.doubleColumn("mean").get(0), 1e-9, name);
            assertEquals(expected.low(), row.doubleColumn("ci_low").get(0), 1e-9, name);
            assertEquals(expected.high(), row.doubleColumn("ci_high").get(0), 1e-9, name);
        }
    }

    @Test
    void requestsAndNodesKeepEveryRowWithNamesAsText() throws IOException {
        RunTables tables = RunTables.of(run);
        Table requests = tables.requests();
        long lines = Files.readAllLines(run.resolve("requests.csv")).size();
        assertEquals(lines - 1, requests.rowCount());
        assertTrue(requests.rowCount() > 100, "the tiny run samples every request");
        assertEquals(ColumnType.STRING, requests.column("class").type());
        assertEquals(ColumnType.DOUBLE, requests.column("ttft_ms").type());
        assertEquals(List.of("batch", "chat"), requests.stringColumn("class").unique().asList().stream().sorted().toList());

        Table nodes = tables.nodes();
        assertEquals(7 * 2, nodes.rowCount(), "seven nodes in each of two replications");
        assertEquals(ColumnType.STRING, nodes.column("group").type());
    }

    @Test
    void timeseriesAndVerificationArePresentOnlyWhenTheRunHasThem() {
        RunTables tables = RunTables.of(run);
        Table timeseries = tables.timeseries().orElseThrow();
        assertEquals(2 * 3, timeseries.rowCount(), "one row per hourly epoch and replication");
        assertTrue(timeseries.columnNames().contains("price_usd"));
        assertTrue(tables.verification().orElseThrow().rowCount() > 0);
        assertEquals("spot-check", tables.verification().orElseThrow().stringColumn("scheme").get(0));
    }

    @Test
    void aFolderWithoutTheOptionalFilesGivesEmpty(@TempDir Path dir) throws IOException {
        Files.copy(run.resolve("summary.json"), dir.resolve("summary.json"));
        RunTables tables = RunTables.of(dir);
        assertFalse(tables.timeseries().isPresent());
        assertFalse(tables.verification().isPresent());
    }

    @Test
    void aFolderWithoutSummaryIsNotARunFolder(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunTables.of(dir));
        assertTrue(e.getMessage().contains("summary.json"), e.getMessage());
    }

    @Test
    void csvReadsNaNAndEmptyCellsAsMissingNumbers(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("schemes.csv");
        Files.writeString(file, "scheme,delay_s,share\nnone,NaN,0.5\nzkml,12.5,\n");
        Table table = RunTables.csv(file);
        assertEquals(ColumnType.STRING, table.column("scheme").type());
        assertEquals(ColumnType.DOUBLE, table.column("delay_s").type());
        assertTrue(Double.isNaN(table.doubleColumn("delay_s").getDouble(0)));
        assertEquals(12.5, table.doubleColumn("delay_s").getDouble(1));
        assertTrue(Double.isNaN(table.doubleColumn("share").getDouble(1)));
    }

    @Test
    void csvKeepsAHeaderOnlyFileAsAnEmptyTable(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("requests.csv");
        Files.writeString(file, "replication,class,ttft_ms\n");
        Table table = RunTables.csv(file);
        assertEquals(0, table.rowCount());
        assertEquals(ColumnType.STRING, table.column("class").type());
    }
}
