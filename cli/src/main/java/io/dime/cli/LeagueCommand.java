package io.dime.cli;

import io.dime.analysis.League;
import io.dime.sim.metrics.Estimate;
import io.dime.sim.output.RunFolder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
        name = "league",
        mixinStandardHelpOptions = true,
        description = "Run several networks on one workload and adversary mix with common random numbers; print and report the league table.",
        footerHeading = "%nExample:%n",
        footer = "  dime league scenarios/leagues/seed-claims.yaml")
final class LeagueCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "League YAML file: the networks and what they share.")
    Path file;

    @Option(names = "--out", paramLabel = "DIR", description = "League folder (default: runs/<league name>): league.csv and one run folder per network.")
    Path out;

    /** --seed and --replications override the league file's. */
    @Mixin
    RunOptions options;

    @Mixin
    QuietOption quiet;

    @Mixin
    ReportOption report;

    /** Columns of the printed table: metric, heading. */
    private static final String[][] COLUMNS = {
        {"cost_per_mtok_usd.users", "user $/1M"},
        {"cost_per_mtok_usd.operators", "op $/1M"},
        {"ttft_ms.p50", "TTFT p50"},
        {"ttft_ms.p99", "TTFT p99"},
        {"e2e_ms.p50", "e2e p50"},
        {"e2e_ms.p99", "e2e p99"},
        {"slo_attainment", "SLO met"},
        {"verify.undetected_fraud_rate", "fraud left"},
        {"operator_profit_usd", "op profit $"},
        {"token.volatility", "tok vol"},
    };

    @Override
    public Integer call() {
        League.Spec loaded = League.load(file);
        int replications = options.replicationCount(loaded.replications(), 2, "the table shows intervals");
        League.Spec league = new League.Spec(loaded.name(), loaded.networks(), options.seed(loaded.seed()), replications,
                loaded.duration(), loaded.warmup(), loaded.common(), loaded.claims());
        int threadCount = options.threadCount();
        Path folder = out != null ? out : Path.of("runs", league.name());
        try {
            RunFolder.checkWritable(folder);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        PrintWriter w = spec.commandLine().getOut();
        Progress progress = new Progress(w, !quiet.on);
        List<League.Entry> entries = League.run(league, threadCount, progress::update);
        progress.done();
        List<io.dime.analysis.Claim.Finding> findings = League.write(folder, league, entries, data -> report.into(folder, data));
        if (!quiet.on) {
            w.printf("%s: %d networks, %d replications each, seed %d (common random numbers)%n%n", league.name(), entries.size(),
                    league.replications(), league.seed());
            int width = Math.max(8, entries.stream().mapToInt(e -> e.name().length()).max().orElse(8));
            StringBuilder header = new StringBuilder(String.format("%-" + width + "s %-5s", "network", "kind"));
            for (String[] column : COLUMNS) {
                header.append(String.format(" %11s", column[1]));
            }
            w.println(header);
            for (League.Entry entry : entries) {
                StringBuilder row = new StringBuilder(String.format("%-" + width + "s %-5s", entry.name(), entry.centralized() ? "cloud" : "dec."));
                for (String[] column : COLUMNS) {
                    Estimate e = entry.outcome().summary().estimates().get(column[0]);
                    row.append(String.format(" %11s", e == null ? "-" : RunCommand.number(e.mean())));
                }
                w.println(row);
            }
            w.printf("%n$/1M: USD per 1M tokens paid by users / spent by operators; latencies in ms; SLO met: share of requests;%n"
                    + "fraud left: wrong results users kept, per request; tok vol: token price volatility (no token: -).%n");
            if (!findings.isEmpty()) {
                w.printf("%nclaims under test:%n");
                for (io.dime.analysis.Claim.Finding f : findings) {
                    w.printf("  %-22s %-34s %s%n", f.claim().id(), f.verdict(), f.computed());
                }
            }
            w.printf("%nwrote %s/ (league.csv, %sone run folder per network)%n", folder, findings.isEmpty() ? "" : "claims.csv, ");
        }
        report.tell(w, quiet.on);
        return 0;
    }
}
