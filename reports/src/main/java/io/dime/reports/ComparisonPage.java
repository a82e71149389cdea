package io.dime.reports;

import io.dime.analysis.RunTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;

/**
 * The report of a comparison folder (comparison.csv beside one run folder per scenario):
 * each metric side by side with the paired difference from the first scenario, the
 * differences as a chart, cost against latency per scenario, latency by scenario.
 */
final class ComparisonPage {
    /** Metrics whose change from the baseline is charted, when the comparison has them. */
    private static final List<String> CHARTED = List.of(
            "ttft_ms.p50", "ttft_ms.p99", "e2e_ms.p50", "e2e_ms.p99", "throughput.output_tokens_per_s", "slo_attainment", "utilization",
            "cost_per_mtok_usd.users", "cost_per_mtok_usd.operators", "token.volatility", "operators.churn");

    private ComparisonPage() {
    }

    static String write(Path folder, Path charts) throws IOException {
        Table comparison = RunTables.csv(folder.resolve("comparison.csv"));
        // In the file's order: the first scenario is the baseline.
        List<String> scenarios = comparison.stringColumn("scenario").asList().stream().distinct().toList();
        String baseline = scenarios.get(0);
        HtmlPage page = new HtmlPage("Dime comparison: " + String.join(" vs ", scenarios));
        page.lead("Common random numbers: replication i of every scenario sees the same random streams. Differences are paired,"
                + " each scenario minus " + baseline + ", with Student-t 95% confidence intervals.");

        notes(page, scenarios, (scenario, metric) -> mean(comparison, metric, scenario));
        page.heading("Metrics");
        page.table(header(scenarios, baseline), rows(comparison, scenarios, baseline));

        page.heading("Charts");
        List<String> charted = CHARTED.stream().filter(comparison.stringColumn("metric").asList()::contains).toList();
        if (!charted.isEmpty() && scenarios.size() > 1) {
            Charts.save(Charts.comparisonDifferences(comparison, charted), charts, "differences");
            page.figure("differences", "Change of each metric from " + baseline + ", in percent of " + baseline + "'s mean.");
        }
        List<CostLatencyPoint> points = costLatencyPoints(comparison, scenarios);
        if (!points.isEmpty()) {
            Charts.save(Charts.costAgainstLatency(points, "TTFT p95 (ms)", "cost per 1M tokens, users (USD)"), charts, "cost-vs-latency");
            page.figure("cost-vs-latency", "Each scenario by what users paid per 1M tokens and TTFT p95; the dashed line joins the scenarios"
                    + " no other beats on both.");
        }
        List<Path> runs = runFolders(folder, scenarios);
        List<Table> requests = new ArrayList<>();
        Map<String, Table> economies = new LinkedHashMap<>();
        for (int i = 0; i < scenarios.size(); i++) {
            Path run = runs.get(i);
            if (Files.isRegularFile(run.resolve("requests.csv"))) {
                requests.add(SchemesPage.labelled(RunTables.csv(run.resolve("requests.csv")), "scenario", scenarios.get(i)));
            }
            if (Files.isRegularFile(run.resolve("timeseries.csv"))) {
                economies.put(scenarios.get(i), RunTables.csv(run.resolve("timeseries.csv")));
            }
        }
        if (!economies.isEmpty()) {
            Charts.save(Charts.economiesOverTime(economies), charts, "economies");
            page.figure("economies", "Token price and active operators at each epoch, mean over replications, by scenario.");
        }
        SchemesPage.latencyCdf(page, charts, requests, "scenario");

        page.heading("Resolved scenarios");
        foldResolved(page, runs, scenarios);
        return page.render();
    }

    /** A paragraph per scenario or network whose latency and cost read n/a or describe only a few requests, saying why. */
    static void notes(HtmlPage page, List<String> names, java.util.function.BiFunction<String, String, Double> mean) {
        for (String name : names) {
            io.dime.analysis.Completion.problem(metric -> mean.apply(name, metric))
                    .ifPresent(problem -> page.paragraph("Note, " + name + ": " + problem + "."));
        }
    }

    static List<Path> runFolders(Path folder, List<String> names) {
        List<Path> runs = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            runs.add(runFolder(folder, i, names.get(i)));
        }
        return runs;
    }

    /** Each run's scenario.resolved.yaml, folded under its name. */
    static void foldResolved(HtmlPage page, List<Path> runs, List<String> names) throws IOException {
        for (int i = 0; i < runs.size(); i++) {
            Path resolved = runs.get(i).resolve("scenario.resolved.yaml");
            if (Files.isRegularFile(resolved)) {
                page.folded(names.get(i), Files.readString(resolved));
            }
        }
    }

    /** dime compare writes scenario i to "i-name" (two scenarios may share a name); plain "name" is read too. */
    static Path runFolder(Path folder, int index, String scenario) {
        Path numbered = folder.resolve(index + "-" + scenario);
        return Files.isDirectory(numbered) ? numbered : folder.resolve(scenario);
    }

    private static List<String> header(List<String> scenarios, String baseline) {
        List<String> header = new ArrayList<>(List.of("metric"));
        for (String scenario : scenarios) {
            header.add(scenario);
            if (!scenario.equals(baseline)) {
                header.add(scenario + " − " + baseline);
            }
        }
        return header;
    }

    private static List<List<String>> rows(Table comparison, List<String> scenarios, String baseline) {
        List<List<String>> rows = new ArrayList<>();
        for (String metric : comparison.stringColumn("metric").asList().stream().distinct().toList()) {
            Table metricRows = comparison.where(comparison.stringColumn("metric").isEqualTo(metric));
            List<String> row = new ArrayList<>(List.of(MetricNames.label(metric)));
            for (String scenario : scenarios) {
                int at = metricRows.stringColumn("scenario").asList().indexOf(scenario);
                row.add(at < 0 ? "n/a" : value(metricRows, at, "mean", "ci_low", "ci_high").cell());
                if (!scenario.equals(baseline)) {
                    row.add(at < 0 ? "n/a" : value(metricRows, at, "diff_mean", "diff_low", "diff_high").cell());
                }
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<CostLatencyPoint> costLatencyPoints(Table comparison, List<String> scenarios) {
        List<CostLatencyPoint> points = new ArrayList<>();
        for (String scenario : scenarios) {
            CostLatencyPoint point = new CostLatencyPoint(scenario, "scenario", mean(comparison, "ttft_ms.p95", scenario),
                    mean(comparison, "cost_per_mtok_usd.users", scenario));
            if (point.isFinite()) {
                points.add(point);
            }
        }
        return points;
    }

    private static double mean(Table comparison, String metric, String scenario) {
        for (int row = 0; row < comparison.rowCount(); row++) {
            if (comparison.stringColumn("metric").get(row).equals(metric) && comparison.stringColumn("scenario").get(row).equals(scenario)) {
                return comparison.numberColumn("mean").getDouble(row);
            }
        }
        return Double.NaN;
    }

    private static Estimates.Value value(Table rows, int row, String mean, String low, String high) {
        return new Estimates.Value(rows.numberColumn(mean).getDouble(row), rows.numberColumn(low).getDouble(row), rows.numberColumn(high).getDouble(row));
    }
}
