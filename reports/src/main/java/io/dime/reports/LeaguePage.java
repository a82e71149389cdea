package io.dime.reports;

import io.dime.analysis.League;
import io.dime.analysis.RunTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The report of a league folder (league.csv beside one run folder per network): the league
 * table, cost against latency with centralized providers marked, the networks side by side on
 * cost, latency and trust, and latency CDFs by network.
 */
final class LeaguePage {
    private LeaguePage() {
    }

    static String write(Path folder, Path charts) throws IOException {
        Table all = RunTables.csv(folder.resolve("league.csv"));
        // Several loads: the table and charts show the stated (first) one; claims.csv has every load.
        Table league = all.columnNames().contains("load") ? all.where(all.numberColumn("load").isEqualTo(all.numberColumn("load").getDouble(0))) : all;
        Map<String, String> saturated = new LinkedHashMap<>();
        Map<String, String> classes = new LinkedHashMap<>();
        for (int row = 0; row < league.rowCount(); row++) {
            String network = league.stringColumn("network").get(row);
            classes.putIfAbsent(network, league.columnNames().contains("model_class") ? league.column("model_class").getString(row) : "");
            if (league.columnNames().contains("saturated") && "true".equals(league.column("saturated").getString(row))) {
                saturated.put(network, "saturated");
            }
        }
        Map<String, String> kinds = new LinkedHashMap<>();
        for (int row = 0; row < league.rowCount(); row++) {
            kinds.putIfAbsent(league.stringColumn("network").get(row), league.stringColumn("kind").get(row));
        }
        List<String> networks = new ArrayList<>(kinds.keySet());
        List<String> metrics = League.HEADLINE.stream().filter(league.stringColumn("metric").asList()::contains).toList();
        List<String> shown = new ArrayList<>(metrics);
        // The slices: what a simulated node earns beside what its network's nodes earn.
        for (String m : List.of("cost_per_mtok_usd.all_in", "jitter.tpot_cv", "jitter.ttft_p99_over_p50", "operators.token_rewards_per_node_day",
                "slice.cited_rewards_per_node_day")) {
            if (league.stringColumn("metric").asList().contains(m)) {
                shown.add(m);
            }
        }
        Table wide = wide(league, networks, shown);

        HtmlPage page = new HtmlPage("Dime league: " + networks.size() + " networks");
        page.lead("Every network on the same workload and adversary mix, with common random numbers: replication i of every network"
                + " sees the same arrivals. Means with Student-t 95% confidence intervals, at the stated load. A saturated network misses"
                + " the league's SLO target at that load: it is shown, but left out of the verdicts and of the cost-latency frontier.");
        ComparisonPage.notes(page, networks, (network, metric) -> mean(league, network, metric));
        // Three tables, so each fits the page: cost and first token, then the whole answer and its
        // quality, then the operators and the token.
        List<String> first = shown.stream().filter(m -> m.startsWith("cost_per_mtok") || m.startsWith("ttft")).toList();
        List<String> second = shown.stream().filter(m -> m.startsWith("e2e") || m.equals("slo_attainment") || m.startsWith("verify.")
                || m.startsWith("jitter.")).toList();
        List<String> third = shown.stream().filter(m -> !first.contains(m) && !second.contains(m)).toList();
        page.heading("League table: cost and time to first token");
        leagueTable(page, networks, kinds, classes, saturated, wide, first, true);
        if (!second.isEmpty()) {
            page.heading("League table: whole answers and their quality");
            leagueTable(page, networks, kinds, classes, saturated, wide, second, false);
        }
        if (!third.isEmpty()) {
            page.heading("League table: operators and the token");
            page.paragraph("Operators' profit is over the measured window, without and with token rewards (valued at the simulated"
                    + " token price); token volatility is the standard deviation of the epochs' log returns. A token economy simulates a"
                    + " slice of its network (its scenario's token.slice): the tokens a simulated node earns a day stand beside the figure"
                    + " its preset cites for a node of the real network.");
            leagueTable(page, networks, kinds, classes, saturated, wide, third, false);
        }

        Path claimsFile = folder.resolve("claims.csv");
        if (Files.isRegularFile(claimsFile)) {
            Table claims = RunTables.csv(claimsFile);
            page.heading("Claims under test");
            page.paragraph("Each claim of the league file beside what this league computes for it. The verdict follows from the means;"
                    + " the assumptions that decide it are listed with each claim, and the league's common workload and the presets' numbers"
                    + " (their headers give sources) hold for all.");
            List<List<String>> claimRows = new ArrayList<>();
            List<String> otherLoads = claims.columnNames().stream().filter(c -> c.startsWith("verdict_")).toList();
            for (int row = 0; row < claims.rowCount(); row++) {
                List<String> cells = new ArrayList<>(List.of(text(claims, "claim", row), text(claims, "verdict", row), text(claims, "computed", row)));
                for (String column : otherLoads) {
                    cells.add(text(claims, column, row) + ": " + text(claims, "computed_" + column.substring("verdict_".length()), row));
                }
                cells.addAll(List.of(text(claims, "robustness", row), text(claims, "replications_holding", row)));
                claimRows.add(cells);
            }
            List<String> head = new ArrayList<>(List.of("claim", "verdict (stated load)", "Dime computes"));
            otherLoads.forEach(c -> head.add("at " + c.substring("verdict_".length())));
            head.addAll(List.of("robustness", "replications holding"));
            page.textTable(head, claimRows);
            page.heading("What each claim is about and assumes");
            List<List<String>> basisRows = new ArrayList<>();
            for (int row = 0; row < claims.rowCount(); row++) {
                basisRows.add(List.of(text(claims, "claim", row), text(claims, "model_class", row), text(claims, "basis", row),
                        text(claims, "assumptions", row), text(claims, "source", row)));
            }
            page.textTable(List.of("claim", "model class", "cost basis", "assumptions that decide it", "source"), basisRows);
        }
        Path capacityFile = folder.resolve("capacity.csv");
        if (Files.isRegularFile(capacityFile)) {
            Table capacity = RunTables.csv(capacityFile);
            page.heading("Capacity at the SLO target");
            page.paragraph("The highest multiple of the stated load at which the network still meets the SLO target, found by the league's runs"
                    + " and a bisection of short probes.");
            List<List<String>> capRows = new ArrayList<>();
            for (int row = 0; row < capacity.rowCount(); row++) {
                capRows.add(List.of(text(capacity, "network", row), text(capacity, "capacity", row)));
            }
            page.textTable(List.of("network", "capacity"), capRows);
        }

        page.heading("Charts");
        List<CostLatencyPoint> points = new ArrayList<>();
        for (String network : networks) {
            CostLatencyPoint point = new CostLatencyPoint(network, kinds.get(network), mean(league, network, "ttft_ms.p95"),
                    mean(league, network, "cost_per_mtok_usd.users"));
            if (point.isFinite() && !saturated.containsKey(network)) {
                points.add(point);
            }
        }
        if (!points.isEmpty()) {
            Charts.save(Charts.costAgainstLatency(points, "TTFT p95 (ms)", "price users paid per 1M tokens (USD)"), charts, "cost-vs-latency");
            page.figure("cost-vs-latency", "Each network that carries the stated load, by what users paid per 1M tokens and TTFT p95;"
                    + " squares are centralized providers; the dashed line joins the networks no other beats on both"
                    + (saturated.isEmpty() ? "." : "; saturated, so not drawn: " + String.join(", ", saturated.keySet()) + "."));
        }
        side(page, wide, charts, "costs", List.of(
                new String[] {"cost_per_mtok_usd.users", "users (USD/1M)"},
                new String[] {"cost_per_mtok_usd.operators", "operators (USD/1M)"},
                new String[] {"operator_profit_usd", "operator profit (USD)"}),
                "Cost per 1M tokens to users and to operators, and operators' profit (whiskers: 95% CI)");
        side(page, wide, charts, "latency", List.of(
                new String[] {"ttft_ms.p50", "TTFT p50 (ms)"},
                new String[] {"ttft_ms.p99", "TTFT p99 (ms)"},
                new String[] {"e2e_ms.p99", "e2e p99 (ms)"},
                new String[] {"slo_attainment", "SLO met (share)"}),
                "Latency and SLO attainment (whiskers: 95% CI)");
        side(page, wide, charts, "trust", List.of(
                new String[] {"verify.undetected_fraud_rate", "fraud left"},
                new String[] {"token.volatility", "token volatility"}),
                "Fraud left per request under the common adversary mix, and token price volatility (whiskers: 95% CI)");

        List<Path> runs = ComparisonPage.runFolders(folder, networks);
        List<Table> requests = new ArrayList<>();
        for (int i = 0; i < networks.size(); i++) {
            if (Files.isRegularFile(runs.get(i).resolve("requests.csv"))) {
                requests.add(SchemesPage.labelled(RunTables.csv(runs.get(i).resolve("requests.csv")), "network", networks.get(i)));
            }
        }
        SchemesPage.latencyCdf(page, charts, requests, "network");

        page.heading("Networks as run");
        ComparisonPage.foldResolved(page, runs, networks);
        return page.render();
    }

    private static void side(HtmlPage page, Table wide, Path charts, String name, List<String[]> panels, String title) throws IOException {
        if (panels.stream().noneMatch(p -> wide.columnNames().contains(p[0]))) {
            return;
        }
        Charts.save(Charts.sideBySide(wide, "network", "network", panels, title), charts, name);
        page.figure(name, title + ".");
    }

    /** One league table: a row per network, its description when {@code describe}, then each metric with its interval. */
    private static void leagueTable(HtmlPage page, List<String> networks, Map<String, String> kinds, Map<String, String> classes,
            Map<String, String> saturated, Table wide, List<String> metrics, boolean describe) {
        List<String> header = new ArrayList<>(describe ? List.of("network", "kind", "model class", "at this load") : List.of("network", "at this load"));
        metrics.forEach(m -> header.add(MetricNames.label(m)));
        List<List<String>> rows = new ArrayList<>();
        for (int row = 0; row < wide.rowCount(); row++) {
            String network = networks.get(row);
            List<String> cells = new ArrayList<>(describe
                    ? List.of(network, kinds.get(network), classes.getOrDefault(network, ""), saturated.getOrDefault(network, "carries it"))
                    : List.of(network, saturated.getOrDefault(network, "carries it")));
            for (String metric : metrics) {
                cells.add(new Estimates.Value(wide.doubleColumn(metric).getDouble(row), wide.doubleColumn(metric + "_ci_low").getDouble(row),
                        wide.doubleColumn(metric + "_ci_high").getDouble(row)).cell());
            }
            rows.add(cells);
        }
        page.table(header, rows);
    }

    /** league.csv's rows (network, metric) as one row per network with m, m_ci_low, m_ci_high columns. */
    static Table wide(Table league, List<String> networks, List<String> metrics) {
        Table wide = Table.create("league", StringColumn.create("network", networks));
        for (String metric : metrics) {
            for (String[] part : List.of(new String[] {"", "mean"}, new String[] {"_ci_low", "ci_low"}, new String[] {"_ci_high", "ci_high"})) {
                DoubleColumn column = DoubleColumn.create(metric + part[0]);
                for (String network : networks) {
                    column.append(value(league, network, metric, part[1]));
                }
                wide.addColumns(column);
            }
        }
        return wide;
    }

    private static String text(Table table, String column, int row) {
        return table.columnNames().contains(column) ? table.column(column).getString(row) : "";
    }

    private static double mean(Table league, String network, String metric) {
        return value(league, network, metric, "mean");
    }

    private static double value(Table league, String network, String metric, String column) {
        for (int row = 0; row < league.rowCount(); row++) {
            if (league.stringColumn("network").get(row).equals(network) && league.stringColumn("metric").get(row).equals(metric)) {
                double v = league.numberColumn(column).getDouble(row);
                return Double.isFinite(v) ? v : Double.NaN;
            }
        }
        return Double.NaN;
    }
}
