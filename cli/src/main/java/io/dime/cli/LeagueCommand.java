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
        {"operators.profit_usd", "+rewards $"},
        {"token.volatility", "tok vol"},
    };

    @Override
    public Integer call() {
        League.Spec loaded = League.load(file);
        int replications = options.replicationCount(loaded.replications(), 2, "the table shows intervals");
        League.Spec league = new League.Spec(loaded.name(), loaded.networks(), options.seed(loaded.seed()), replications,
                loaded.duration(), loaded.warmup(), loaded.common(), loaded.claims(), loaded.loads(), loaded.sloTarget(), loaded.capacitySteps());
        int threadCount = options.threadCount();
        Path folder = out != null ? out : Path.of("runs", league.name());
        try {
            RunFolder.checkWritable(folder);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        PrintWriter w = spec.commandLine().getOut();
        Progress progress = new Progress(w, !quiet.on);
        League.Result result = League.run(league, threadCount, progress::update);
        progress.done();
        List<io.dime.analysis.Claim.Finding> findings = League.write(folder, league, result, data -> report.into(folder, data));
        if (!quiet.on) {
            List<League.Entry> entries = result.entries();
            w.printf("%s: %d networks, %d replications each, seed %d (common random numbers), loads %s of the stated one%n%n", league.name(),
                    entries.size(), league.replications(), league.seed(), league.loads().stream().map(io.dime.analysis.Claim::loadName).toList());
            int width = Math.max(8, entries.stream().mapToInt(e -> e.name().length()).max().orElse(8));
            StringBuilder header = new StringBuilder(String.format("%-" + width + "s %-5s %-5s", "network", "kind", "model"));
            for (String[] column : COLUMNS) {
                header.append(String.format(" %11s", column[1]));
            }
            w.println(header);
            for (League.Entry entry : entries) {
                StringBuilder row = new StringBuilder(String.format("%-" + width + "s %-5s %-5s", entry.name(), entry.centralized() ? "cloud" : "dec.",
                        entry.modelClass()));
                for (String[] column : COLUMNS) {
                    Estimate e = entry.estimate(column[0]);
                    row.append(String.format(" %11s", e == null ? "-" : RunCommand.number(e.mean())));
                }
                w.println(row + (entry.saturated() ? "  saturated" : ""));
            }
            w.printf("%n$/1M: USD per 1M tokens paid by users / spent by operators; latencies in ms; SLO met: share of requests;%n"
                    + "fraud left: wrong results users kept, per request; op profit: operators' service revenue less GPU cost (USD);%n"
                    + "+rewards: the same with token rewards valued at the simulated token price (no token: -); tok vol: token price volatility;%n"
                    + "saturated: under %s of requests met the SLO at the stated load; left out of verdicts and medians at that load.%n",
                    RunCommand.number(league.sloTarget()));
            w.printf("%ncapacity at the SLO target (%s of requests within the SLO):%n", RunCommand.number(league.sloTarget()));
            for (var c : League.capacityLines(result)) {
                w.printf("  %-" + width + "s %s%n", c.getKey(), c.getValue());
            }
            if (!findings.isEmpty()) {
                w.printf("%nclaims under test (verdict at the stated load; robustness over %s):%n",
                        league.loads().stream().map(io.dime.analysis.Claim::loadName).toList());
                for (io.dime.analysis.Claim.Finding f : findings) {
                    w.printf("  %-22s %-34s %s%n  %-22s %s%s%n", f.claim().id(), f.verdict(), f.computed(), "", f.robustness(),
                            f.replications() == 0 ? "" : "; holds in " + f.replicationsHolding() + " of " + f.replications() + " replications");
                }
            }
            w.printf("%nwrote %s/ (league.csv, capacity.csv, %sone run folder per network%s)%n", folder, findings.isEmpty() ? "" : "claims.csv, ",
                    league.loads().size() > 1 ? ", other loads under loads/" : "");
        }
        report.tell(w, quiet.on);
        return 0;
    }
}
