package io.dime.reports;

import io.dime.analysis.RunTables;
import io.dime.sim.input.Units;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tech.tablesaw.api.Table;

/** The report of one run folder: summary, breakdowns, every chart its files support, the scenario. */
final class RunPage {
    private RunPage() {
    }

    static String write(Path runFolder, Path charts) throws IOException {
        RunTables tables = RunTables.of(runFolder);
        Estimates estimates = Estimates.of(tables.metrics());
        RunHeader header = RunHeader.of(runFolder);
        HtmlPage page = new HtmlPage("Dime run: " + header.scenario());
        page.lead(header.description());
        io.dime.analysis.Completion.problem(m -> estimates.get(m).mean()).ifPresent(problem -> page.paragraph("Note: " + problem + "."));

        page.heading("Summary");
        page.paragraph("Means over replications with Student-t 95% confidence intervals.");
        page.beginColumns();
        for (SummaryRows.Section section : SummaryRows.of(estimates)) {
            page.column(section.title(), List.of("metric", "mean", "95% CI"), section.rows());
        }
        page.endColumns();
        page.heading("Charts");
        int drawn = drawCharts(page, tables, estimates, NodeKinds.of(runFolder), charts);
        if (drawn == 0) {
            page.paragraph("This run's files hold no data for a chart (no sampled requests, no token, no verification).");
        }
        breakdowns(page, estimates, NodeKinds.of(runFolder));
        scenario(page, runFolder);
        return page.render();
    }

    static int drawCharts(HtmlPage page, RunTables tables, Estimates estimates, Map<String, String> kinds, Path charts) throws IOException {
        int drawn = 0;
        Table requests = tables.requests();
        if (hasCompleted(requests)) {
            Charts.save(Charts.latencyCdf(requests), charts, "latency-cdf");
            page.figure("latency-cdf", "Share of completed requests served within a given TTFT and end-to-end latency, by request class.");
            drawn++;
        }
        List<CostLatencyPoint> groups = groupPoints(estimates, kinds);
        if (!groups.isEmpty()) {
            String latency = groupLatency(estimates);
            Charts.save(Charts.costAgainstLatency(groups, MetricNames.label(latency), "price users paid per 1M tokens (USD)"), charts, "cost-vs-latency");
            page.figure("cost-vs-latency", "Node groups by what users paid per 1M tokens and " + MetricNames.label(latency)
                    + "; squares are centralized groups; the dashed line joins the groups no other beats on both.");
            drawn++;
        }
        Optional<Table> timeseries = tables.timeseries().filter(t -> t.rowCount() > 0);
        if (timeseries.isPresent()) {
            Charts.save(Charts.tokenEconomy(timeseries.get()), charts, "token-economy");
            page.figure("token-economy", "Token price, supply and controller output per epoch, replication 0.");
            Charts.save(Charts.operatorsOverTime(timeseries.get()), charts, "operators");
            page.figure("operators", "Active operators and utilization per epoch, replication 0.");
            drawn += 2;
        }
        Optional<Table> verification = tables.verification().filter(t -> t.rowCount() > 0);
        if (verification.isPresent()) {
            String scheme = verification.get().stringColumn("scheme").get(0);
            Charts.save(Charts.cheatingOverTime(Map.of(scheme, verification.get())), charts, "cheating");
            page.figure("cheating", "Cheated results per hour and the share of them caught.");
            drawn++;
        }
        return drawn;
    }

    static boolean hasCompleted(Table requests) {
        return requests.rowCount() > 0 && requests.stringColumn("status").isEqualTo("completed").size() > 0;
    }

    /** TTFT p95 per group; p99 in folders written before groups reported p95. */
    static String groupLatency(Estimates estimates) {
        return estimates.namesUnder("groups").stream().allMatch(g -> estimates.has("groups." + g + ".ttft_ms.p95"))
                ? "ttft_ms.p95" : "ttft_ms.p99";
    }

    /** One point per node group that has its own metrics (runs with several groups). */
    static List<CostLatencyPoint> groupPoints(Estimates estimates, Map<String, String> kinds) {
        List<CostLatencyPoint> points = new ArrayList<>();
        String latency = groupLatency(estimates);
        for (String group : estimates.namesUnder("groups")) {
            String prefix = "groups." + group + ".";
            CostLatencyPoint point = new CostLatencyPoint(group, kinds.getOrDefault(group, "node group"),
                    estimates.get(prefix + latency).mean(), estimates.get(prefix + "cost_per_mtok_usd.users").mean());
            if (point.isFinite()) {
                points.add(point);
            }
        }
        return points;
    }

    private static void breakdowns(HtmlPage page, Estimates estimates, Map<String, String> kinds) {
        List<String> classes = estimates.namesUnder("classes");
        if (!classes.isEmpty()) {
            page.heading("By request class");
            page.table(List.of("class", "completed", "TTFT p50 (ms)", "TTFT p99 (ms)", "TPOT p50 (ms)", "worst gap p99 (ms)", "e2e p50 (ms)",
                    "SLO attainment", "price per 1M (USD)"), breakdownRows(estimates, "classes", classes, "slo_attainment", "users", Map.of()));
        }
        List<String> groups = estimates.namesUnder("groups");
        if (!groups.isEmpty()) {
            page.heading("By node group");
            page.table(List.of("group", "completed", "TTFT p50 (ms)", "TTFT p99 (ms)", "TPOT p50 (ms)", "worst gap p99 (ms)", "e2e p50 (ms)",
                    "utilization", "GPU cost per 1M (USD)"), breakdownRows(estimates, "groups", groups, "utilization", "operators", kinds));
        }
        if (!classes.isEmpty() || !groups.isEmpty()) {
            page.paragraph("Means over replications. Worst gap: the longest pause between two streamed tokens of a request.");
        }
    }

    private static List<List<String>> breakdownRows(Estimates estimates, String prefix, List<String> names, String share, String payer,
            Map<String, String> kinds) {
        List<List<String>> rows = new ArrayList<>();
        for (String name : names) {
            String p = prefix + "." + name + ".";
            String shown = kinds.containsKey(name) ? name + " (" + kinds.get(name) + ")" : name;
            rows.add(List.of(shown, mean(estimates, p + "completed"), mean(estimates, p + "ttft_ms.p50"), mean(estimates, p + "ttft_ms.p99"),
                    mean(estimates, p + "tpot_ms.p50"), mean(estimates, p + "max_itl_ms.p99"), mean(estimates, p + "e2e_ms.p50"),
                    mean(estimates, p + share), mean(estimates, p + "cost_per_mtok_usd." + payer)));
        }
        return rows;
    }

    private static String mean(Estimates estimates, String metric) {
        return Numbers.format(estimates.get(metric).mean());
    }

    static void scenario(HtmlPage page, Path runFolder) throws IOException {
        Path resolved = runFolder.resolve("scenario.resolved.yaml");
        if (Files.isRegularFile(resolved)) {
            page.heading("Resolved scenario");
            page.paragraph("Every value the run used, defaults filled in (scenario.resolved.yaml).");
            page.preformatted(Files.readString(resolved));
        }
    }

    /** What summary.json says about the run as a whole. */
    record RunHeader(String scenario, long seed, int replications, double durationSeconds, double warmupSeconds) {
        static RunHeader of(Path runFolder) throws IOException {
            var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(runFolder.resolve("summary.json").toFile());
            return new RunHeader(root.path("scenario").asText(runFolder.getFileName().toString()), root.path("seed").asLong(),
                    root.path("replications").asInt(), root.path("duration_s").asDouble(), root.path("warmup_s").asDouble());
        }

        String description() {
            return replications + " replication" + (replications == 1 ? "" : "s") + " of " + Units.formatSeconds(durationSeconds)
                    + " simulated (" + Units.formatSeconds(warmupSeconds) + " warm-up), seed " + seed + ".";
        }
    }
}
