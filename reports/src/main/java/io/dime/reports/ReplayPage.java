package io.dime.reports;

import io.dime.analysis.RunTables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.Table;

/**
 * The report of a replay folder ({@code dime replay}): replay.csv (per level and metric, measured
 * against simulated) and replay-requests.csv (each measured request beside its simulated twin).
 */
final class ReplayPage {
    private ReplayPage() {
    }

    static String write(Path folder, Path charts) throws IOException {
        Table comparison = RunTables.csv(folder.resolve("replay.csv"));
        HtmlPage page = new HtmlPage("Dime replay: simulated against measured");
        page.lead("Each level of the trace replayed through the simulator on one node with the profile: the same requests at the same"
                + " send times. Errors are (simulated − measured) / measured. Warm-up requests loaded the server in both but are not compared.");
        page.heading("Measured and simulated");
        List<String> fitted = fitLevelList(folder.resolve("profile.yaml"));
        List<List<String>> rows = new ArrayList<>();
        for (int r = 0; r < comparison.rowCount(); r++) {
            String level = comparison.stringColumn("level").get(r);
            rows.add(List.of(fitted.isEmpty() ? level : level + (fitted.contains(level) ? " (fit)" : " (held out)"),
                    comparison.stringColumn("metric").get(r),
                    number(comparison.numberColumn("measured").getDouble(r)), number(comparison.numberColumn("simulated").getDouble(r)),
                    String.format(Locale.ROOT, "%+.1f%%", comparison.numberColumn("error_percent").getDouble(r))));
        }
        page.textTable(List.of("level", "metric", "measured", "simulated", "error"), rows);
        page.heading("Charts");
        Charts.save(Charts.replayPercentiles(comparison), charts, "percentiles");
        page.figure("percentiles", "p50 and p99 of TTFT, time per output token and end-to-end latency at each level: measured (solid) and"
                + " simulated (dashed).");
        if (Files.isRegularFile(folder.resolve("replay-requests.csv"))) {
            Table requests = RunTables.csv(folder.resolve("replay-requests.csv"));
            Charts.save(Charts.replayCdf(requests), charts, "e2e-cdf");
            page.figure("e2e-cdf", "Distribution of end-to-end latency at each level: measured (solid) and simulated (dashed), same colour per level.");
            Charts.save(ReplayLoadChart.errorByLoad(comparison, requests), charts, "error-by-load");
            page.figure("error-by-load", "Each level's error against how loaded the server was: the mean number of the level's measured requests"
                    + " in flight when each was sent (itself included; about N for N closed-loop clients). Labels name the levels."
                    + (fitted.isEmpty() ? "" : " The profile was fitted on " + String.join(", ", fitted) + "; the other levels were held out."));
        }
        Path profile = folder.resolve("profile.yaml");
        if (Files.isRegularFile(profile)) {
            page.heading("Profile");
            page.folded("profile.yaml", Files.readString(profile));
        }
        return page.render();
    }

    /** The levels the profile was fitted on (its fit section, as dime calibrate writes it), or none. */
    private static List<String> fitLevelList(Path profile) throws IOException {
        if (!Files.isRegularFile(profile)) {
            return List.of();
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^  levels: \\[([^\\]]*)\\]").matcher(Files.readString(profile));
        return m.find() ? java.util.Arrays.stream(m.group(1).split(",")).map(String::strip).filter(l -> !l.isEmpty()).toList() : List.of();
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1f ms", value);
    }
}
