package io.dime.reports;

import io.dime.analysis.RunTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The report of a run of several verification schemes (schemes.csv beside one run folder per
 * scheme): the scheme table, the schemes side by side, cheating and latency by scheme.
 */
final class SchemesPage {
    private SchemesPage() {
    }

    static String write(Path folder, Path charts) throws IOException {
        Table schemes = RunTables.csv(folder.resolve("schemes.csv"));
        List<String> names = schemes.stringColumn("scheme").asList();
        Path firstRun = folder.resolve(names.get(0));
        String scenario = Files.isRegularFile(firstRun.resolve("summary.json")) ? RunPage.RunHeader.of(firstRun).scenario() : folder.getFileName().toString();
        HtmlPage page = new HtmlPage("Dime verification schemes: " + scenario);
        if (Files.isRegularFile(firstRun.resolve("summary.json"))) {
            page.lead("The same network and adversaries under each scheme, with common random numbers. "
                    + RunPage.RunHeader.of(firstRun).description());
        }
        page.heading("Schemes");
        page.paragraph("Means over replications; 95% confidence intervals below each.");
        List<String> header = new ArrayList<>(List.of("metric"));
        header.addAll(names);
        List<List<String>> rows = new ArrayList<>();
        for (SummaryRows.Row row : SummaryRows.VERIFY) {
            if (!schemes.columnNames().contains(row.metric())) {
                continue;
            }
            List<String> cells = new ArrayList<>(List.of(row.label()));
            for (int i = 0; i < schemes.rowCount(); i++) {
                cells.add(new Estimates.Value(Charts.value(schemes, row.metric(), i), Charts.value(schemes, row.metric() + "_ci_low", i),
                        Charts.value(schemes, row.metric() + "_ci_high", i)).cell());
            }
            rows.add(cells);
        }
        page.table(header, rows);

        page.heading("Charts");
        Charts.save(Charts.verificationSchemes(schemes), charts, "verification-schemes");
        page.figure("verification-schemes", "Each scheme's fraud left per request, verification GPU work as a share of users' work,"
                + " and the latency it adds at p99.");
        Map<String, Table> verification = new LinkedHashMap<>();
        List<Table> requests = new ArrayList<>();
        for (String name : names) {
            Path run = folder.resolve(name);
            if (Files.isRegularFile(run.resolve("summary.json"))) {
                RunTables tables = RunTables.of(run);
                tables.verification().filter(t -> t.rowCount() > 0).ifPresent(t -> verification.put(name, t));
                requests.add(labelled(tables.requests(), "scheme", name));
            }
        }
        if (!verification.isEmpty()) {
            Charts.save(Charts.cheatingOverTime(verification), charts, "cheating");
            page.figure("cheating", "Cheated results per hour and the share caught, by scheme.");
        }
        latencyCdf(page, charts, requests, "scheme");
        RunPage.scenario(page, firstRun);
        return page.render();
    }

    /** A copy of a table with a column that names where its rows came from. */
    /**
     * The latency CDFs of several runs in one chart, one line per run: {@code requests} are
     * each run's requests.csv, labelled in {@code column} (see {@link #labelled}).
     */
    static void latencyCdf(HtmlPage page, Path charts, List<Table> requests, String column) throws IOException {
        Table allRequests = concatenate(requests);
        if (allRequests != null && RunPage.hasCompleted(allRequests)) {
            Charts.save(Charts.latencyCdf(allRequests, column), charts, "latency-cdf");
            page.figure("latency-cdf", "Share of completed requests served within a given TTFT and end-to-end latency, by " + column + ".");
        }
    }

    static Table labelled(Table table, String column, String label) {
        Table copy = table.copy();
        if (copy.columnNames().contains(column)) {
            copy.removeColumns(column);
        }
        StringColumn names = StringColumn.create(column, copy.rowCount());
        for (int i = 0; i < copy.rowCount(); i++) {
            names.set(i, label);
        }
        return copy.addColumns(names);
    }

    /** The rows of all tables in one (they share columns); null when there are none. */
    static Table concatenate(List<Table> tables) {
        Table all = null;
        for (Table table : tables) {
            all = all == null ? table.copy() : all.append(table);
        }
        return all;
    }
}
