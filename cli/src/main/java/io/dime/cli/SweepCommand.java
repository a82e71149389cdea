package io.dime.cli;

import io.dime.analysis.Sweep;
import io.dime.analysis.SweepSpec;
import io.dime.analysis.SweepSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import tech.tablesaw.api.Table;

@Command(
        name = "sweep",
        mixinStandardHelpOptions = true,
        description = "Run a base scenario over a grid, random or Latin-hypercube design of parameters, every (point, replication) in parallel; "
                + "a killed sweep resumes where it stopped.",
        footerHeading = "%nExample:%n",
        footer = "  dime sweep scenarios/sweeps/rate-vs-latency.yaml")
final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Sweep YAML file.")
    Path file;

    @Option(names = "--out", paramLabel = "DIR", description = "Sweep folder (default: runs/<sweep name>). Finished rows stay there across a kill.")
    Path out;

    @Option(names = "--threads", description = "Threads (default: all cores). Results do not depend on it.")
    Integer threads;

    @Mixin
    ReportOption report;

    @Mixin
    QuietOption quiet;

    @Override
    public Integer call() {
        SweepSpec sweep = SweepSpec.load(file);
        Path folder = out != null ? out : Path.of("runs", sweep.name());
        int threadCount = RunOptions.threadCount(threads);
        PrintWriter w = spec.commandLine().getOut();
        Progress progress = new Progress(w, !quiet.on);
        long start = System.nanoTime();
        int[] resumedFrom = {-1};
        Path results = Sweep.run(sweep, folder, threadCount, (done, total) -> {
            if (resumedFrom[0] < 0) {
                resumedFrom[0] = done; // the first call tells what was saved before this start
            }
            progress.update(done, total);
        });
        progress.done();
        Table table = SweepSummary.load(results, sweep);
        Table points = SweepSummary.perPoint(table, sweep);
        SweepSummary.write(points, folder.resolve("points-summary.csv"));
        if (!quiet.on) {
            if (resumedFrom[0] > 0) {
                w.printf(Locale.ROOT, "resumed: %d of %d (point, replication) rows were already saved in %s and were not run again%n",
                        resumedFrom[0], points.rowCount() * sweep.replications(), folder);
            }
            w.printf(Locale.ROOT, "%s: %d points x %d replications (%s design) in %.1f s%n", sweep.name(), points.rowCount(), sweep.replications(),
                    sweep.design(), (System.nanoTime() - start) / 1e9);
            w.printf("wrote %s/ (results.csv: one row per point and replication; points-summary.csv: means and 95%% intervals; points.csv)%n", folder);
        }
        report.drawAfter(folder, w, quiet.on);
        return 0;
    }
}
