package io.dime.reports;

import io.dime.sim.RunOutcome;
import io.dime.sim.metrics.Estimate;
import io.dime.sim.output.RunWriter;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.ScenarioLoader;
import io.dime.sim.scenario.VerificationSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Folders for report tests: real runs of a tiny scenario, and synthetic sweeps and comparisons. */
final class TestFolders {
    /** Small but complete: two node groups (one centralized), two request classes, a token economy, verification. */
    static final String TINY = """
            name: tiny
            seed: 5
            duration: 3h
            warmup: 10min
            replications: 2
            regions: [us-east, eu-west]
            nodes:
              - {name: gamers, count: 6, gpu: rtx-4090, model: llama-3-8b, regions: {us-east: 0.5, eu-west: 0.5}}
              - {name: cloud, kind: centralized, count: 1, gpu: h100-sxm, model: llama-3-8b, region: us-east, price_per_mtok: 15}
            workload:
              - name: chat
                arrival: {process: poisson, rate: 0.5/s}
                prompt_tokens: {dist: lognormal, median: 400, sigma: 0.8, max: 4096}
                output_tokens: {dist: lognormal, median: 150, sigma: 0.7, max: 1024}
                slo: {ttft: 1s, e2e: 20s}
              - name: batch
                arrival: {process: poisson, rate: 0.2/s}
                prompt_tokens: {dist: lognormal, median: 800, sigma: 0.5, max: 4096}
                output_tokens: {dist: lognormal, median: 300, sigma: 0.5, max: 1024}
                slo: {ttft: 10s, e2e: 60s}
            market: {pricing: posted, price_per_mtok: 2.5, protocol_fee: 0.1}
            token:
              supply: 1.0e6
              price: 1.0
              epoch: 1h
              emission: {schedule: constant, per_day: 500}
              burn: {share: 0.001}
              treasury_usd: 1000
              pool: {usd: 5000, fee: 0.003}
              controllers:
                - {target: price, setpoint: 1.0, acts_on: burn, kp: 0.02, ki: 0.002, update: 1h, clamp: [-0.001, 0.02]}
            verification:
              schemes: [none, spot-check]
              rate: 0.1
            adversaries:
              - {strategy: lazy, share: 0.2, cheat_rate: 0.3}
            output: {requests_sample: 0.5}
            """;

    private TestFolders() {
    }

    static Scenario tiny() {
        return new ScenarioLoader().parse(TINY);
    }

    /** A real run folder of the tiny scenario under spot-check. */
    static Path run(Path parent) {
        Scenario scenario = tiny();
        Path folder = parent.resolve("tiny-run");
        RunWriter.write(folder, RunOutcome.run(scenario.withVerification(scenario.verification().get(1)), 2));
        return folder;
    }

    /** A folder of several schemes, as `dime run` writes it: schemes.csv and a run folder per scheme. */
    static Path schemes(Path parent) throws IOException {
        Scenario scenario = tiny();
        Path folder = parent.resolve("tiny-schemes");
        Files.createDirectories(folder);
        List<String> metrics = List.of("verify.undetected_fraud_rate", "verify.detection_rate", "verify.detection_delay_s",
                "verify.overhead_share", "verify.added_latency_ms.p99");
        StringBuilder csv = new StringBuilder("scheme");
        metrics.forEach(m -> csv.append(',').append(m).append(',').append(m).append("_ci_low,").append(m).append("_ci_high"));
        csv.append('\n');
        for (VerificationSpec spec : scenario.verification()) {
            RunOutcome outcome = RunOutcome.run(scenario.withVerification(spec), 2);
            RunWriter.write(folder.resolve(spec.scheme()), outcome);
            csv.append(spec.scheme());
            for (String metric : metrics) {
                Estimate e = outcome.summary().get(metric);
                csv.append(',').append(e.mean()).append(',').append(e.low()).append(',').append(e.high());
            }
            csv.append('\n');
        }
        Files.writeString(folder.resolve("schemes.csv"), csv);
        return folder;
    }

    /**
     * A synthetic one-parameter sweep over the arrival rate, 3 replications a point, in which
     * latency and cost rise with the rate: point p, replication r has ttft p50 = 100 (p + 1) + r.
     */
    static Path sweepOverRate(Path parent) throws IOException {
        Path folder = parent.resolve("sweep-rate");
        Files.createDirectories(folder);
        StringBuilder csv = new StringBuilder("point,replication,workload[0].arrival.rate,ttft_ms.p50,ttft_ms.p95,ttft_ms.p99,"
                + "e2e_ms.p95,cost_per_mtok_usd.users,throughput.requests_per_s,slo_attainment\n");
        double[] rates = {1, 2, 5, 10};
        for (int p = 0; p < rates.length; p++) {
            for (int r = 0; r < 3; r++) {
                csv.append(String.format(Locale.ROOT, "%d,%d,%s,%.1f,%.1f,%.1f,%.1f,%.3f,%.3f,%.3f%n", p, r, Numbers.parameter(rates[p]),
                        100.0 * (p + 1) + r, 200.0 * (p + 1) + r, 300.0 * (p + 1) + r, 2000.0 * (p + 1) + r, 5.0 - p * 0.5 + r * 0.01,
                        rates[p] * 0.98, 0.99 - 0.05 * p));
            }
        }
        Files.writeString(folder.resolve("results.csv"), csv);
        Files.writeString(folder.resolve("sweep.yaml"), "base: scenarios/quickstart.yaml\nparameters:\n  workload[0].arrival.rate: [1, 2, 5, 10]\n");
        return folder;
    }

    /** A synthetic two-parameter grid (verification rate × node count), 2 replications a point. */
    static Path sweepGrid(Path parent) throws IOException {
        Path folder = parent.resolve("sweep-grid");
        Files.createDirectories(folder);
        StringBuilder csv = new StringBuilder("point,replication,verification.rate,nodes[0].count,ttft_ms.p95,cost_per_mtok_usd.users,"
                + "verify.undetected_fraud_rate\n");
        double[] verificationRates = {0.01, 0.05, 0.1};
        int[] counts = {10, 20};
        int point = 0;
        for (double rate : verificationRates) {
            for (int count : counts) {
                for (int r = 0; r < 2; r++) {
                    csv.append(String.format(Locale.ROOT, "%d,%d,%s,%d,%.1f,%.3f,%.4f%n", point, r, Numbers.parameter(rate), count,
                            4000.0 / count + 100 * rate + r, 2 + 10 * rate + r * 0.01, 0.1 - rate + r * 0.001));
                }
                point++;
            }
        }
        Files.writeString(folder.resolve("results.csv"), csv);
        Files.writeString(folder.resolve("sweep.yaml"), "base: scenarios/verification-schemes.yaml\nparameters:\n"
                + "  verification.rate: [0.01, 0.05, 0.1]\n  nodes[0].count: [10, 20]\n");
        return folder;
    }

    /**
     * A synthetic comparison of two scenarios, the second named with characters HTML must
     * escape; each sub-folder is a copy of a real run folder.
     */
    static Path comparison(Path parent, Path run, String second) throws IOException {
        Path folder = parent.resolve("comparison");
        Files.createDirectories(folder);
        String csv = """
                metric,scenario,mean,ci_low,ci_high,diff_mean,diff_low,diff_high
                ttft_ms.p50,baseline,100,95,105,0,0,0
                ttft_ms.p50,%1$s,80,76,84,-20,-24,-16
                ttft_ms.p95,baseline,350,330,370,0,0,0
                ttft_ms.p95,%1$s,260,250,270,-90,-100,-80
                ttft_ms.p99,baseline,400,380,420,0,0,0
                ttft_ms.p99,%1$s,300,290,310,-100,-110,-90
                cost_per_mtok_usd.users,baseline,2.5,2.4,2.6,0,0,0
                cost_per_mtok_usd.users,%1$s,3.0,2.9,3.1,0.5,0.4,0.6
                slo_attainment,baseline,0.9,0.88,0.92,0,0,0
                slo_attainment,%1$s,0.95,0.94,0.96,0.05,0.03,0.07
                token.volatility,baseline,0,0,0,0,0,0
                token.volatility,%1$s,0.1,0.05,0.15,0.1,0.05,0.15
                """.formatted(second);
        Files.writeString(folder.resolve("comparison.csv"), csv);
        // As dime compare lays it out: scenario i in "i-name".
        List<String> scenarios = List.of("baseline", second);
        for (int i = 0; i < scenarios.size(); i++) {
            copyFolder(run, folder.resolve(i + "-" + scenarios.get(i)));
        }
        return folder;
    }

    /**
     * A synthetic league of three networks, one of them a cloud, each network's folder a copy
     * of a real run folder (as dime league lays it out: "i-name").
     */
    /** A replay folder as dime replay writes it: per level and metric, and per request, measured beside simulated. */
    static Path replay(Path parent) throws IOException {
        Path folder = parent.resolve("replay");
        Files.createDirectories(folder);
        StringBuilder comparison = new StringBuilder("level,metric,measured,simulated,error_percent\n");
        StringBuilder requests = new StringBuilder("level,send_s,prompt_tokens,output_tokens,measured_ttft_ms,simulated_ttft_ms,"
                + "measured_tpot_ms,simulated_tpot_ms,measured_e2e_ms,simulated_e2e_ms\n");
        String[] levels = {"c1", "c2", "c4"};
        for (int l = 0; l < levels.length; l++) {
            double scale = 1 + l;
            for (String metric : List.of("ttft_ms.p50", "ttft_ms.p99", "tpot_ms.p50", "tpot_ms.p99", "e2e_ms.p50", "e2e_ms.p99")) {
                double measured = (metric.startsWith("tpot") ? 2.5 : metric.startsWith("ttft") ? 40 : 150) * scale * (metric.endsWith("p99") ? 2 : 1);
                double simulated = measured * (1 + 0.03 * (l - 1));
                comparison.append(String.format(java.util.Locale.ROOT, "%s,%s,%.3f,%.3f,%.2f%n", levels[l], metric, measured, simulated,
                        100 * (simulated - measured) / measured));
            }
            for (int i = 0; i < 30; i++) {
                double e2e = 100 * scale + 7 * i;
                requests.append(String.format(java.util.Locale.ROOT, "%s,%.3f,%d,%d,%.2f,%.2f,%.3f,%.3f,%.2f,%.2f%n", levels[l], i * 0.5, 16 + i,
                        24 + i, 30.0 + i, 31.0 + i, 2.5 * scale, 2.4 * scale, e2e, e2e * 1.04));
            }
        }
        Files.writeString(folder.resolve("replay.csv"), comparison);
        Files.writeString(folder.resolve("replay-requests.csv"), requests);
        Files.writeString(folder.resolve("profile.yaml"), "name: test\nstep: {base: 1ms, per_prefill_token: 500us, per_decode_request: 1ms}\n");
        return folder;
    }

    static Path league(Path parent, Path run) throws IOException {
        Path folder = parent.resolve("league");
        Files.createDirectories(folder);
        StringBuilder csv = new StringBuilder("network,kind,metric,mean,ci_low,ci_high\n");
        String[][] networks = {{"alpha", "decentralized", "2.5", "300"}, {"beta", "decentralized", "3.0", "250"}, {"cloud", "centralized", "15", "200"}};
        for (String[] n : networks) {
            double price = Double.parseDouble(n[2]);
            double ttft = Double.parseDouble(n[3]);
            csv.append(String.format(java.util.Locale.ROOT, "%s,%s,cost_per_mtok_usd.users,%s,%s,%s%n", n[0], n[1], price, price * 0.95, price * 1.05));
            csv.append(String.format(java.util.Locale.ROOT, "%s,%s,cost_per_mtok_usd.operators,%s,%s,%s%n", n[0], n[1], price / 3, price / 3.3, price / 2.7));
            csv.append(String.format(java.util.Locale.ROOT, "%s,%s,ttft_ms.p50,%s,%s,%s%n", n[0], n[1], ttft / 3, ttft / 3.3, ttft / 2.7));
            csv.append(String.format(java.util.Locale.ROOT, "%s,%s,ttft_ms.p95,%s,%s,%s%n", n[0], n[1], ttft, ttft * 0.9, ttft * 1.1));
            csv.append(String.format(java.util.Locale.ROOT, "%s,%s,ttft_ms.p99,%s,%s,%s%n", n[0], n[1], ttft * 2, ttft * 1.8, ttft * 2.2));
            csv.append(String.format(java.util.Locale.ROOT, "%s,%s,slo_attainment,0.9,0.88,0.92%n", n[0], n[1]));
            csv.append(String.format(java.util.Locale.ROOT, "%s,%s,verify.undetected_fraud_rate,%s,,%n", n[0], n[1], n[1].equals("centralized") ? "0" : "0.01"));
        }
        Files.writeString(folder.resolve("league.csv"), csv);
        Files.writeString(folder.resolve("claims.csv"), """
                id,claim,source,metric,computed,verdict,assumptions
                "undercut","decentralized <i>undercuts</i> clouds by 50-80%","article A","cost_per_mtok_usd.users","2.75 vs 15.00: 82% lower","supported, and larger than claimed","list prices"
                """);
        for (int i = 0; i < networks.length; i++) {
            copyFolder(run, folder.resolve(i + "-" + networks[i][0]));
        }
        return folder;
    }

    static void copyFolder(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }
}
