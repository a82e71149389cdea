package io.dime.backend.calibrate;

import io.dime.backend.trace.Trace;
import io.dime.backend.trace.TraceException;
import io.dime.backend.trace.TraceRow;
import io.dime.sim.ReplicationResult;
import io.dime.sim.World;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Runs a trace's arrivals through the simulator, one level at a time, on one node with the given
 * profile, and sets what it simulates beside what was measured. Each level is its own run, with
 * its requests' prompt and output lengths, warm-up included (they loaded the real server too): a
 * closed-loop level as that many closed-loop clients taking the rows in order, an open-loop level
 * at the recorded send times. The network is loopback (no delay). Every simulated request is
 * matched to its measured one by order of arrival, so the comparison covers exactly the measured
 * requests.
 */
public final class Replay {
    /** One quantity at one level: measured and simulated. */
    public record Comparison(String level, String metric, double measured, double simulated) {
        public double errorPercent() {
            return 100 * (simulated - measured) / measured;
        }
    }

    /** One level's requests, measured and simulated, in order of arrival. */
    public record LevelResult(String level, List<TraceRow> measured, double[] simulatedTtftMs, double[] simulatedE2eMs, double[] simulatedTpotMs) {
    }

    /**
     * @param profile  a profile file (written by {@code dime calibrate})
     * @param gpu      a catalog GPU for the node: it sets cost and memory only, times come from the profile
     * @param model    the profile's model name
     * @param maxBatch the server's slots: requests served at once
     */
    public record Settings(Path profile, String gpu, String model, int maxBatch) {
    }

    private Replay() {
    }

    public static List<LevelResult> run(Trace trace, List<String> levels, Settings settings) {
        String scheduling = scheduling(settings.profile()); // the profile is the same for every level and stretch
        List<LevelResult> results = new ArrayList<>();
        for (String level : levels) {
            results.add(runLevel(trace, level, settings, scheduling));
        }
        return results;
    }

    private static LevelResult runLevel(Trace trace, String level, Settings settings, String scheduling) {
        List<TraceRow> rows = trace.level(level);
        if (rows.isEmpty()) {
            throw new TraceException("the trace has no level '" + level + "'; accepted: " + String.join(", ", trace.levels()));
        }
        List<String> simulated = new ArrayList<>();
        for (List<TraceRow> segment : segments(level, rows)) {
            simulated.addAll(runSegment(level, segment, settings, scheduling));
        }
        return match(level, rows, simulated);
    }

    /**
     * A closed-loop level observed in rounds ({@code rounds:} in the plan) ran as several stretches,
     * each starting from an idle server with all its clients sending at once: each stretch is its
     * own closed-loop run, so the replay starts as often as the server did. A stretch ends where
     * the next request was sent more than {@link #STRETCH_GAP_SECONDS} after every earlier one had
     * ended (dime observe pauses 0.3 s after each level; its clients send again at once). An
     * open-loop level is one run
     * at its recorded send times, idle stretches included.
     */
    public static final double STRETCH_GAP_SECONDS = 0.25;

    public static List<List<TraceRow>> segments(String level, List<TraceRow> rows) {
        return level.matches("c[0-9]+") ? stretches(rows, STRETCH_GAP_SECONDS) : List.of(rows);
    }

    /**
     * {@code rows} (in send order) cut where a request was sent more than {@code gapSeconds} after
     * every earlier one had ended: the stretches in which these requests kept the server busy.
     */
    public static List<List<TraceRow>> stretches(List<TraceRow> rows, double gapSeconds) {
        List<List<TraceRow>> segments = new ArrayList<>();
        List<TraceRow> current = new ArrayList<>();
        double lastEnd = Double.NEGATIVE_INFINITY;
        for (TraceRow r : rows) {
            if (!current.isEmpty() && r.sendSeconds() > lastEnd + gapSeconds) {
                segments.add(current);
                current = new ArrayList<>();
            }
            current.add(r);
            double end = Double.isNaN(r.e2eMs()) ? r.sendSeconds() : r.sendSeconds() + r.e2eMs() / 1000;
            lastEnd = Math.max(lastEnd, end);
        }
        segments.add(current);
        return segments;
    }

    private static List<String> runSegment(String level, List<TraceRow> rows, Settings settings, String scheduling) {
        double start = rows.get(0).sendSeconds();
        double span = rows.get(rows.size() - 1).sendSeconds() - start;
        double longest = rows.stream().mapToDouble(TraceRow::e2eMs).filter(v -> !Double.isNaN(v)).max().orElse(1000) / 1000;
        Path folder;
        try {
            folder = Files.createTempDirectory("dime-replay-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            StringBuilder arrivals = new StringBuilder("timestamp,prompt_tokens,output_tokens\n");
            for (TraceRow r : rows) {
                arrivals.append(String.format(Locale.ROOT, "%.6f,%d,%d%n", r.sendSeconds() - start, r.promptTokens(), r.outputTokens()));
            }
            Files.writeString(folder.resolve("arrivals.csv"), arrivals, StandardCharsets.UTF_8);
            // Long enough for the last request to end even if the profile is several times too slow.
            double duration = span + 60 + 20 * longest;
            String scenario = String.format(Locale.ROOT, """
                    name: replay-%s
                    duration: %.3fs
                    warmup: 0s
                    replications: 1
                    seed: 1
                    network: {base_rtt: 0s, bandwidth: 1000Gbit/s}
                    models:
                      - {name: "%s", params: 1e6, layers: 1, hidden: 64, kv_heads: 1, head_dim: 64}
                    nodes:
                      - {name: server, gpu: %s, model: "%s", profile: "%s", max_batch: %d%s}
                    workload:
                      - {name: replayed, arrival: %s}
                    output: {requests_sample: 1}
                    """, level, duration, settings.model(), settings.gpu(), settings.model(),
                    settings.profile().toAbsolutePath().toString().replace("\\", "/"), settings.maxBatch(), scheduling,
                    arrival(level));
            Scenario parsed = new ScenarioLoader().parse(scenario, folder);
            ReplicationResult result = World.run(parsed, 0);
            List<String[]> simulated = new ArrayList<>();
            for (String row : result.requestRows()) {
                simulated.add(row.split(",", -1));
            }
            // requests.csv: replication,request,class,client_region,node,node_region,status,arrival_s,...
            simulated.sort(Comparator.comparingDouble((String[] c) -> Double.parseDouble(c[7])).thenComparingLong(c -> Long.parseLong(c[1])));
            if (simulated.size() != rows.size()) {
                throw new IllegalStateException("the replay of level " + level + " returned " + simulated.size() + " requests for " + rows.size() + " sent");
            }
            return simulated.stream().map(c -> String.join(",", c)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(folder);
        }
    }

    /**
     * The node's scheduler keys: none when the profile says how its engine builds a step (the node
     * takes the profile's), otherwise a token budget no level reaches, so a step prefills every
     * admitted prompt whole.
     */
    private static String scheduling(Path profile) {
        try {
            Scenario.Profile parsed = io.dime.sim.scenario.ProfileReader.parse(Files.readString(profile, StandardCharsets.UTF_8), profile.toString());
            return parsed.chunkedPrefill() != null || parsed.maxBatchedTokens() > 0 ? "" : ", max_batched_tokens: 100000";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * How the level's requests arrive: a closed-loop level ({@code c4}) as 4 clients that each send
     * the next row's request when their last one ends, as dime observe ran it; an open-loop level
     * at the recorded send times.
     */
    static String arrival(String level) {
        if (level.matches("c[0-9]+")) {
            return "{process: closed, clients: " + level.substring(1) + ", file: arrivals.csv}";
        }
        return "{process: trace, file: arrivals.csv}";
    }

    /** Pairs simulated request rows (requests.csv format, each stretch in arrival order) with the trace's rows by arrival order. */
    private static LevelResult match(String level, List<TraceRow> rows, List<String> simulatedRows) {
        List<String[]> simulated = new ArrayList<>();
        for (String row : simulatedRows) {
            simulated.add(row.split(",", -1));
        }
        List<TraceRow> measured = new ArrayList<>();
        List<double[]> sim = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            TraceRow r = rows.get(i);
            if (r.warmup() || !r.ok()) {
                continue;
            }
            String[] c = simulated.get(i);
            double ttft = number(c[11]);
            double e2e = number(c[12]);
            int outputs = Integer.parseInt(c[9]);
            measured.add(r);
            sim.add(new double[] {ttft, e2e, outputs > 1 ? (e2e - ttft) / (outputs - 1) : Double.NaN});
        }
        return new LevelResult(level, measured, sim.stream().mapToDouble(s -> s[0]).toArray(), sim.stream().mapToDouble(s -> s[1]).toArray(),
                sim.stream().mapToDouble(s -> s[2]).toArray());
    }

    /** TTFT, TPOT and end-to-end, p50 and p99, measured against simulated, per level. */
    public static List<Comparison> compare(List<LevelResult> results) {
        List<Comparison> out = new ArrayList<>();
        for (LevelResult r : results) {
            add(out, r.level(), "ttft", r.measured(), TraceRow::ttftMs, r.simulatedTtftMs());
            add(out, r.level(), "tpot", r.measured(), TraceRow::tpotMs, r.simulatedTpotMs());
            add(out, r.level(), "e2e", r.measured(), TraceRow::e2eMs, r.simulatedE2eMs());
        }
        return out;
    }

    private static void add(List<Comparison> out, String level, String metric, List<TraceRow> rows, ToDoubleFunction<TraceRow> measured, double[] simulated) {
        double[] m = rows.stream().mapToDouble(measured).filter(v -> !Double.isNaN(v)).toArray();
        double[] s = java.util.Arrays.stream(simulated).filter(v -> !Double.isNaN(v)).toArray();
        out.add(new Comparison(level, metric + "_ms.p50", quantile(m, 0.50), quantile(s, 0.50)));
        out.add(new Comparison(level, metric + "_ms.p99", quantile(m, 0.99), quantile(s, 0.99)));
    }

    /** Nearest-rank quantile: the smallest value with at least q of the values at or below it. */
    public static double quantile(double[] values, double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double number(String cell) {
        return cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
    }

    static void deleteQuietly(Path folder) {
        try {
            io.dime.sim.output.RunFolder.deleteTree(folder);
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
