package io.dime.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.analysis.RunTables;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.statistics.StatisticalCategoryDataset;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYZDataset;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** Each chart holds the data it is drawn from. */
class ChartsTest {
    @TempDir
    Path dir;

    private Table csv(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return RunTables.csv(file);
    }

    @Test
    void latencyCdfHasOnePointPerCompletedRequestAndEndsAtOne() throws IOException {
        Table requests = csv("requests.csv", """
                replication,request,class,client_region,node,node_region,status,arrival_s,prompt_tokens,output_tokens,attempts,ttft_ms,e2e_ms
                0,1,chat,us-east,3,us-east,completed,1.0,100,10,0,50,900
                0,2,chat,us-east,3,us-east,completed,2.0,100,10,0,30,700
                0,3,chat,us-east,,,dropped,3.0,100,10,0,,
                0,4,batch,eu-west,1,eu-west,completed,4.0,100,10,0,400,9000
                1,5,chat,eu-west,2,eu-west,completed,5.0,100,10,0,70,1100
                1,6,batch,eu-west,,,failed,6.0,100,10,2,,
                """);
        CombinedRangeXYPlot plot = (CombinedRangeXYPlot) Charts.latencyCdf(requests).getPlot();
        XYDataset ttft = plot.getSubplots().get(0).getDataset();
        XYDataset e2e = plot.getSubplots().get(1).getDataset();
        assertEquals(List.of("chat", "batch"), List.of(ttft.getSeriesKey(0), ttft.getSeriesKey(1)), "in order of first appearance");
        assertEquals(4, ttft.getItemCount(0) + ttft.getItemCount(1), "four completed requests");
        assertEquals(4, e2e.getItemCount(0) + e2e.getItemCount(1));
        // chat: 30, 50, 70 ms at 1/3, 2/3, 1.
        assertArrayEquals(new double[] {30, 50, 70}, xs(ttft, 0));
        assertArrayEquals(new double[] {1 / 3.0, 2 / 3.0, 1}, ys(ttft, 0), 1e-12);
    }

    @Test
    void latencyCdfOfARealRunCountsEveryCompletedRow() {
        Path run = TestFolders.run(dir);
        Table requests = RunTables.of(run).requests();
        int completed = requests.where(requests.stringColumn("status").isEqualTo("completed")).rowCount();
        CombinedRangeXYPlot plot = (CombinedRangeXYPlot) Charts.latencyCdf(requests).getPlot();
        XYDataset ttft = plot.getSubplots().get(0).getDataset();
        int points = 0;
        for (int s = 0; s < ttft.getSeriesCount(); s++) {
            points += ttft.getItemCount(s);
        }
        assertTrue(completed > 100);
        assertEquals(completed, points);
    }

    @Test
    void paretoFrontierKeepsOnlyPointsNoOtherBeatsOnBoth() {
        CostLatencyPoint fastDear = new CostLatencyPoint("fast-dear", "centralized", 50, 10);
        CostLatencyPoint middle = new CostLatencyPoint("middle", "decentralized", 100, 5);
        CostLatencyPoint slowerAndDearer = new CostLatencyPoint("dominated-1", "decentralized", 150, 6);
        CostLatencyPoint cheap = new CostLatencyPoint("cheap", "decentralized", 200, 2);
        CostLatencyPoint sameCostButSlower = new CostLatencyPoint("dominated-2", "decentralized", 300, 2.0000000000000027);
        List<CostLatencyPoint> points = List.of(slowerAndDearer, cheap, fastDear, sameCostButSlower, middle);

        assertEquals(List.of(fastDear, middle, cheap), ParetoFrontier.of(points));
        assertTrue(middle.dominates(slowerAndDearer));
        assertTrue(cheap.dominates(sameCostButSlower), "a cost equal up to rounding does not save a slower point");
    }

    @Test
    void costChartDrawsTheFrontierAsItsOwnSeriesAndCentralizedGroupsApart() {
        List<CostLatencyPoint> points = List.of(
                new CostLatencyPoint("cloud", "centralized", 50, 15),
                new CostLatencyPoint("gamers", "decentralized", 120, 2.5),
                new CostLatencyPoint("slow", "decentralized", 300, 3));
        XYPlot plot = (XYPlot) Charts.costAgainstLatency(points, "TTFT p99 (ms)", "USD per 1M tokens").getPlot();
        XYDataset data = plot.getDataset();
        assertEquals(List.of("centralized", "decentralized", "Pareto frontier"), List.of(data.getSeriesKey(0), data.getSeriesKey(1), data.getSeriesKey(2)));
        assertEquals(1, data.getItemCount(0));
        assertEquals(2, data.getItemCount(1));
        assertArrayEquals(new double[] {50, 120}, xs(data, 2), "the slow point is dominated by gamers");
        assertTrue(plot.getRenderer().getSeriesShape(0) instanceof java.awt.geom.Rectangle2D, "centralized groups are squares");
        assertTrue(plot.getRenderer().getSeriesShape(1) instanceof java.awt.geom.Ellipse2D);
    }

    @Test
    void percentilesAgainstLoadPlotTheMeanOverReplicationsWithItsInterval() throws IOException {
        SweepResults sweep = SweepResults.of(RunTables.csv(TestFolders.sweepOverRate(dir).resolve("results.csv")));
        JFreeChart chart = Charts.percentilesAgainstLoad(sweep, "workload[0].arrival.rate", List.of("ttft_ms.p50", "ttft_ms.p95", "ttft_ms.p99"));
        YIntervalSeriesCollection data = (YIntervalSeriesCollection) ((XYPlot) chart.getPlot()).getDataset();
        assertEquals(3, data.getSeriesCount());
        assertEquals("TTFT p50 (ms)", data.getSeriesKey(0));
        assertArrayEquals(new double[] {1, 2, 5, 10}, xs(data, 0));
        // p50 at rate 1: replications 100, 101, 102.
        assertEquals(101, data.getYValue(0, 0), 1e-9);
        assertTrue(data.getStartYValue(0, 0) < 101 && data.getEndYValue(0, 0) > 101, "a 95% interval around the mean");
        assertEquals(601, data.getYValue(2, 1), 1e-9, "p99 at rate 2");
    }

    @Test
    void heatMapHasACellPerPointColouredByItsMean() throws IOException {
        SweepResults sweep = SweepResults.of(RunTables.csv(TestFolders.sweepGrid(dir).resolve("results.csv")));
        JFreeChart chart = Charts.sweepHeatMap(sweep, "verification.rate", "nodes[0].count", "cost_per_mtok_usd.users");
        XYZDataset data = (XYZDataset) ((XYPlot) chart.getPlot()).getDataset();
        assertEquals(6, data.getItemCount(0));
        for (int i = 0; i < 6; i++) {
            SweepResults.Point point = sweep.points().get(i);
            assertEquals(point.mean("cost_per_mtok_usd.users"), data.getZValue(0, i), 1e-12);
        }
        // Rates 0.01, 0.05, 0.1 at columns 0, 1, 2; counts 10, 20 at rows 0, 1.
        assertEquals(2, data.getXValue(0, 4));
        assertEquals(0, data.getYValue(0, 4));
        assertEquals(2 + 10 * 0.1 + 0.005, data.getZValue(0, 4), 1e-9);
    }

    @Test
    void tokenChartHasAControllerPanelOnlyWhenTheRunHasControllers() throws IOException {
        String header = "replication,time_h,price_usd,supply,active_operators,utilization";
        Table without = csv("plain.csv", header + "\n0,1,1.0,1e6,10,0.5\n0,2,1.1,1.1e6,11,0.6\n1,1,0.9,1e6,10,0.4\n");
        Table with = csv("controlled.csv", header + ",error_burn,output_burn\n0,1,1.0,1e6,10,0.5,0,0.01\n0,2,1.1,1.1e6,11,0.6,-0.1,0.02\n");
        CombinedDomainXYPlot plain = (CombinedDomainXYPlot) Charts.tokenEconomy(without).getPlot();
        CombinedDomainXYPlot controlled = (CombinedDomainXYPlot) Charts.tokenEconomy(with).getPlot();
        assertEquals(2, plain.getSubplots().size());
        assertEquals(3, controlled.getSubplots().size());
        XYDataset price = plain.getSubplots().get(0).getDataset();
        assertEquals(2, price.getItemCount(0), "replication 0 only");
        assertArrayEquals(new double[] {1.0, 1.1}, ys(price, 0), 1e-12);
        assertArrayEquals(new double[] {1.0, 1.1}, ys(plain.getSubplots().get(1).getDataset(), 0), 1e-12, "supply in millions");
        assertArrayEquals(new double[] {0.01, 0.02}, ys(controlled.getSubplots().get(2).getDataset(), 0), 1e-12);

        CombinedDomainXYPlot operators = (CombinedDomainXYPlot) Charts.operatorsOverTime(without).getPlot();
        assertArrayEquals(new double[] {10, 11}, ys(operators.getSubplots().get(0).getDataset(), 0));
        assertArrayEquals(new double[] {0.5, 0.6}, ys(operators.getSubplots().get(1).getDataset(), 0), 1e-12);
    }

    @Test
    void schemeBarsHoldEachSchemesMeanAndLeaveUndefinedValuesOut() throws IOException {
        Table schemes = csv("schemes.csv", """
                scheme,verify.undetected_fraud_rate,verify.undetected_fraud_rate_ci_low,verify.undetected_fraud_rate_ci_high,verify.overhead_share,verify.overhead_share_ci_low,verify.overhead_share_ci_high,verify.added_latency_ms.p99,verify.added_latency_ms.p99_ci_low,verify.added_latency_ms.p99_ci_high
                none,0.11,0.10,0.12,0,0,0,0,0,0
                redundancy,0.004,0.003,0.005,1.8,1.7,1.9,1222,1180,1264
                zkml,NaN,NaN,NaN,1000,999,1001,0,0,0
                """);
        CombinedDomainCategoryPlot plot = (CombinedDomainCategoryPlot) Charts.verificationSchemes(schemes).getPlot();
        List<CategoryPlot> panels = plot.getSubplots();
        assertEquals(3, panels.size());
        StatisticalCategoryDataset fraud = (StatisticalCategoryDataset) panels.get(0).getDataset();
        assertEquals(List.of("none", "redundancy", "zkml"), fraud.getColumnKeys());
        assertEquals(0.11, fraud.getMeanValue(0, 0).doubleValue());
        assertEquals(0.01, fraud.getStdDevValue(0, 0).doubleValue(), 1e-12, "whisker: half the 95% interval");
        assertNull(fraud.getMeanValue(0, 2), "an undefined mean draws no bar");
        assertEquals(1222, ((StatisticalCategoryDataset) panels.get(2).getDataset()).getMeanValue(0, 1).doubleValue());
    }

    @Test
    void cheatingOverTimeAveragesReplicationsHourByHour() throws IOException {
        Table verification = csv("verification.csv", """
                replication,scheme,time_h,rational_cheat_rate,cheated,detected
                0,spot-check,1.0,0.5,100,10
                1,spot-check,1.0,0.5,300,30
                0,spot-check,2.0,0.4,50,25
                1,spot-check,2.0,0.4,50,25
                """);
        Map<String, Table> byScheme = new LinkedHashMap<>();
        byScheme.put("spot-check", verification);
        CombinedDomainXYPlot plot = (CombinedDomainXYPlot) Charts.cheatingOverTime(byScheme).getPlot();
        assertArrayEquals(new double[] {200, 50}, ys(plot.getSubplots().get(0).getDataset(), 0));
        assertArrayEquals(new double[] {0.1, 0.5}, ys(plot.getSubplots().get(1).getDataset(), 0), 1e-12);
    }

    @Test
    void comparisonDifferencesAreInPercentOfTheBaseline() throws IOException {
        Path run = TestFolders.run(dir);
        Table comparison = RunTables.csv(TestFolders.comparison(dir, run, "faster").resolve("comparison.csv"));
        JFreeChart chart = Charts.comparisonDifferences(comparison, List.of("ttft_ms.p99", "cost_per_mtok_usd.users", "token.volatility"));
        StatisticalCategoryDataset data = (StatisticalCategoryDataset) ((CategoryPlot) chart.getPlot()).getDataset();
        assertEquals(List.of("faster"), data.getRowKeys());
        assertEquals(2, data.getColumnCount(), "no percentage of a zero baseline");
        assertEquals(-25.0, data.getMeanValue("faster", "TTFT p99 (ms)").doubleValue(), 1e-9);
        assertEquals(2.5, data.getStdDevValue("faster", "TTFT p99 (ms)").doubleValue(), 1e-9, "half of [-110, -90], in % of 400");
        assertEquals(20.0, data.getMeanValue("faster", "cost per 1M tokens, users (USD)").doubleValue(), 1e-9);
    }

    @Test
    void savedChartsArePngAndSvgOfTheRightSizeAndTheSameEachTime() throws IOException {
        JFreeChart chart = Charts.costAgainstLatency(List.of(new CostLatencyPoint("a", "decentralized", 1, 2)), "latency (ms)", "USD");
        Charts.save(chart, dir.resolve("one"), "cost");
        Charts.save(chart, dir.resolve("two"), "cost");
        BufferedImage png = ImageIO.read(dir.resolve("one/cost.png").toFile());
        assertEquals(900, png.getWidth());
        assertEquals(500, png.getHeight());
        String svg = Files.readString(dir.resolve("one/cost.svg"));
        assertTrue(svg.contains("<svg") && svg.contains("width='900") && svg.contains("height='500"), svg.substring(0, 300));
        assertArrayEquals(Files.readAllBytes(dir.resolve("one/cost.png")), Files.readAllBytes(dir.resolve("two/cost.png")));
        assertEquals(svg, Files.readString(dir.resolve("two/cost.svg")));
    }

    private static double[] xs(XYDataset data, int series) {
        double[] xs = new double[data.getItemCount(series)];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = data.getXValue(series, i);
        }
        return xs;
    }

    private static double[] ys(XYDataset data, int series) {
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < data.getItemCount(series); i++) {
            ys.add(data.getYValue(series, i));
        }
        return ys.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
