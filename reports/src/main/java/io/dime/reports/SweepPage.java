package io.dime.reports;

import io.dime.analysis.RunTables;
import io.dime.sim.metrics.Estimate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report of a sweep folder (results.csv, sweep.yaml): a table of points, the percentiles
 * and headline metrics against the parameter (one parameter) or as heat maps (two), and cost
 * against latency per point.
 */
final class SweepPage {
    /** Metrics shown in the table and charted, when results.csv has them. */
    static final List<String> HEADLINE = List.of(
            "ttft_ms.p50", "ttft_ms.p95", "ttft_ms.p99", "e2e_ms.p95", "throughput.requests_per_s", "slo_attainment", "utilization",
            "cost_per_mtok_usd.users", "cost_per_mtok_usd.operators", "operator_profit_usd", "verify.undetected_fraud_rate", "token.price_end");

    /** Metrics drawn on their own, as lines or heat maps. */
    private static final List<String> CHARTED = List.of(
            "ttft_ms.p95", "e2e_ms.p95", "throughput.requests_per_s", "slo_attainment", "cost_per_mtok_usd.users", "operator_profit_usd",
            "verify.undetected_fraud_rate", "verify.rational_cheat_rate_end", "verify.overhead_share", "token.price_end");

    /** A second, categorical parameter with at most this many values becomes one line per value. */
    private static final int MAX_LINE_GROUPS = 6;

    /** Up to this many metrics in results.csv are all charted. */
    private static final int MAX_CHARTED = 8;

    private SweepPage() {
    }

    static String write(Path folder, Path charts) throws IOException {
        SweepResults sweep = SweepResults.of(RunTables.csv(folder.resolve("results.csv")));
        HtmlPage page = new HtmlPage("Dime sweep: " + folder.toAbsolutePath().normalize().getFileName());
        page.lead(sweep.points().size() + " points over " + String.join(", ", sweep.parameters()) + "; up to " + sweep.replications()
                + " replication" + (sweep.replications() == 1 ? "" : "s") + " each.");

        page.heading("Points");
        page.paragraph("Means over each point's replications; Student-t 95% confidence intervals below each.");
        List<String> shown = HEADLINE.stream().filter(sweep.metrics()::contains).toList();
        List<String> header = new ArrayList<>(List.of("point"));
        header.addAll(sweep.parameters());
        shown.forEach(m -> header.add(MetricNames.label(m)));
        List<List<String>> rows = new ArrayList<>();
        for (SweepResults.Point point : sweep.points()) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(point.id())));
            row.addAll(point.parameters().values());
            for (String metric : shown) {
                Estimate e = point.metrics().get(metric);
                row.add(new Estimates.Value(e.mean(), e.low(), e.high()).cell());
            }
            rows.add(row);
        }
        page.table(header, rows);

        page.heading("Charts");
        drawCharts(page, sweep, charts);
        Path sweepYaml = folder.resolve("sweep.yaml");
        if (Files.isRegularFile(sweepYaml)) {
            page.heading("Sweep");
            page.paragraph("The sweep as run (sweep.yaml).");
            page.preformatted(Files.readString(sweepYaml));
        }
        return page.render();
    }

    private static void drawCharts(HtmlPage page, SweepResults sweep, Path charts) throws IOException {
        List<String> numeric = sweep.parameters().stream().filter(sweep::isNumeric).toList();
        String groupBy = null;
        if (sweep.parameters().size() == 2 && numeric.size() == 1) {
            String other = sweep.parameters().stream().filter(p -> !numeric.contains(p)).findFirst().orElseThrow();
            if (sweep.points().stream().map(p -> p.parameters().get(other)).distinct().count() <= MAX_LINE_GROUPS) {
                groupBy = other;
            }
        }
        if (numeric.size() == 1 && (sweep.parameters().size() == 1 || groupBy != null)) {
            String parameter = numeric.get(0);
            String per = groupBy == null ? "" : ", one line per " + groupBy;
            for (String family : List.of("ttft_ms", "e2e_ms")) {
                // Three percentiles times several groups would crowd the chart: p50 and p99 then.
                List<String> wanted = groupBy == null ? List.of(family + ".p50", family + ".p95", family + ".p99")
                        : List.of(family + ".p50", family + ".p99");
                List<String> percentiles = wanted.stream().filter(sweep.metrics()::contains).toList();
                if (!percentiles.isEmpty()) {
                    String name = "percentiles-" + family.replace("_ms", "");
                    Charts.save(Charts.percentilesAgainstLoad(sweep, parameter, groupBy, percentiles), charts, name);
                    page.figure(name, MetricNames.quantity(family + ".p50") + " percentiles at each value of " + parameter + per + ".");
                }
            }
            // Latency percentiles are already drawn together above.
            for (String metric : charted(sweep).stream().filter(m -> !m.startsWith("ttft_ms.") && !m.startsWith("e2e_ms.")).toList()) {
                String name = "sweep-" + fileName(metric);
                Charts.save(Charts.sweepLines(sweep, parameter, groupBy, metric), charts, name);
                page.figure(name, MetricNames.label(metric) + " at each value of " + parameter + per + ".");
            }
        } else if (sweep.parameters().size() == 2) {
            String x = sweep.parameters().get(0);
            String y = sweep.parameters().get(1);
            boolean scatter = numeric.size() == 2 && !formsGrid(sweep, x, y);
            for (String metric : charted(sweep)) {
                if (scatter) {
                    String name = "scatter-" + fileName(metric);
                    Charts.save(Charts.sweepScatter(sweep, x, y, metric), charts, name);
                    page.figure(name, MetricNames.label(metric) + " at each point, placed by " + x + " and " + y + ".");
                } else {
                    String name = "heatmap-" + fileName(metric);
                    Charts.save(Charts.sweepHeatMap(sweep, x, y, metric), charts, name);
                    page.figure(name, MetricNames.label(metric) + " for each pair of " + x + " and " + y + ".");
                }
            }
        }
        List<CostLatencyPoint> points = costLatencyPoints(sweep);
        if (!points.isEmpty()) {
            String latency = sweep.metrics().contains("ttft_ms.p95") ? "ttft_ms.p95" : "ttft_ms.p99";
            Charts.save(Charts.costAgainstLatency(points, MetricNames.label(latency), "cost per 1M tokens, users (USD)"), charts, "cost-vs-latency");
            page.figure("cost-vs-latency", "Each point by what users paid per 1M tokens and " + MetricNames.label(latency)
                    + "; the dashed line joins the points no other beats on both.");
        }
    }

    /** True when the points cover every pair of the two parameters' values, as a grid design does. */
    static boolean formsGrid(SweepResults sweep, String x, String y) {
        long xs = sweep.points().stream().map(p -> p.parameters().get(x)).distinct().count();
        long ys = sweep.points().stream().map(p -> p.parameters().get(y)).distinct().count();
        long pairs = sweep.points().stream().map(p -> p.parameters().get(x) + "\u0000" + p.parameters().get(y)).distinct().count();
        return pairs == xs * ys;
    }

    /** A sweep that names a few metrics (its {@code metrics:} list) has each charted; else the headline ones. */
    private static List<String> charted(SweepResults sweep) {
        if (sweep.metrics().size() <= MAX_CHARTED) {
            return sweep.metrics();
        }
        return CHARTED.stream().filter(sweep.metrics()::contains).toList();
    }

    static List<CostLatencyPoint> costLatencyPoints(SweepResults sweep) {
        String latency = sweep.metrics().contains("ttft_ms.p95") ? "ttft_ms.p95" : "ttft_ms.p99";
        if (!sweep.metrics().contains(latency) || !sweep.metrics().contains("cost_per_mtok_usd.users")) {
            return List.of();
        }
        return sweep.points().stream()
                .map(p -> new CostLatencyPoint(p.label(), "sweep point", p.mean(latency), p.mean("cost_per_mtok_usd.users")))
                .filter(CostLatencyPoint::isFinite)
                .toList();
    }

    static String fileName(String metric) {
        return metric.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
