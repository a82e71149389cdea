package io.dime.reports;

import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.labels.CategoryItemLabelGenerator;
import org.jfree.data.category.CategoryDataset;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;

/**
 * The charts of a report, each built from the tables a run, sweep or comparison folder holds,
 * and {@link #save} to write one as PNG and SVG. Every builder returns the chart, so a test
 * can check that its datasets hold the data.
 */
public final class Charts {
    public static final int WIDTH_PX = 900;
    public static final int HEIGHT_PX = 500;

    private Charts() {
    }

    /**
     * Writes {@code <dir>/<name>.png} and {@code <dir>/<name>.svg}, 900 × 500. The same chart
     * gives the same bytes: JFreeSVG's default prefix for its definitions is a clock reading,
     * so a fixed one is set.
     */
    public static void save(JFreeChart chart, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        try (OutputStream png = Files.newOutputStream(dir.resolve(name + ".png"))) {
            ChartUtils.writeChartAsPNG(png, chart, WIDTH_PX, HEIGHT_PX);
        }
        SVGGraphics2D svg = new SVGGraphics2D(WIDTH_PX, HEIGHT_PX);
        svg.setDefsKeyPrefix(name + "-");
        chart.draw(svg, new Rectangle(0, 0, WIDTH_PX, HEIGHT_PX));
        Files.writeString(dir.resolve(name + ".svg"), svg.getSVGDocument() + "\n", StandardCharsets.UTF_8);
    }

    /** {@link #latencyCdf(Table, String)} with one line per request class. */
    public static JFreeChart latencyCdf(Table requests) {
        return latencyCdf(requests, "class");
    }

    /**
     * Distribution of TTFT (left) and end-to-end latency (right) over completed requests, one
     * line per value of {@code groupColumn} (request class, scenario or scheme). Needs
     * requests.csv's status, ttft_ms and e2e_ms; all replications are pooled.
     */
    public static JFreeChart latencyCdf(Table requests, String groupColumn) {
        Table completed = requests.where(requests.stringColumn("status").isEqualTo("completed"));
        XYSeriesCollection ttft = new XYSeriesCollection();
        XYSeriesCollection e2e = new XYSeriesCollection();
        // In order of first appearance: scenarios and schemes keep the order they were given in.
        for (String group : completed.stringColumn(groupColumn).asList().stream().distinct().toList()) {
            Table rows = completed.where(completed.stringColumn(groupColumn).isEqualTo(group));
            ttft.addSeries(cdf(group, rows.numberColumn("ttft_ms")));
            e2e.addSeries(cdf(group, rows.numberColumn("e2e_ms")));
        }
        NumberAxis share = ChartStyle.numberAxis("share of completed requests at or below");
        share.setRange(0, 1.0);
        CombinedRangeXYPlot plot = new CombinedRangeXYPlot(share);
        plot.setGap(16);
        XYPlot ttftPlot = lines(ttft, ChartStyle.numberAxis("TTFT (ms)"), null);
        plot.add(ttftPlot, 1);
        plot.add(lines(e2e, ChartStyle.numberAxis("end-to-end latency (ms)"), null), 1);
        plot.setFixedLegendItems(ttftPlot.getLegendItems());
        return ChartStyle.chart("Latency distribution by " + groupColumn + " (completed requests, all replications)", plot, true);
    }

    /**
     * A sweep's latency percentiles (e.g. ttft_ms.p50, p95, p99) against one parameter, such
     * as an arrival rate or a node count: means over replications, whiskers the 95% interval.
     */
    public static JFreeChart percentilesAgainstLoad(SweepResults sweep, String parameter, List<String> percentileMetrics) {
        return percentilesAgainstLoad(sweep, parameter, null, percentileMetrics);
    }

    /**
     * Latency percentiles against a numeric parameter, one line per percentile and, when
     * {@code groupBy} names a second parameter, per value of it (for example per routing policy).
     */
    public static JFreeChart percentilesAgainstLoad(SweepResults sweep, String parameter, String groupBy, List<String> percentileMetrics) {
        List<String> present = percentileMetrics.stream().filter(sweep.metrics()::contains).toList();
        String quantity = present.isEmpty() ? "latency" : MetricNames.quantity(present.get(0));
        return againstParameter(sweep, parameter, groupBy, present, quantity,
                quantity.replace(" (ms)", "") + " percentiles against " + parameter + " (" + replicationsNote(sweep) + ")");
    }

    /** One metric against a numeric parameter, a line per value of {@code groupBy} when given. */
    public static JFreeChart sweepLines(SweepResults sweep, String parameter, String groupBy, String metric) {
        return againstParameter(sweep, parameter, groupBy, List.of(metric), MetricNames.label(metric),
                MetricNames.label(metric) + " against " + parameter + " (" + replicationsNote(sweep) + ")");
    }

    /**
     * One metric of a two-parameter sweep whose points do not form a grid (random or
     * Latin-hypercube designs): each point where its two parameter values place it, coloured by
     * the metric's mean, with the colour scale beside.
     */
    public static JFreeChart sweepScatter(SweepResults sweep, String xParameter, String yParameter, String metric) {
        List<SweepResults.Point> points = sweep.points().stream().filter(p -> Double.isFinite(p.mean(metric))).toList();
        double[][] cells = new double[3][points.size()];
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < points.size(); i++) {
            cells[0][i] = points.get(i).number(xParameter);
            cells[1][i] = points.get(i).number(yParameter);
            cells[2][i] = points.get(i).mean(metric);
            low = Math.min(low, cells[2][i]);
            high = Math.max(high, cells[2][i]);
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries(metric, cells);
        ColorRamp ramp = new ColorRamp(points.isEmpty() ? 0 : low, points.isEmpty() ? 1 : high);
        org.jfree.chart.renderer.xy.XYShapeRenderer renderer = new org.jfree.chart.renderer.xy.XYShapeRenderer();
        renderer.setPaintScale(ramp);
        renderer.setDefaultShape(new Ellipse2D.Double(-6, -6, 12, 12));
        renderer.setDrawOutlines(true);
        renderer.setDefaultOutlinePaint(java.awt.Color.DARK_GRAY);
        renderer.setUseOutlinePaint(true);
        NumberAxis x = ChartStyle.numberAxis(xParameter);
        NumberAxis y = ChartStyle.numberAxis(yParameter);
        x.setAutoRangeIncludesZero(false);
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = ChartStyle.plain(new XYPlot(data, x, y, renderer));
        JFreeChart chart = ChartStyle.chart(MetricNames.label(metric) + " over " + xParameter + " and " + yParameter
                + " (" + points.size() + " points, " + (sweep.replications() == 1 ? "1 replication" : "mean of " + sweep.replications() + " replications") + ")",
                plot, false);
        PaintScaleLegend legend = new PaintScaleLegend(ramp, ChartStyle.numberAxis(MetricNames.label(metric)));
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setStripWidth(14);
        legend.setMargin(new RectangleInsets(4, 10, 4, 4));
        chart.addSubtitle(legend);
        return chart;
    }

    /**
     * One metric of a two-parameter sweep as a heat map: a cell per pair of values, coloured by
     * the metric's mean and labelled with it. Values are placed in order but evenly spaced, so a
     * grid such as 1, 2, 5, 10 reads as a grid.
     */
    public static JFreeChart sweepHeatMap(SweepResults sweep, String xParameter, String yParameter, String metric) {
        List<String> xs = orderedValues(sweep, xParameter);
        List<String> ys = orderedValues(sweep, yParameter);
        List<SweepResults.Point> points = sweep.points().stream().filter(p -> Double.isFinite(p.mean(metric))).toList();
        double[][] cells = new double[3][points.size()];
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < points.size(); i++) {
            SweepResults.Point point = points.get(i);
            cells[0][i] = xs.indexOf(point.parameters().get(xParameter));
            cells[1][i] = ys.indexOf(point.parameters().get(yParameter));
            cells[2][i] = point.mean(metric);
            low = Math.min(low, cells[2][i]);
            high = Math.max(high, cells[2][i]);
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries(metric, cells);
        ColorRamp ramp = new ColorRamp(points.isEmpty() ? 0 : low, points.isEmpty() ? 1 : high);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(ramp);
        XYPlot plot = ChartStyle.plain(new XYPlot(data, ChartStyle.font(new SymbolAxis(xParameter, xs.toArray(String[]::new))),
                ChartStyle.font(new SymbolAxis(yParameter, ys.toArray(String[]::new))), renderer));
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        for (int i = 0; i < points.size(); i++) {
            XYTextAnnotation value = new XYTextAnnotation(Numbers.format(cells[2][i]), cells[0][i], cells[1][i]);
            value.setFont(ChartStyle.TICK_FONT);
            value.setTextAnchor(TextAnchor.CENTER);
            value.setPaint(ColorRamp.textOn(ramp.colorAt(cells[2][i])));
            plot.addAnnotation(value);
        }
        JFreeChart chart = ChartStyle.chart(MetricNames.label(metric) + " by " + xParameter + " and " + yParameter
                + " (" + (sweep.replications() == 1 ? "1 replication" : "mean of " + sweep.replications() + " replications") + ")", plot, false);
        PaintScaleLegend legend = new PaintScaleLegend(ramp, ChartStyle.numberAxis(MetricNames.label(metric)));
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setStripWidth(14);
        legend.setMargin(new RectangleInsets(4, 10, 4, 4));
        chart.addSubtitle(legend);
        return chart;
    }

    /**
     * Cost per 1M tokens against latency, one point per node group, sweep point or scenario,
     * drawn by kind (centralized groups as squares) and labelled, with the Pareto frontier —
     * the points nothing beats on both — as a dashed line.
     */
    public static JFreeChart costAgainstLatency(List<CostLatencyPoint> points, String latencyLabel, String costLabel) {
        Map<String, XYSeries> byKind = new LinkedHashMap<>();
        for (CostLatencyPoint point : points.stream().filter(CostLatencyPoint::isFinite).toList()) {
            byKind.computeIfAbsent(point.kind(), kind -> new XYSeries(kind, false, true)).add(point.latencyMs(), point.costPerMTokUsd());
        }
        XYSeriesCollection data = new XYSeriesCollection();
        byKind.values().forEach(data::addSeries);
        XYSeries frontier = new XYSeries("Pareto frontier", false, true);
        ParetoFrontier.of(points).forEach(p -> frontier.add(p.latencyMs(), p.costPerMTokUsd()));
        data.addSeries(frontier);

        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        int series = 0;
        for (String kind : byKind.keySet()) {
            renderer.setSeriesPaint(series, ChartStyle.color(kind.equals("centralized") ? 3 : series));
            renderer.setSeriesShape(series, kind.equals("centralized") ? new Rectangle2D.Double(-6, -6, 12, 12) : new Ellipse2D.Double(-6, -6, 12, 12));
            series++;
        }
        // The frontier is a dashed line with a ring round each of its points, so that a frontier
        // of one point shows too.
        renderer.setSeriesLinesVisible(series, true);
        renderer.setSeriesShapesVisible(series, true);
        renderer.setSeriesShapesFilled(series, false);
        renderer.setSeriesShape(series, new Ellipse2D.Double(-10, -10, 20, 20));
        renderer.setSeriesPaint(series, java.awt.Color.DARK_GRAY);
        renderer.setSeriesStroke(series, ChartStyle.DASHED);
        renderer.setUseOutlinePaint(false);
        List<CostLatencyPoint> finite = points.stream().filter(CostLatencyPoint::isFinite).toList();
        org.jfree.chart.axis.ValueAxis cost = spanAxis(costLabel, finite.stream().mapToDouble(CostLatencyPoint::costPerMTokUsd).toArray());
        cost.setUpperMargin(0.1);
        org.jfree.chart.axis.ValueAxis latency = spanAxis(latencyLabel, finite.stream().mapToDouble(CostLatencyPoint::latencyMs).toArray());
        // Room on the right for the label of the slowest point.
        latency.setLowerMargin(0.05);
        latency.setUpperMargin(0.2);
        XYPlot plot = ChartStyle.plain(new XYPlot(data, latency, cost, renderer));
        for (CostLatencyPoint point : points.stream().filter(CostLatencyPoint::isFinite).toList()) {
            XYTextAnnotation label = new XYTextAnnotation("  " + point.label(), point.latencyMs(), point.costPerMTokUsd());
            label.setFont(ChartStyle.NOTE_FONT);
            label.setTextAnchor(TextAnchor.BOTTOM_LEFT);
            plot.addAnnotation(label);
        }
        return ChartStyle.chart("Cost against latency (lower left is better; dashed: Pareto frontier)", plot, true);
    }

    /**
     * The token over time in replication 0: price, supply and, when the scenario has
     * controllers, each controller's output (timeseries.csv's output_* columns), in panels
     * that share the time axis.
     */
    public static JFreeChart tokenEconomy(Table timeseries) {
        Table first = firstReplication(timeseries);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(ChartStyle.numberAxis("time (h)"));
        plot.setGap(10);
        plot.add(panel(first, List.of("price_usd"), List.of("token price"), "price (USD)", v -> v), 1);
        plot.add(panel(first, List.of("supply"), List.of("supply"), "supply (M tokens)", v -> v / 1e6), 1);
        List<String> outputs = first.columnNames().stream().filter(c -> c.startsWith("output_")).toList();
        if (!outputs.isEmpty()) {
            List<String> labels = outputs.stream().map(c -> c.substring("output_".length()) + " controller output").toList();
            plot.add(panel(first, outputs, labels, "controller output", v -> v), 1);
        }
        return ChartStyle.chart("Token price, supply" + (outputs.isEmpty() ? "" : " and controller output") + " over time (replication 0)", plot, true);
    }

    /**
     * The token economies of several scenarios over time, from each one's timeseries.csv: token
     * price and active operators, each the mean over replications at every epoch (with common
     * random numbers the replications line up, so the mean compares like with like).
     */
    public static JFreeChart economiesOverTime(Map<String, Table> timeseriesByScenario) {
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(ChartStyle.numberAxis("time (h)"));
        plot.setGap(10);
        XYPlot price = lines(meanOverReplications(timeseriesByScenario, "price_usd"), null, ChartStyle.numberAxis("token price (USD)"));
        plot.add(price, 1);
        plot.add(lines(meanOverReplications(timeseriesByScenario, "active_operators"), null, ChartStyle.numberAxis("active operators")), 1);
        plot.setFixedLegendItems(price.getLegendItems());
        return ChartStyle.chart("Token price and active operators over time by scenario (mean over replications)", plot, true);
    }

    private static XYSeriesCollection meanOverReplications(Map<String, Table> tables, String column) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, Table> entry : tables.entrySet()) {
            Table table = entry.getValue();
            TreeMap<Double, double[]> byHour = new TreeMap<>();
            for (int row = 0; row < table.rowCount(); row++) {
                double[] sums = byHour.computeIfAbsent(value(table, "time_h", row), h -> new double[2]);
                sums[0] += value(table, column, row);
                sums[1] += 1;
            }
            XYSeries series = new XYSeries(entry.getKey(), false, true);
            byHour.forEach((hour, sums) -> series.add(hour.doubleValue(), sums[0] / sums[1]));
            data.addSeries(series);
        }
        return data;
    }

    /** Active operators and utilization over time in replication 0, from timeseries.csv. */
    public static JFreeChart operatorsOverTime(Table timeseries) {
        Table first = firstReplication(timeseries);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(ChartStyle.numberAxis("time (h)"));
        plot.setGap(10);
        plot.add(panel(first, List.of("active_operators"), List.of("active operators"), "operators", v -> v), 1);
        XYPlot utilization = panel(first, List.of("utilization"), List.of("utilization"), "utilization (share)", v -> v);
        ((XYLineAndShapeRenderer) utilization.getRenderer()).setSeriesPaint(0, ChartStyle.color(2));
        plot.add(utilization, 1);
        return ChartStyle.chart("Active operators and utilization over time (replication 0)", plot, true);
    }

    /**
     * Verification schemes side by side, from schemes.csv: fraud left per request, GPU
     * overhead and latency added at p99; bars are means, whiskers 95% intervals.
     */
    public static JFreeChart verificationSchemes(Table schemes) {
        // Short axis labels: a panel is a third of the height. The title says what they mean.
        List<String[]> panels = List.of(
                new String[] {"verify.undetected_fraud_rate", "fraud left"},
                new String[] {"verify.overhead_share", "GPU overhead"},
                new String[] {"verify.added_latency_ms.p99", "+p99 (ms)"});
        return sideBySide(schemes, "scheme", "verification scheme", panels, "Verification schemes: fraud left per request, GPU overhead"
                + " (share of users' work), added latency p99 (whiskers: 95% CI)");
    }

    /**
     * Choices side by side, one bar panel per metric: {@code table} has a row per choice in
     * {@code categoryColumn} and, per metric m, columns m, m_ci_low and m_ci_high. Panels whose
     * metric is missing are left out. Values are printed on the bars, since one choice far above
     * the others (zkML's overhead, a cloud's price) flattens the rest to nothing.
     */
    public static JFreeChart sideBySide(Table table, String categoryColumn, String categoryLabel, List<String[]> panels, String title) {
        CombinedDomainCategoryPlot plot = new CombinedDomainCategoryPlot(ChartStyle.categoryAxis(categoryLabel));
        plot.getDomainAxis().setMaximumCategoryLabelLines(2);
        plot.setGap(12);
        int index = 0;
        for (String[] panel : panels) {
            if (!table.columnNames().contains(panel[0])) {
                continue;
            }
            DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
            for (int row = 0; row < table.rowCount(); row++) {
                String category = table.stringColumn(categoryColumn).get(row);
                data.add(finiteOrNull(value(table, panel[0], row)),
                        halfWidth(value(table, panel[0] + "_ci_low", row), value(table, panel[0] + "_ci_high", row)), panel[1], category);
            }
            CategoryPlot bars = bars(data, ChartStyle.numberAxis(panel[1]), index++);
            bars.getRangeAxis().setUpperMargin(0.2);
            bars.getRenderer().setDefaultItemLabelGenerator(new TableNumberLabels());
            bars.getRenderer().setDefaultItemLabelFont(ChartStyle.NOTE_FONT);
            bars.getRenderer().setDefaultItemLabelsVisible(true);
            plot.add(bars, 1);
        }
        return ChartStyle.chart(title, plot, false);
    }

    /**
     * Cheating over time, one line per scheme, from verification.csv: cheats per hour and the
     * share of them caught, means over replications.
     */
    public static JFreeChart cheatingOverTime(Map<String, Table> verificationByScheme) {
        XYSeriesCollection cheats = new XYSeriesCollection();
        XYSeriesCollection caught = new XYSeriesCollection();
        for (Map.Entry<String, Table> entry : verificationByScheme.entrySet()) {
            XYSeries cheatSeries = new XYSeries(entry.getKey(), false, true);
            XYSeries caughtSeries = new XYSeries(entry.getKey(), false, true);
            TreeMap<Double, double[]> byHour = new TreeMap<>();
            Table table = entry.getValue();
            for (int row = 0; row < table.rowCount(); row++) {
                double[] sums = byHour.computeIfAbsent(value(table, "time_h", row), h -> new double[3]);
                sums[0] += value(table, "cheated", row);
                sums[1] += value(table, "detected", row);
                sums[2] += 1;
            }
            byHour.forEach((hour, sums) -> {
                cheatSeries.add(hour.doubleValue(), sums[0] / sums[2]);
                caughtSeries.add(hour.doubleValue(), sums[0] > 0 ? sums[1] / sums[0] : Double.NaN);
            });
            cheats.addSeries(cheatSeries);
            caught.addSeries(caughtSeries);
        }
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(ChartStyle.numberAxis("time (h)"));
        plot.setGap(10);
        XYPlot cheatPlot = lines(cheats, null, ChartStyle.numberAxis("cheated results per hour"));
        plot.add(cheatPlot, 1);
        NumberAxis share = ChartStyle.numberAxis("share caught");
        share.setRange(0, 1.0);
        plot.add(lines(caught, null, share), 1);
        plot.setFixedLegendItems(cheatPlot.getLegendItems());
        return ChartStyle.chart("Cheating over time by scheme (mean over replications)", plot, true);
    }

    /**
     * A comparison's paired differences from the first scenario, in percent of the first
     * scenario's mean, with the 95% interval of the difference; from comparison.csv.
     */
    public static JFreeChart comparisonDifferences(Table comparison, List<String> metrics) {
        String baseline = comparison.stringColumn("scenario").get(0);
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        for (String metric : metrics) {
            Table rows = comparison.where(comparison.stringColumn("metric").isEqualTo(metric));
            double base = Double.NaN;
            for (int row = 0; row < rows.rowCount(); row++) {
                if (rows.stringColumn("scenario").get(row).equals(baseline)) {
                    base = value(rows, "mean", row);
                }
            }
            if (!Double.isFinite(base) || base == 0) {
                continue; // a change from zero has no percentage
            }
            for (int row = 0; row < rows.rowCount(); row++) {
                String scenario = rows.stringColumn("scenario").get(row);
                if (!scenario.equals(baseline)) {
                    double scale = 100 / Math.abs(base);
                    data.add(finiteOrNull(value(rows, "diff_mean", row) * scale),
                            halfWidth(value(rows, "diff_low", row) * scale, value(rows, "diff_high", row) * scale), scenario, MetricNames.label(metric));
                }
            }
        }
        CategoryPlot plot = bars(data, ChartStyle.numberAxis("change from " + baseline + " (%)"), 0);
        plot.setDomainAxis(ChartStyle.categoryAxis(null));
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        for (int series = 0; series < data.getRowCount(); series++) {
            plot.getRenderer().setSeriesPaint(series, ChartStyle.color(series + 1));
        }
        return ChartStyle.chart("Change from " + baseline + " (paired difference, whiskers: 95% CI)", plot, data.getRowCount() > 1);
    }

    /** Bar labels written as the tables write numbers. */
    private static final class TableNumberLabels implements CategoryItemLabelGenerator {
        @Override
        public String generateLabel(CategoryDataset dataset, int row, int column) {
            Number value = dataset.getValue(row, column);
            return value == null ? null : Numbers.format(value.doubleValue());
        }

        @Override
        public String generateRowLabel(CategoryDataset dataset, int row) {
            return dataset.getRowKey(row).toString();
        }

        @Override
        public String generateColumnLabel(CategoryDataset dataset, int column) {
            return dataset.getColumnKey(column).toString();
        }
    }

    /**
     * A replay's p50 and p99 of TTFT, TPOT and end-to-end latency against the load level (replay.csv:
     * level, metric, measured, simulated), measured solid and simulated dashed, one panel per quantity.
     */
    public static JFreeChart replayPercentiles(Table comparison) {
        List<String> levels = comparison.stringColumn("level").asList().stream().distinct().toList();
        org.jfree.chart.plot.CombinedDomainCategoryPlot plot = new org.jfree.chart.plot.CombinedDomainCategoryPlot(
                new org.jfree.chart.axis.CategoryAxis("load level"));
        plot.setGap(12);
        org.jfree.chart.plot.CategoryPlot first = null;
        for (String quantity : List.of("ttft", "tpot", "e2e")) {
            org.jfree.data.category.DefaultCategoryDataset data = new org.jfree.data.category.DefaultCategoryDataset();
            for (String q : List.of("p50", "p99")) {
                String metric = quantity + "_ms." + q;
                for (String level : levels) {
                    for (int r = 0; r < comparison.rowCount(); r++) {
                        if (comparison.stringColumn("level").get(r).equals(level) && comparison.stringColumn("metric").get(r).equals(metric)) {
                            data.addValue(comparison.numberColumn("measured").getDouble(r), q + " measured", level);
                            data.addValue(comparison.numberColumn("simulated").getDouble(r), q + " simulated", level);
                        }
                    }
                }
            }
            org.jfree.chart.renderer.category.LineAndShapeRenderer renderer = new org.jfree.chart.renderer.category.LineAndShapeRenderer(true, true);
            for (int i = 0; i < data.getRowCount(); i++) {
                renderer.setSeriesPaint(i, ChartStyle.color(i / 2));
                renderer.setSeriesStroke(i, i % 2 == 0 ? ChartStyle.LINE : ChartStyle.DASHED);
            }
            org.jfree.chart.plot.CategoryPlot panel = new org.jfree.chart.plot.CategoryPlot(data, null,
                    ChartStyle.numberAxis(switch (quantity) { case "ttft" -> "TTFT (ms)"; case "tpot" -> "per output token (ms)"; default -> "end-to-end (ms)"; }),
                    renderer);
            plot.add(ChartStyle.plain(panel), 1);
            first = first == null ? panel : first;
        }
        plot.setFixedLegendItems(first.getLegendItems()); // one legend for the three panels
        return ChartStyle.chart("Replay: measured (solid) and simulated (dashed) percentiles by load level", plot, true);
    }

    /**
     * End-to-end latency distribution per level from replay-requests.csv (level, measured_e2e_ms,
     * simulated_e2e_ms): measured solid, simulated dashed, one colour per level.
     */
    public static JFreeChart replayCdf(Table requests) {
        XYSeriesCollection data = new XYSeriesCollection();
        List<String> levels = requests.stringColumn("level").asList().stream().distinct().toList();
        for (String level : levels) {
            Table rows = requests.where(requests.stringColumn("level").isEqualTo(level));
            data.addSeries(cdf(level + " measured", rows.numberColumn("measured_e2e_ms")));
            data.addSeries(cdf(level + " simulated", rows.numberColumn("simulated_e2e_ms")));
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDrawSeriesLineAsPath(true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, ChartStyle.color(i / 2));
            renderer.setSeriesStroke(i, i % 2 == 0 ? ChartStyle.LINE : ChartStyle.DASHED);
        }
        NumberAxis share = ChartStyle.numberAxis("share of requests at or below");
        share.setRange(0, 1.0);
        XYPlot plot = ChartStyle.plain(new XYPlot(data, ChartStyle.numberAxis("end-to-end latency (ms)"), share, renderer));
        return ChartStyle.chart("Replay: end-to-end latency, measured (solid) and simulated (dashed)", plot, true);
    }

    private static XYSeries cdf(String name, NumericColumn<?> latenciesMs) {
        double[] sorted = latenciesMs.asDoubleColumn().removeMissing().asDoubleArray();
        java.util.Arrays.sort(sorted);
        XYSeries series = new XYSeries(name, false, true);
        for (int i = 0; i < sorted.length; i++) {
            series.add(sorted[i], (i + 1) / (double) sorted.length, false);
        }
        return series;
    }

    /** A line plot whose series get the palette's colours in order, whatever panel they are in. */
    private static XYPlot lines(XYSeriesCollection data, NumberAxis domain, NumberAxis range) {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setDrawSeriesLineAsPath(true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, ChartStyle.color(i));
            renderer.setSeriesStroke(i, ChartStyle.LINE);
        }
        return ChartStyle.plain(new XYPlot(data, domain, range, renderer));
    }

    private static XYPlot panel(Table table, List<String> columns, List<String> labels, String axisLabel, DoubleUnaryOperator scale) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (int c = 0; c < columns.size(); c++) {
            XYSeries series = new XYSeries(labels.get(c), false, true);
            for (int row = 0; row < table.rowCount(); row++) {
                series.add(value(table, "time_h", row), scale.applyAsDouble(value(table, columns.get(c), row)), false);
            }
            data.addSeries(series);
        }
        XYPlot plot = lines(data, null, ChartStyle.numberAxis(axisLabel));
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
        for (int c = 0; c < columns.size(); c++) {
            renderer.setSeriesPaint(c, ChartStyle.color(panelColor(columns.get(c)) + c));
        }
        return plot;
    }

    /** Price, supply and controller panels in different colours, so the shared legend tells them apart. */
    private static int panelColor(String column) {
        return switch (column) {
            case "price_usd", "active_operators" -> 0;
            case "supply" -> 1;
            default -> 3;
        };
    }

    private static CategoryPlot bars(DefaultStatisticalCategoryDataset data, NumberAxis range, int colorIndex) {
        StatisticalBarRenderer renderer = new StatisticalBarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, ChartStyle.color(colorIndex));
        renderer.setErrorIndicatorPaint(java.awt.Color.DARK_GRAY);
        renderer.setItemMargin(0.05);
        CategoryPlot plot = ChartStyle.plain(new CategoryPlot(data, null, range, renderer));
        return plot;
    }

    private static XYPlot againstParameterPlot(YIntervalSeriesCollection data, String parameter, String rangeLabel) {
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setDefaultLinesVisible(true);
        renderer.setCapLength(6);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, ChartStyle.color(i));
            renderer.setSeriesStroke(i, ChartStyle.LINE);
            renderer.setSeriesShape(i, new Ellipse2D.Double(-4, -4, 8, 8));
        }
        return ChartStyle.plain(new XYPlot(data, ChartStyle.numberAxis(parameter), rangeAxis(data, rangeLabel), renderer));
    }

    /**
     * A linear axis from zero, or a log axis when the values are all positive and span more
     * than {@link #LOG_SPAN} times: latency past a saturation knee would flatten every point
     * before it into the floor.
     */
    static org.jfree.chart.axis.ValueAxis rangeAxis(YIntervalSeriesCollection data, String label) {
        List<Double> values = new ArrayList<>();
        for (int s = 0; s < data.getSeriesCount(); s++) {
            for (int i = 0; i < data.getItemCount(s); i++) {
                values.add(data.getStartYValue(s, i));
                values.add(data.getEndYValue(s, i));
            }
        }
        return spanAxis(label, values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * A linear axis from zero, or a log axis when the values are positive and span more than
     * {@link #LOG_SPAN} times (a network 10,000 times slower than the rest would press every
     * other point against the axis).
     */
    static org.jfree.chart.axis.ValueAxis spanAxis(String label, double[] values) {
        double low = java.util.Arrays.stream(values).min().orElse(0);
        double high = java.util.Arrays.stream(values).max().orElse(0);
        if (low > 0 && high / low > LOG_SPAN) {
            org.jfree.chart.axis.LogAxis log = ChartStyle.font(new org.jfree.chart.axis.LogAxis(label + ", log scale"));
            log.setSmallestValue(low / 2);
            // Ticks at powers of ten, minor marks between: 10, 100, 1,000 read at a glance.
            log.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1.0, new java.text.DecimalFormat("#,##0.###")));
            log.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.###"));
            log.setMinorTickCount(9);
            log.setMinorTickMarksVisible(true);
            return log;
        }
        NumberAxis axis = ChartStyle.numberAxis(label);
        axis.setAutoRangeIncludesZero(true);
        return axis;
    }

    /** Values spanning more than this factor are drawn on a log axis. */
    static final double LOG_SPAN = 100;

    private static JFreeChart againstParameter(SweepResults sweep, String parameter, String groupBy, List<String> metrics, String rangeLabel,
            String title) {
        List<SweepResults.Point> ordered = sweep.points().stream()
                .sorted(Comparator.comparingDouble(p -> p.number(parameter))).toList();
        List<String> groups = groupBy == null ? java.util.Collections.singletonList(null) : orderedValues(sweep, groupBy);
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (String group : groups) {
            for (String metric : metrics) {
                String name = MetricNames.label(metric) + (group == null ? "" : ", " + group);
                YIntervalSeries series = new YIntervalSeries(name);
                for (SweepResults.Point point : ordered) {
                    if (group != null && !group.equals(point.parameters().get(groupBy))) {
                        continue;
                    }
                    var estimate = point.metrics().get(metric);
                    if (estimate == null || !Double.isFinite(estimate.mean())) {
                        continue;
                    }
                    // One replication has no interval: the whisker shrinks to the mean.
                    double low = Double.isFinite(estimate.low()) ? estimate.low() : estimate.mean();
                    double high = Double.isFinite(estimate.high()) ? estimate.high() : estimate.mean();
                    series.add(point.number(parameter), estimate.mean(), low, high);
                }
                data.addSeries(series);
            }
        }
        return ChartStyle.chart(title, againstParameterPlot(data, parameter, rangeLabel), data.getSeriesCount() > 1);
    }

    private static String replicationsNote(SweepResults sweep) {
        return sweep.replications() == 1 ? "1 replication" : "mean of " + sweep.replications() + " replications, 95% CI";
    }

    /** A parameter's values in order: by number when numeric, else as they first appear. */
    private static List<String> orderedValues(SweepResults sweep, String parameter) {
        List<SweepResults.Point> points = new ArrayList<>(sweep.points());
        if (sweep.isNumeric(parameter)) {
            points.sort(Comparator.comparingDouble(p -> p.number(parameter)));
        }
        return points.stream().map(p -> p.parameters().get(parameter)).distinct().toList();
    }

    private static Table firstReplication(Table timeseries) {
        double first = timeseries.numberColumn("replication").min();
        return timeseries.where(timeseries.numberColumn("replication").isEqualTo(first));
    }

    /** A numeric cell, or NaN when the table has no such column. */
    static double value(Table table, String column, int row) {
        return table.columnNames().contains(column) ? table.numberColumn(column).getDouble(row) : Double.NaN;
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /** Whisker half-width of a symmetric 95% interval; none when the interval is undefined. */
    private static Double halfWidth(double low, double high) {
        return Double.isFinite(low) && Double.isFinite(high) ? (high - low) / 2 : 0.0;
    }
}
