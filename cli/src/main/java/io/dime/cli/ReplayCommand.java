package io.dime.cli;

import io.dime.backend.calibrate.Replay;
import io.dime.backend.trace.Trace;
import io.dime.backend.trace.TraceRow;
import io.dime.sim.output.RunFolder;
import io.dime.sim.scenario.ProfileReader;
import io.dime.sim.scenario.Scenario;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = "Run a trace's arrivals through the simulator with a profile, level by level, and print simulated against measured"
                + " (TTFT, TPOT, end-to-end; p50 and p99) with error percentages; writes replay.csv and a report with charts.",
        footerHeading = "%nExample:%n",
        footer = "  dime replay runs/cpu-tiny/trace.csv --profile profiles/cpu-tiny.yaml")
final class ReplayCommand implements Callable<Integer> {
    /** The node's GPU when neither the profile nor --gpu names one: it sets cost and memory checks only, never times. */
    static final String DEFAULT_GPU = "l4";

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TRACE", description = "Trace file written by dime observe.")
    Path tracePath;

    @Option(names = "--profile", required = true, paramLabel = "FILE", description = "Profile file (from dime calibrate).")
    Path profile;

    @Option(names = "--levels", split = ",", paramLabel = "LEVEL", description = "Levels to replay (default: all).")
    List<String> levels;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: runs/replay-<trace folder name>).")
    Path out;

    @Option(names = "--gpu", description = "Catalog GPU of the simulated node (default: the profile's, else " + DEFAULT_GPU + "); times come from the profile.")
    String gpu;

    @Option(names = "--slots", description = "Requests the node batches at once (default: the trace header's slots, else 1).")
    Integer slots;

    @Mixin
    ReportOption report;

    @Mixin
    QuietOption quiet;

    @Override
    public Integer call() {
        Trace trace = Trace.read(tracePath);
        Scenario.Profile parsed = ProfileReader.read(profile.toString(), null, "--profile", null);
        List<String> chosen = levels != null ? levels : trace.levels();
        for (String level : chosen) {
            if (!trace.levels().contains(level)) {
                throw new BadInputException("--levels names '" + level + "', which the trace does not have; accepted: " + String.join(", ", trace.levels()));
            }
        }
        String node = gpu != null ? gpu : parsed.gpu().isEmpty() ? DEFAULT_GPU : parsed.gpu();
        Replay.Settings settings = new Replay.Settings(profile, node, parsed.model().isEmpty() ? "model" : parsed.model(), slots(slots, trace));
        Path parent = tracePath.toAbsolutePath().getParent();
        Path folder = out != null ? out : Path.of("runs", "replay-" + sanitized(parent.getFileName() == null ? "trace" : parent.getFileName().toString()));
        RunFolder.checkWritable(folder); // before the replay, not after it
        List<Replay.LevelResult> results = Replay.run(trace, chosen, settings);
        List<Replay.Comparison> comparisons = Replay.compare(results);
        RunFolder.write(folder, report.into(folder, staging -> {
            Files.writeString(staging.resolve("replay.csv"), csv(comparisons), StandardCharsets.UTF_8);
            Files.writeString(staging.resolve("replay-requests.csv"), requestsCsv(results), StandardCharsets.UTF_8);
            Files.copy(profile, staging.resolve("profile.yaml"));
        }));
        PrintWriter w = spec.commandLine().getOut();
        if (!quiet.on) {
            w.println(table(comparisons));
            w.printf("wrote %s/ (replay.csv, replay-requests.csv)%n", folder);
        }
        report.tell(w, quiet.on);
        return 0;
    }

    static int slots(Integer given, Trace trace) {
        if (given != null) {
            if (given < 1) {
                throw new BadInputException("--slots " + given + " is out of range; accepted: 1 or more");
            }
            return given;
        }
        try {
            return Integer.parseInt(trace.header().getOrDefault("slots", "1"));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** A model or engine name as a scenario can spell it: lower case letters, digits and dashes. */
    static String sanitized(String text) {
        String name = text.toLowerCase(Locale.ROOT);
        int slash = name.lastIndexOf('/');
        name = slash >= 0 ? name.substring(slash + 1) : name;
        name = name.replaceAll("\\.gguf$", "").replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return name.isEmpty() ? "model" : name;
    }

    static String table(List<Replay.Comparison> comparisons) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-8s %-12s %12s %12s %9s%n", "level", "metric", "measured", "simulated", "error"));
        for (Replay.Comparison c : comparisons) {
            s.append(String.format(Locale.ROOT, "%-8s %-12s %12.2f %12.2f %+8.1f%%%n", c.level(), c.metric(), c.measured(), c.simulated(), c.errorPercent()));
        }
        return s.toString().stripTrailing();
    }

    private static String csv(List<Replay.Comparison> comparisons) {
        StringBuilder s = new StringBuilder("level,metric,measured,simulated,error_percent\n");
        for (Replay.Comparison c : comparisons) {
            s.append(String.format(Locale.ROOT, "%s,%s,%.4f,%.4f,%.3f%n", c.level(), c.metric(), c.measured(), c.simulated(), c.errorPercent()));
        }
        return s.toString();
    }

    private static String requestsCsv(List<Replay.LevelResult> results) {
        StringBuilder s = new StringBuilder("level,send_s,prompt_tokens,output_tokens,measured_ttft_ms,simulated_ttft_ms,measured_tpot_ms,"
                + "simulated_tpot_ms,measured_e2e_ms,simulated_e2e_ms\n");
        for (Replay.LevelResult r : results) {
            for (int i = 0; i < r.measured().size(); i++) {
                TraceRow m = r.measured().get(i);
                s.append(String.format(Locale.ROOT, "%s,%.4f,%d,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f%n", r.level(), m.sendSeconds(), m.promptTokens(),
                        m.outputTokens(), m.ttftMs(), r.simulatedTtftMs()[i], m.tpotMs(), r.simulatedTpotMs()[i], m.e2eMs(), r.simulatedE2eMs()[i]));
            }
        }
        return s.toString().replace("NaN", "");
    }
}
