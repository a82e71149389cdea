package io.dime.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.analysis.RunTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepResultsTest {
    @TempDir
    Path dir;

    @Test
    void parametersAreTheColumnsBeforeTheFirstMetric() throws IOException {
        SweepResults grid = SweepResults.of(RunTables.csv(TestFolders.sweepGrid(dir).resolve("results.csv")));
        assertEquals(List.of("verification.rate", "nodes[0].count"), grid.parameters());
        assertEquals(List.of("ttft_ms.p95", "cost_per_mtok_usd.users", "verify.undetected_fraud_rate"), grid.metrics());
        assertEquals(6, grid.points().size());
        assertEquals(2, grid.replications());
        assertEquals("verification.rate=0.05, nodes[0].count=20", grid.points().get(3).label());
    }

    @Test
    void aMetricThatHappensToBeConstantInOneReplicationIsStillAMetric() throws IOException {
        Path file = dir.resolve("results.csv");
        Files.writeString(file, """
                point,replication,routing.policy,token.price,utilization,ttft_ms.p95
                0,0,cheapest,1.0,0.5,100
                1,0,nearest,2.0,0.6,90
                """);
        SweepResults sweep = SweepResults.of(RunTables.csv(file));
        assertEquals(List.of("routing.policy", "token.price"), sweep.parameters());
        assertEquals(List.of("utilization", "ttft_ms.p95"), sweep.metrics());
        assertFalse(sweep.isNumeric("routing.policy"));
        assertTrue(sweep.isNumeric("token.price"));
        assertEquals("nearest", sweep.points().get(1).parameters().get("routing.policy"));
        assertTrue(Double.isNaN(sweep.points().get(1).metrics().get("ttft_ms.p95").low()), "one replication has no interval");
    }

    @Test
    void eachPointsMetricIsTheMeanOfItsReplications() throws IOException {
        SweepResults sweep = SweepResults.of(RunTables.csv(TestFolders.sweepOverRate(dir).resolve("results.csv")));
        assertEquals(List.of("workload[0].arrival.rate"), sweep.parameters());
        SweepResults.Point third = sweep.points().get(2);
        assertEquals(5.0, third.number("workload[0].arrival.rate"));
        assertEquals("5", third.parameters().get("workload[0].arrival.rate"));
        assertEquals(301, third.mean("ttft_ms.p50"), 1e-9);
        assertEquals(List.of(300.0, 301.0, 302.0), third.metrics().get("ttft_ms.p50").values());
    }

    @Test
    void ratesWrittenWithOneUnitArePlacedOnANumericAxisButMixedUnitsStayCategories() throws IOException {
        Path file = dir.resolve("results.csv");
        Files.writeString(file, """
                point,replication,workload[0].arrival.rate,duration,routing.policy,ttft_ms.p50,ttft_ms.p99
                0,0,5/s,30s,cheapest,100,300
                1,0,20/s,2min,cheapest,120,500
                2,0,5/s,30s,slo-aware,90,250
                3,0,20/s,2min,slo-aware,110,400
                """);
        SweepResults sweep = SweepResults.of(RunTables.csv(file));
        assertTrue(sweep.isNumeric("workload[0].arrival.rate"));
        assertEquals(20.0, sweep.points().get(1).number("workload[0].arrival.rate"));
        assertEquals("20/s", sweep.points().get(1).parameters().get("workload[0].arrival.rate"));
        assertFalse(sweep.isNumeric("duration"), "30s and 2min are not in one unit");
        assertFalse(sweep.isNumeric("routing.policy"));
    }

    @Test
    void aCategoricalSecondParameterGivesOneLinePerValue() throws IOException {
        Path file = dir.resolve("results.csv");
        Files.writeString(file, """
                point,replication,workload[0].arrival.rate,routing.policy,ttft_ms.p50,ttft_ms.p99
                0,0,5/s,cheapest,100,300
                1,0,20/s,cheapest,120,500
                2,0,5/s,slo-aware,90,250
                3,0,20/s,slo-aware,110,400
                """);
        SweepResults sweep = SweepResults.of(RunTables.csv(file));
        var chart = Charts.percentilesAgainstLoad(sweep, "workload[0].arrival.rate", "routing.policy", List.of("ttft_ms.p50", "ttft_ms.p99"));
        var data = chart.getXYPlot().getDataset();
        assertEquals(4, data.getSeriesCount(), "two percentiles times two policies");
        assertEquals("TTFT p99 (ms), slo-aware", data.getSeriesKey(3).toString());
        assertEquals(20.0, data.getXValue(3, 1));
        assertEquals(400.0, data.getYValue(3, 1));
    }

    @Test
    void latencyPastASaturationKneeIsDrawnOnALogAxisAndOtherwiseFromZero() {
        var steep = new org.jfree.data.xy.YIntervalSeriesCollection();
        var series = new org.jfree.data.xy.YIntervalSeries("p99");
        series.add(1, 100, 90, 110);
        series.add(2, 40_000, 39_000, 41_000);
        steep.addSeries(series);
        assertTrue(Charts.rangeAxis(steep, "TTFT (ms)") instanceof org.jfree.chart.axis.LogAxis, "a 400-fold span");
        var gentle = new org.jfree.data.xy.YIntervalSeriesCollection();
        var flat = new org.jfree.data.xy.YIntervalSeries("p99");
        flat.add(1, 100, 90, 110);
        flat.add(2, 900, 850, 950);
        gentle.addSeries(flat);
        var axis = Charts.rangeAxis(gentle, "TTFT (ms)");
        assertTrue(axis instanceof org.jfree.chart.axis.NumberAxis n && n.getAutoRangeIncludesZero(), "a 10-fold span stays linear from zero");
    }
}
