package io.dime.cli;

import io.dime.sim.RunOutcome;
import io.dime.sim.metrics.Estimate;
import io.dime.sim.metrics.Summary;
import io.dime.sim.output.RunFolder;
import io.dime.sim.output.RunWriter;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.ScenarioLoader;
import io.dime.sim.input.Units;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run a scenario: print a summary table and write the run folder (default runs/<name>/).",
        footerHeading = "%nExample:%n",
        footer = "  dime run scenarios/quickstart.yaml --seed 7 --replications 10")
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Scenario YAML file.")
    Path file;

    @Mixin
    RunOptions options;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder to write (default: runs/<name>). Replaced whole, only once the run has finished.")
    Path out;

    @Mixin
    QuietOption quiet;

    @Mixin
    ReportOption report;

    @Option(names = "--json", description = "Print summary.json instead of the table (for scripts).")
    boolean json;

    @Override
    public Integer call() {
        Scenario loaded = new ScenarioLoader().load(file);
        Scenario scenario = options.apply(loaded, loaded.seed(), loaded.replications(), 1);
        int threadCount = options.threadCount();
        Path folder = out != null ? out : Path.of("runs", scenario.name());
        try {
            RunFolder.checkWritable(folder);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        if (scenario.verification().size() > 1) {
            return runSchemes(scenario, threadCount, folder);
        }
        Progress progress = new Progress(spec.commandLine().getOut(), !quiet.on && !json);
        RunOutcome outcome = RunOutcome.run(scenario, threadCount, progress::update);
        progress.done();
        RunWriter.write(folder, outcome, data -> report.into(folder, data));
        if (json) {
            spec.commandLine().getOut().print(RunWriter.summaryJson(outcome));
        } else if (!quiet.on) {
            PrintWriter w = spec.commandLine().getOut();
            printSummary(w, outcome);
            w.printf("%nwrote %s/ (summary.json, scenario.resolved.yaml, nodes.csv, requests.csv%s)%n", folder,
                    outcome.scenario().hasToken() ? ", timeseries.csv" : "");
        }
        report.tell(spec.commandLine().getOut(), quiet.on || json);
        return 0;
    }

    /** Columns of the scheme table: metric, heading. */
    private static final String[][] SCHEME_COLUMNS = {
        {"verify.undetected_fraud_rate", "fraud left"},
        {"verify.detection_rate", "caught"},
        {"verify.detection_delay_s", "delay s"},
        {"verify.overhead_share", "GPU +share"},
        {"verify.overhead_usd", "USD"},
        {"verify.added_latency_ms.p50", "+p50 ms"},
        {"verify.added_latency_ms.p99", "+p99 ms"},
        {"e2e_ms.p50", "e2e p50"},
        {"verify.payment_delay_s", "pay s"},
        {"verify.false_slashes", "false"},
        {"verify.roi.honest", "ROI hon"},
        {"verify.roi.cheater", "ROI cheat"},
    };

    /**
     * The same network and adversaries under each listed scheme, with common random numbers
     * (the same seed): one sub-folder per scheme and one table of scheme × metrics.
     */
    private Integer runSchemes(Scenario scenario, int threadCount, Path folder) {
        java.util.List<RunOutcome> outcomes = new java.util.ArrayList<>();
        for (var spec : scenario.verification()) {
            outcomes.add(RunOutcome.run(scenario.withVerification(spec), threadCount));
        }
        StringBuilder csv = new StringBuilder("scheme");
        for (String[] column : SCHEME_COLUMNS) {
            csv.append(',').append(column[0]).append(',').append(column[0]).append("_ci_low,").append(column[0]).append("_ci_high");
        }
        csv.append('\n');
        for (RunOutcome outcome : outcomes) {
            csv.append(outcome.scenario().verify().scheme());
            for (String[] column : SCHEME_COLUMNS) {
                Estimate e = outcome.summary().get(column[0]);
                csv.append(',').append(e.mean()).append(',').append(e.low()).append(',').append(e.high());
            }
            csv.append('\n');
        }
        RunFolder.write(folder, report.into(folder, dir -> {
            for (RunOutcome outcome : outcomes) {
                Path sub = dir.resolve(outcome.scenario().verify().scheme());
                java.nio.file.Files.createDirectories(sub);
                RunWriter.writeInto(sub, outcome);
            }
            java.nio.file.Files.writeString(dir.resolve("schemes.csv"), csv.toString());
        }));
        if (!quiet.on) {
            PrintWriter w = spec.commandLine().getOut();
            w.printf("%s: %d schemes, %d replications each, seed %d (common random numbers)%n%n", scenario.name(), outcomes.size(),
                    scenario.replications(), scenario.seed());
            StringBuilder header = new StringBuilder(String.format("%-22s", "scheme"));
            for (String[] column : SCHEME_COLUMNS) {
                header.append(String.format(" %10s", column[1]));
            }
            w.println(header);
            for (RunOutcome outcome : outcomes) {
                StringBuilder row = new StringBuilder(String.format("%-22s", outcome.scenario().verify().scheme()));
                for (String[] column : SCHEME_COLUMNS) {
                    row.append(String.format(" %10s", number(outcome.summary().get(column[0]).mean())));
                }
                w.println(row);
            }
            w.printf("%nfraud left: wrong results users kept, per request; caught: share of cheats detected; GPU +share: verification GPU work over%n"
                    + "users' work; +p50/+p99: latency the scheme adds; pay s: payment delay; false: honest operators punished.%n");
            w.printf("%nwrote %s/ (schemes.csv and one run folder per scheme)%n", folder);
        }
        report.tell(spec.commandLine().getOut(), quiet.on);
        return 0;
    }

    static void printSummary(PrintWriter w, RunOutcome outcome) {
        Scenario s = outcome.scenario();
        Summary summary = outcome.summary();
        w.printf("%s: %d replication%s of %s simulated (%s warm-up), seed %d%n%n", s.name(), s.replications(),
                s.replications() == 1 ? "" : "s", Units.formatSeconds(s.durationSeconds()), Units.formatSeconds(s.warmupSeconds()), s.seed());
        w.printf("%-34s %14s   %s%n", "metric", "mean", "95% CI");
        row(w, "TTFT p50 / p99 (ms)", summary, "ttft_ms.p50", "ttft_ms.p99");
        row(w, "TPOT p50 / p99 (ms)", summary, "tpot_ms.p50", "tpot_ms.p99");
        row(w, "end-to-end p50 / p99 (ms)", summary, "e2e_ms.p50", "e2e_ms.p99");
        row(w, "worst token gap p50 / p99 (ms)", summary, "max_itl_ms.p50", "max_itl_ms.p99");
        row(w, "queue wait mean / p99 (ms)", summary, "queue_ms.mean", "queue_ms.p99");
        row(w, "throughput (output tokens/s)", summary, "throughput.output_tokens_per_s");
        row(w, "throughput (requests/s)", summary, "throughput.requests_per_s");
        row(w, "requests arrived", summary, "requests.arrived");
        row(w, "requests completed", summary, "requests.completed");
        row(w, "requests dropped", summary, "requests.dropped");
        row(w, "requests failed (timed out)", summary, "requests.failed", "requests.timed_out");
        row(w, "retries (after refusal or node loss)", summary, "requests.retries");
        row(w, "node availability", summary, "nodes.availability");
        row(w, "SLO attainment", summary, "slo_attainment");
        row(w, "utilization", summary, "utilization");
        row(w, "cost per 1M tokens, users (USD)", summary, "cost_per_mtok_usd.users");
        row(w, "cost per 1M tokens, operators (USD)", summary, "cost_per_mtok_usd.operators");
        if (summary.estimates().containsKey("egress.usd") && summary.get("egress.usd").mean() > 0) {
            row(w, "egress (GB / USD)", summary, "egress.gb", "egress.usd");
        }
        row(w, "jitter: TTFT p99/p50, token pace CV", summary, "jitter.ttft_p99_over_p50", "jitter.tpot_cv");
        row(w, s.hasToken() ? "operator profit, service only (USD)" : "operator profit (USD)", summary, "operator_profit_usd");
        if (s.hasToken()) {
            w.println();
            row(w, "token price start / end (USD)", summary, "token.price_start", "token.price_end");
            row(w, "token price min / max (USD)", summary, "token.price_min", "token.price_max");
            row(w, "price dispersion / volatility", summary, "token.price_dispersion", "token.volatility");
            row(w, "tokens minted / burned", summary, "token.minted", "token.burned");
            row(w, "active operators (mean)", summary, "operators.active_mean");
            row(w, "operators joined / left", summary, "operators.joins", "operators.leaves");
            row(w, "operator churn", summary, "operators.churn");
            row(w, "operator profit, with rewards (USD)", summary, "operators.profit_usd");
            row(w, "token rewards a node earns a day", summary, "operators.token_rewards_per_node_day");
            if (s.token().slice() != null) {
                row(w, "slice of the network (share)", summary, "slice.share");
                if (summary.estimates().containsKey("slice.cited_rewards_per_node_day")) {
                    row(w, "a node of the network earns, as cited", summary, "slice.cited_rewards_per_node_day");
                }
            }
            row(w, "treasury (USD)", summary, "treasury.usd");
            if (s.demand() != null) {
                row(w, "demand multiplier / defected (end)", summary, "demand.multiplier_end", "demand.defected_share_end");
            }
        }
        breakdown(w, summary, "classes", "by request class", "slo_attainment", "users");
        breakdown(w, summary, "groups", "by node group", "utilization", "operators");
        io.dime.analysis.Completion.problem(m -> summary.estimates().containsKey(m) ? summary.get(m).mean() : Double.NaN)
                .ifPresent(problem -> w.printf("%nnote: %s%n", problem));
        sliceNote(s, summary).ifPresent(note -> w.printf("%nnote: %s%n", note));
    }

    /**
     * A slice whose nodes earn more than 3x or less than a third of what it cites for a node of the
     * real network: most often the emission written for the slice instead of the whole network
     * (the slice scales it), or a network size that does not match the emission's.
     */
    static java.util.Optional<String> sliceNote(io.dime.sim.scenario.Scenario s, Summary summary) {
        if (!s.hasToken() || s.token().slice() == null || !summary.estimates().containsKey("slice.cited_rewards_per_node_day")
                || !summary.estimates().containsKey("operators.token_rewards_per_node_day")) {
            return java.util.Optional.empty();
        }
        double earned = summary.get("operators.token_rewards_per_node_day").mean();
        double cited = summary.get("slice.cited_rewards_per_node_day").mean();
        if (!(cited > 0) || !Double.isFinite(earned) || (earned <= 3 * cited && earned >= cited / 3)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(String.format(java.util.Locale.ROOT, "the simulated nodes earn %.4g tokens a day, %.3gx the %.4g the slice cites"
                + " for a node of the real network; token.emission.per_day (and supply, pool, treasury) are the whole network's figures,"
                + " which the slice scales by its share %.3g: check that they were not scaled already, and that network_nodes counts"
                + " the nodes the emission pays", earned, earned / cited, cited, s.token().slice().share()));
    }

    /**
     * One line per request class or node group, when there are several. "gap p99" is the 99th
     * percentile over requests of each request's longest pause between two streamed tokens;
     * "price/1M" is what the class's users paid per 1M tokens, "cost/1M" what the group's
     * operators spent on GPUs per 1M tokens they served.
     */
    private static void breakdown(PrintWriter w, Summary summary, String prefix, String title, String share, String payer) {
        java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
        for (String metric : summary.estimates().keySet()) {
            if (metric.startsWith(prefix + ".")) {
                names.add(metric.substring(prefix.length() + 1, metric.indexOf('.', prefix.length() + 1)));
            }
        }
        if (names.isEmpty()) {
            return;
        }
        w.printf("%n%-22s %10s %9s %9s %9s %9s %9s %7s %11s%n", title, "completed", "TTFT p50", "TTFT p99", "TPOT p50", "gap p99", "e2e p50",
                share.equals("utilization") ? "util" : "SLO", payer.equals("users") ? "price/1M" : "cost/1M");
        for (String name : names) {
            String p = prefix + "." + name + ".";
            w.printf("%-22s %10s %9s %9s %9s %9s %9s %7s %11s%n", name, number(summary.get(p + "completed").mean()),
                    number(summary.get(p + "ttft_ms.p50").mean()), number(summary.get(p + "ttft_ms.p99").mean()),
                    number(summary.get(p + "tpot_ms.p50").mean()), number(summary.get(p + "max_itl_ms.p99").mean()),
                    number(summary.get(p + "e2e_ms.p50").mean()), number(summary.get(p + share).mean()),
                    number(summary.get(p + "cost_per_mtok_usd." + payer).mean()));
        }
    }

    private static void row(PrintWriter w, String label, Summary summary, String... metrics) {
        StringBuilder means = new StringBuilder();
        StringBuilder intervals = new StringBuilder();
        for (String metric : metrics) {
            Estimate e = summary.get(metric);
            if (means.length() > 0) {
                means.append(" / ");
                intervals.append(" / ");
            }
            means.append(number(e.mean()));
            intervals.append(Double.isNaN(e.low()) ? "-" : "[" + number(e.low()) + ", " + number(e.high()) + "]");
        }
        w.printf("%-34s %14s   %s%n", label, means, intervals);
    }

    static String number(double value) {
        return io.dime.reports.Numbers.format(value);
    }
}
