package io.dime.cli;

import io.dime.sim.RunOutcome;
import io.dime.sim.metrics.Estimate;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.ScenarioLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs two or more scenarios with common random numbers — the same seed, so replication i of
 * each sees the same arrivals wherever the scenarios agree — and prints each metric side by
 * side with the paired difference from the first and its 95% interval.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = "Run scenarios with common random numbers and print each metric side by side, with the paired difference from the first and its 95%% interval.",
        footerHeading = "%nExample:%n",
        footer = "  dime compare scenarios/token-controller-stabilization-off.yaml scenarios/token-controller-stabilization.yaml")
final class CompareCommand implements Callable<Integer> {
    private static final List<String> HEADLINE = List.of(
            "ttft_ms.p50", "ttft_ms.p99", "tpot_ms.p50", "e2e_ms.p50", "e2e_ms.p99", "throughput.output_tokens_per_s",
            "requests.completed", "requests.failed", "requests.dropped", "requests.defected", "slo_attainment", "utilization",
            "cost_per_mtok_usd.users", "cost_per_mtok_usd.operators", "operator_profit_usd",
            "token.price_end", "token.price_min", "token.price_max", "token.volatility", "token.price_dispersion", "token.supply_end", "token.burned",
            "operators.active_mean", "operators.joins", "operators.leaves", "operators.churn", "operators.profit_usd",
            "demand.multiplier_end", "demand.defected_share_end", "treasury.usd");

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "2..*", description = "Scenario files; the first is the baseline.")
    List<Path> files;

    /** Seed and replications default to the first scenario's and apply to all. */
    @Mixin
    RunOptions options;

    @Mixin
    ReportOption report;

    @Option(names = "--all", description = "Every metric, not only the headline ones.")
    boolean all;

    @Mixin
    QuietOption quiet;

    @Option(names = "--out", paramLabel = "DIR", description = "Comparison folder (default: runs/compare-<first>-vs-<second>): comparison.csv and one run folder per scenario.")
    Path out;

    @Override
    public Integer call() {
        ScenarioLoader loader = new ScenarioLoader();
        List<Scenario> scenarios = new ArrayList<>();
        for (Path file : files) {
            scenarios.add(loader.load(file));
        }
        int threadCount = options.threadCount();
        Path folder = out != null ? out : Path.of("runs", "compare-" + scenarios.get(0).name() + "-vs-" + scenarios.get(1).name());
        try {
            io.dime.sim.output.RunFolder.checkWritable(folder); // before the runs, not after them
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        PrintWriter w = spec.commandLine().getOut();
        Progress progress = new Progress(w, !quiet.on);
        List<RunOutcome> outcomes = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            Scenario applied = options.apply(scenario, scenarios.get(0).seed(), scenarios.get(0).replications(), 2);
            int before = outcomes.size() * applied.replications();
            int total = scenarios.size() * applied.replications();
            outcomes.add(RunOutcome.run(applied, threadCount, (done, all) -> progress.update(before + done, total)));
        }
        progress.done();
        long commonSeed = outcomes.get(0).scenario().seed();
        int count = outcomes.get(0).scenario().replications();
        writeFolder(folder, outcomes, report);
        if (quiet.on) {
            report.tell(w, true);
            return 0;
        }
        w.printf("%d scenarios, %d replications each, seed %d (common random numbers)%n", scenarios.size(), count, commonSeed);
        for (int i = 0; i < scenarios.size(); i++) {
            w.printf("  [%d] %s (%s)%n", i, scenarios.get(i).name(), files.get(i));
        }
        w.println();
        StringBuilder header = new StringBuilder(String.format("%-32s %14s", "metric", "[0]"));
        for (int i = 1; i < scenarios.size(); i++) {
            header.append(String.format(" %14s %26s", "[" + i + "]", "[" + i + "] - [0], 95% CI"));
        }
        w.println(header);
        for (String metric : outcomes.get(0).summary().estimates().keySet()) {
            if (!all && !HEADLINE.contains(metric)) {
                continue;
            }
            if (!outcomes.stream().allMatch(o -> o.summary().estimates().containsKey(metric))) {
                continue;
            }
            StringBuilder row = new StringBuilder(String.format("%-32s %14s", metric, RunCommand.number(outcomes.get(0).summary().get(metric).mean())));
            for (int i = 1; i < outcomes.size(); i++) {
                Estimate difference = pairedDifference(outcomes.get(0), outcomes.get(i), metric);
                row.append(String.format(" %14s %26s", RunCommand.number(outcomes.get(i).summary().get(metric).mean()),
                        String.format(Locale.ROOT, "%s [%s, %s]", signed(difference.mean()), signed(difference.low()), signed(difference.high()))));
            }
            w.println(row);
        }
        w.printf("%nwrote %s/ (comparison.csv and one run folder per scenario)%n", folder);
        report.tell(w, false);
        return 0;
    }

    /** comparison.csv (every metric: each scenario's mean and interval, and its paired difference from the first) and the run folders. */
    private static void writeFolder(Path folder, List<RunOutcome> outcomes, ReportOption report) {
        StringBuilder csv = new StringBuilder("metric,scenario,mean,ci_low,ci_high,diff_mean,diff_low,diff_high\n");
        for (String metric : outcomes.get(0).summary().estimates().keySet()) {
            if (!outcomes.stream().allMatch(o -> o.summary().estimates().containsKey(metric))) {
                continue;
            }
            for (int i = 0; i < outcomes.size(); i++) {
                Estimate e = outcomes.get(i).summary().get(metric);
                Estimate d = i == 0 ? new Estimate(0, 0, 0, List.of()) : pairedDifference(outcomes.get(0), outcomes.get(i), metric);
                csv.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%s,%s,%s,%s%n", metric, outcomes.get(i).scenario().name(),
                        cell(e.mean()), cell(e.low()), cell(e.high()), cell(d.mean()), cell(d.low()), cell(d.high())));
            }
        }
        io.dime.sim.output.RunFolder.write(folder, report.into(folder, dir -> {
            java.nio.file.Files.writeString(dir.resolve("comparison.csv"), csv.toString());
            io.dime.sim.output.RunWriter.writeNumbered(dir, outcomes);
        }));
    }

    private static String cell(double value) {
        return Double.isFinite(value) ? Double.toString(value) : "";
    }

    /** Replication i of both runs shares its seed, so differences pair up: one t-interval over them. */
    static Estimate pairedDifference(RunOutcome base, RunOutcome other, String metric) {
        List<Double> differences = new ArrayList<>();
        for (int r = 0; r < base.replications().size(); r++) {
            differences.add(other.replications().get(r).metric(metric) - base.replications().get(r).metric(metric));
        }
        return Estimate.of(differences);
    }

    private static String signed(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return (value >= 0 ? "+" : "") + RunCommand.number(value);
    }
}
