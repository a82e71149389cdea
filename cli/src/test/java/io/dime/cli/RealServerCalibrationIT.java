package io.dime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.backend.calibrate.Replay;
import io.dime.backend.it.RealServer;
import io.dime.backend.trace.Trace;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The accuracy target of the real backend, against the build's llama-server (the tiny model, one
 * CPU thread, 8 slots), through the command line as a user runs it: {@code dime observe} drives
 * the plan real-backend/plans/cpu-tiny.yaml, {@code dime calibrate} fits on c1, r3, r6 and c8 and
 * predicts c2, c4 and c6, {@code dime replay} draws the comparison.
 *
 * <p>The target, per held-out level, is on the end-to-end latency of the level's measured requests:
 * the median over the held-out levels of the p50's error is at most 10%, and every held-out level's
 * p99 is within 20%. (BLIS, inference-sim, reports 6.7% median end-to-end error on GPUs.)
 *
 * <p>Unless the server does not repeat itself that finely. On this project's shared 2-core VMs the
 * same level's p50, measured in the plan's three rounds of one run, differed by up to 46% from the
 * level's pooled p50 (2026-12-03, docs/TESTING.md): no model can be judged more finely than
 * that. So each level's allowance is the target or the comparison's own 95% band, whichever is
 * wider. The band is the 95% Student-t multiple (4.30 for three rounds) of the standard error of
 * (simulated − measured) / measured, from both sides' noise: the measured statistic's, from the
 * spread of the level's three rounds (their deviations from the pooled value: standard deviation
 * over √3); and the profile's, from the same prediction by a profile fitted on each round alone
 * (the spread of the three predictions, over √3), since the fit levels were measured on the same
 * noisy machine. On a quiet machine the band is narrow and the target decides; on a noisy one the
 * test can only catch errors beyond the band (at most 50%), which it prints with each error.
 */
class RealServerCalibrationIT {
    /**
     * The two-sided 95% quantile of Student's t with (rounds - 1) degrees of freedom: a standard
     * error estimated from three rounds is itself so uncertain that twice it is not a 95% band
     * (with 2, the test failed in two CI runs out of five on 2026-12-03).
     */
    /** However wide the band, an error beyond this fails: no noise seen here came near it (the largest, -34.8%). */
    private static final double CAP_PERCENT = 50;

    private static final double T95 = new org.apache.commons.math3.distribution.TDistribution(2).inverseCumulativeProbability(0.975);

    @TempDir
    Path folder;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run dime(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aCalibratedProfilePredictsHeldOutConcurrencyLevels() throws Exception {
        RealServer server = RealServer.require();
        Path plan = Path.of(System.getProperty("dime.plans"), "cpu-tiny.yaml");
        Path trace = folder.resolve("trace.csv");
        Run observe = dime("observe", "--url", server.baseUrl.toString(), "--plan", plan.toString(), "--out", trace.toString());
        assertEquals(0, observe.exitCode(), observe.err());
        System.out.println(observe.out());
        Trace measured = Trace.read(trace);
        // Kept in the build folder for a look after a failure (the temporary folder goes).
        Files.copy(trace, Files.createDirectories(Path.of("target")).resolve("real-server-calibration-trace.csv"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(List.of("c1", "r3", "r6", "c2", "c4", "c6", "c8"), measured.levels());
        assertEquals("llama.cpp", measured.header().get("engine"));
        assertEquals("8", measured.header().get("slots"));
        long failed = measured.rows().stream().filter(r -> !r.ok()).count();
        assertEquals(0, failed, "every request of the plan succeeded");

        Path profile = folder.resolve("profiles/cpu-tiny.yaml");
        Run calibrate = dime("calibrate", trace.toString(), "--hold-out", "c2,c4,c6", "--out", profile.toString());
        assertEquals(0, calibrate.exitCode(), calibrate.err());
        System.out.println(calibrate.out());
        assertTrue(Files.readString(profile).contains("decode_steps:"), "the profile holds the measured step table");

        Run replay = dime("replay", trace.toString(), "--profile", profile.toString(), "--out", folder.resolve("replay").toString());
        assertEquals(0, replay.exitCode(), replay.err());
        assertTrue(Files.isRegularFile(folder.resolve("replay/report/index.html")), replay.out());
        List<Replay.Comparison> comparisons = readComparisons(folder.resolve("replay/replay.csv"));
        List<List<Replay.Comparison>> perRoundFits = perRoundFits(measured, trace);
        StringBuilder report = new StringBuilder("level  statistic  error  allowance (target, 95% band of the comparison from the rounds)\n");
        List<Double> p50Ratios = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (String level : List.of("c2", "c4", "c6")) {
            List<List<io.dime.backend.trace.TraceRow>> rounds = Replay.segments(level, measured.level(level));
            assertEquals(3, rounds.size(), "the plan's three rounds of " + level);
            for (double q : new double[] {0.50, 0.99}) {
                String metric = q == 0.50 ? "e2e_ms.p50" : "e2e_ms.p99";
                double target = q == 0.50 ? 10 : 20;
                double error = error(comparisons, level, metric);
                double band = Math.hypot(band(measured.measured(level), rounds, q), fitBand(perRoundFits, comparisons, level, metric));
                double allowance = Math.min(CAP_PERCENT, Math.max(target, band));
                report.append(String.format(Locale.ROOT, "%-6s %-10s %+6.1f%%  %5.1f%% (%.0f%%, %.1f%%)%n", level, metric, error, allowance, target, band));
                if (q == 0.50) {
                    p50Ratios.add(Math.abs(error) / allowance);
                } else if (Math.abs(error) > allowance) {
                    failures.add(String.format(Locale.ROOT, "held-out %s: e2e p99 error %.1f%% exceeds %.1f%%", level, error, allowance));
                }
            }
        }
        System.out.println(report);
        double median = p50Ratios.stream().sorted().toList().get(1);
        if (median > 1) {
            failures.add(String.format(Locale.ROOT, "the median held-out level's e2e p50 error is %.2f times its allowance", median));
        }
        assertTrue(failures.isEmpty(), String.join("; ", failures) + "\n" + report + calibrate.out());
    }

    /**
     * The 95% band (Student's t, {@link #T95}) of a level's pooled quantile {@code q} of end-to-end latency, in
     * percent of it, estimated from the level's rounds: the standard deviation of each round's
     * quantile around the pooled one, over the square root of the rounds.
     */
    private static double band(List<io.dime.backend.trace.TraceRow> measured, List<List<io.dime.backend.trace.TraceRow>> rounds, double q) {
        double pooled = Replay.quantile(e2e(measured), q);
        List<Double> deviations = new ArrayList<>();
        for (List<io.dime.backend.trace.TraceRow> round : rounds) {
            deviations.add(Replay.quantile(e2e(round.stream().filter(r -> !r.warmup() && r.ok()).toList()), q) / pooled - 1);
        }
        return percentBand(deviations);
    }

    /**
     * The held-out comparisons of a profile fitted on each round of the plan alone (each replayed
     * against the whole trace): rounds are the stretches of each level, split where the trace was
     * idle for that level for more than 4 s (the other six levels ran meanwhile).
     */
    private List<List<Replay.Comparison>> perRoundFits(Trace measured, Path trace) throws Exception {
        java.util.Map<Integer, List<io.dime.backend.trace.TraceRow>> byRound = new java.util.TreeMap<>();
        for (String level : measured.levels()) {
            List<List<io.dime.backend.trace.TraceRow>> rounds = Replay.stretches(measured.level(level), 4);
            for (int round = 0; round < rounds.size(); round++) {
                byRound.computeIfAbsent(round, k -> new ArrayList<>()).addAll(rounds.get(round));
            }
        }
        assertEquals(3, byRound.size(), "three rounds in the trace");
        List<List<Replay.Comparison>> fits = new ArrayList<>();
        for (var round : byRound.entrySet()) {
            Path roundTrace = folder.resolve("round" + round.getKey() + ".csv");
            new Trace(measured.header(), round.getValue()).write(roundTrace);
            Path roundProfile = folder.resolve("profiles/round" + round.getKey() + ".yaml");
            Run fit = dime("calibrate", roundTrace.toString(), "--hold-out", "c2,c4,c6", "--out", roundProfile.toString(), "--quiet");
            assertEquals(0, fit.exitCode(), fit.err());
            Path out = folder.resolve("replay-round" + round.getKey());
            Run replayed = dime("replay", trace.toString(), "--profile", roundProfile.toString(), "--levels", "c2,c4,c6", "--out", out.toString(),
                    "--quiet", "--no-report");
            assertEquals(0, replayed.exitCode(), replayed.err());
            fits.add(readComparisons(out.resolve("replay.csv")));
        }
        return fits;
    }

    /**
     * The 95% band (Student's t, {@link #T95}) of the profile's prediction of {@code metric} at {@code level}, in
     * percent of the measured value: the standard deviation of the per-round profiles' predictions
     * around the pooled profile's, over the square root of the rounds.
     */
    private static double fitBand(List<List<Replay.Comparison>> perRoundFits, List<Replay.Comparison> pooled, String level, String metric) {
        Replay.Comparison whole = comparison(pooled, level, metric);
        List<Double> deviations = new ArrayList<>();
        for (List<Replay.Comparison> fit : perRoundFits) {
            deviations.add((comparison(fit, level, metric).simulated() - whole.simulated()) / whole.measured());
        }
        return percentBand(deviations);
    }

    /** The 95% band, in percent, of a mean from the rounds' deviations: t x standard deviation (about their pooled value) / sqrt(rounds). */
    private static double percentBand(List<Double> deviations) {
        double squares = deviations.stream().mapToDouble(d -> d * d).sum();
        return 100 * T95 * Math.sqrt(squares / (deviations.size() - 1)) / Math.sqrt(deviations.size());
    }

    private static double[] e2e(List<io.dime.backend.trace.TraceRow> rows) {
        return rows.stream().mapToDouble(io.dime.backend.trace.TraceRow::e2eMs).toArray();
    }

    @Test
    void aScenarioWithOneLiveNodeRunsToCompletionFromTheCommandLine() throws Exception {
        RealServer server = RealServer.require();
        Path scenario = folder.resolve("live.yaml");
        Files.writeString(scenario, """
                name: live-from-cli
                seed: 5
                duration: 15s
                nodes:
                  - name: live
                    gpu: rtx-4090
                    model: llama-3-8b
                    backend: {type: openai, url: '%s', slots: 4, timeout: 20s}
                  - {name: simulated, count: 2, gpu: h100-sxm, model: llama-3-8b}
                workload:
                  - {name: chat, arrival: {rate: 4/s}, prompt_tokens: {dist: uniform, min: 16, max: 64},
                     output_tokens: {dist: uniform, min: 8, max: 32}}
                routing: {policy: round-robin}
                """.formatted(server.baseUrl));
        Path out = folder.resolve("live-run");
        Run run = dime("run", scenario.toString(), "--out", out.toString(), "--quiet", "--no-report");
        assertEquals(0, run.exitCode(), run.err());
        com.fasterxml.jackson.databind.JsonNode summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("summary.json").toFile());
        double liveCompleted = summary.at("/metrics/groups/live/completed/mean").asDouble();
        assertTrue(liveCompleted >= 5, "the live node served requests: " + liveCompleted);
        assertEquals(0.0, summary.at("/metrics/live/live/failed/mean").asDouble(-1), "the server failed none");
        assertEquals(summary.at("/metrics/requests/arrived/mean").asDouble(), summary.at("/metrics/requests/completed/mean").asDouble()
                + summary.at("/metrics/requests/failed/mean").asDouble() + summary.at("/metrics/requests/dropped/mean").asDouble()
                + summary.at("/metrics/requests/in_flight/mean").asDouble(), 1e-9, "requests conserved");
    }

    private static List<Replay.Comparison> readComparisons(Path csv) throws Exception {
        List<Replay.Comparison> rows = new ArrayList<>();
        for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
            String[] c = line.split(",");
            rows.add(new Replay.Comparison(c[0], c[1], Double.parseDouble(c[2]), Double.parseDouble(c[3])));
        }
        return rows;
    }

    private static Replay.Comparison comparison(List<Replay.Comparison> comparisons, String level, String metric) {
        return comparisons.stream().filter(c -> c.level().equals(level) && c.metric().equals(metric)).findFirst().orElseThrow();
    }

    private static double error(List<Replay.Comparison> comparisons, String level, String metric) {
        return comparison(comparisons, level, metric).errorPercent();
    }
}
