package io.dime.reports;

import io.dime.sim.output.RunFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@code <folder>/report/index.html} and {@code report/charts/*.png|svg} for a run, a
 * run of several verification schemes, a sweep or a comparison. The report folder is written
 * beside and moved into place whole (RunFolder), so a reader never sees half a report.
 */
public final class Report {
    /** What a page needs: the folder it reports on and where its charts go; gives the HTML. */
    @FunctionalInterface
    private interface Page {
        String write(Path folder, Path charts) throws IOException;
    }

    private Report() {
    }

    /** Draws the report that the folder's files call for; see {@link Kind#of}. Returns index.html. */
    public static Path draw(Path folder) {
        return switch (Kind.of(folder)) {
            case SCHEMES -> write(folder, SchemesPage::write);
            case RUN -> write(folder, RunPage::write);
            case SWEEP -> forSweep(folder);
            case COMPARISON -> forComparison(folder);
            case LEAGUE -> forLeague(folder);
            case REPLAY -> forReplay(folder);
        };
    }

    /** A run folder, or a folder of several verification schemes (schemes.csv). */
    public static Path forRun(Path runFolder) {
        return Files.isRegularFile(runFolder.resolve("schemes.csv")) ? write(runFolder, SchemesPage::write) : write(runFolder, RunPage::write);
    }

    public static Path forSweep(Path sweepFolder) {
        return write(sweepFolder, SweepPage::write);
    }

    public static Path forComparison(Path comparisonFolder) {
        return write(comparisonFolder, ComparisonPage::write);
    }

    /** A league folder (league.csv): every network on one workload. */
    public static Path forLeague(Path leagueFolder) {
        return write(leagueFolder, LeaguePage::write);
    }

    /** A replay folder (replay.csv): a trace's levels simulated beside their measurements. */
    public static Path forReplay(Path replayFolder) {
        return write(replayFolder, ReplayPage::write);
    }

    /** The kinds of folder dime writes, told apart by the file each alone holds. */
    public enum Kind {
        SCHEMES, SWEEP, COMPARISON, LEAGUE, REPLAY, RUN;

        /** schemes.csv, then results.csv, comparison.csv, league.csv, replay.csv, summary.json: the first present decides. */
        public static Kind of(Path folder) {
            if (Files.isRegularFile(folder.resolve("schemes.csv"))) {
                return SCHEMES;
            }
            if (Files.isRegularFile(folder.resolve("results.csv"))) {
                return SWEEP;
            }
            if (Files.isRegularFile(folder.resolve("comparison.csv"))) {
                return COMPARISON;
            }
            if (Files.isRegularFile(folder.resolve("league.csv"))) {
                return LEAGUE;
            }
            if (Files.isRegularFile(folder.resolve("replay.csv"))) {
                return REPLAY;
            }
            if (Files.isRegularFile(folder.resolve("summary.json"))) {
                return RUN;
            }
            throw new IllegalArgumentException("cannot tell what " + folder + " holds: it has none of schemes.csv, results.csv,"
                    + " comparison.csv, league.csv, replay.csv or summary.json; give a run, sweep, comparison, league or replay folder");
        }
    }

    private static Path write(Path folder, Page page) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("cannot report on " + folder + ": no such folder");
        }
        Path report = folder.resolve("report");
        RunFolder.write(report, dir -> {
            Path charts = dir.resolve("charts");
            Files.createDirectories(charts);
            String html = page.write(folder, charts);
            Files.writeString(dir.resolve("index.html"), html, StandardCharsets.UTF_8);
        });
        return report.resolve("index.html");
    }
}
