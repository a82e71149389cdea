package io.dime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dime.sim.output.RunFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/**
 * Issue 14's generator property: scenarios built from the documented keys (every routing policy,
 * pricing mechanism, token setting, verification scheme, adversary, churn and arrival process),
 * each run through {@code dime run} into a folder, and requests and tokens conserved as read back
 * from its summary.json. Money is conserved inside every run (the ledger's check fails the run,
 * exit 1); summary.json carries no total of user payments to check it again from the file.
 * jqwik prints the seed of a failing try; the scenario's text is in the failure message.
 */
class GeneratedScenarioPropertiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> ROUTING = io.dime.sim.routing.Routers.registry().names();
    private static final List<String> PRICING = io.dime.sim.pricing.PricingMechanisms.registry().names();
    private static final List<String> SCHEMES = io.dime.sim.scenario.VerificationSpec.SCHEMES;
    private static final List<String> GPUS = List.of("rtx-4090", "a100-80gb", "h100-sxm", "rtx-3090");
    private static final List<String> REGIONS = List.of("us-east", "eu-west", "ap-south");

    private static <T> T pick(Random r, List<T> from) {
        return from.get(r.nextInt(from.size()));
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** A small valid scenario drawn from {@code seed}. */
    static String scenario(long seed) {
        Random r = new Random(seed);
        StringBuilder y = new StringBuilder();
        y.append("name: generated\nseed: ").append(r.nextInt(1000)).append('\n');
        y.append("duration: ").append(2 + r.nextInt(4)).append("min\nwarmup: 10s\nreplications: ").append(1 + r.nextInt(2)).append('\n');
        int regionCount = 1 + r.nextInt(REGIONS.size());
        List<String> regions = REGIONS.subList(0, regionCount);
        y.append("regions: [").append(String.join(", ", regions)).append("]\n");
        String pricing = pick(r, PRICING);
        boolean timePriced = pricing.equals("lease") || pricing.equals("job-market");
        boolean token = !timePriced && r.nextBoolean();
        y.append("nodes:\n");
        int groups = 1 + r.nextInt(3);
        for (int g = 0; g < groups; g++) {
            y.append("  - {name: g").append(g).append(", count: ").append(1 + r.nextInt(6)).append(", gpu: ").append(pick(r, GPUS))
                    .append(", model: llama-3-8b, region: ").append(pick(r, regions)).append(", cost_per_hour: ").append(num(0.2 + r.nextDouble()));
            if (pricing.equals("asks")) {
                y.append(", ask_per_mtok: ").append(num(0.5 + r.nextDouble() * 2));
            }
            if (pricing.equals("lease")) {
                y.append(", ask_per_hour: ").append(num(0.3 + r.nextDouble()));
            }
            if (pricing.equals("job-market")) {
                y.append(", price_per_hour: ").append(num(0.2 + r.nextDouble()));
            }
            if (r.nextInt(3) == 0) {
                y.append(", availability: {mtbf: ").append(10 + r.nextInt(50)).append("min, mttr: ").append(1 + r.nextInt(5)).append("min}");
            }
            y.append("}\n");
        }
        y.append("workload:\n");
        int classes = 1 + r.nextInt(2);
        for (int c = 0; c < classes; c++) {
            y.append("  - {name: c").append(c).append(", model: llama-3-8b, arrival: ").append(arrival(r, token)).append(", prompt_tokens: {dist: lognormal, median: ")
                    .append(50 + r.nextInt(400)).append(", sigma: 0.5, max: 2048}, output_tokens: {dist: lognormal, median: ").append(20 + r.nextInt(200))
                    .append(", sigma: 0.5, max: 512}, slo: {ttft: 1s, e2e: 20s}}\n");
        }
        String routing = pick(r, ROUTING);
        if (timePriced) {
            routing = pick(r, List.of("round-robin", "least-loaded", "power-of-two", "random"));
        }
        if (pricing.equals("asks") || pricing.startsWith("auction")) {
            routing = "cheapest"; // these clear requests cheapest-first
        }
        if (!pricing.equals("job-market")) { // a job market queues jobs itself
            y.append("routing: {policy: ").append(routing).append("}\n");
        }
        y.append("market: {pricing: ").append(pricing);
        switch (pricing) {
            case "lease" -> y.append(", lease: {max_price_per_hour: 2.0}");
            case "job-market" -> y.append(", job_market: {timeout: 10min, network_fee: 0.1}");
            default -> y.append(", price_per_mtok: ").append(num(1 + r.nextDouble() * 3)).append(", protocol_fee: ").append(num(r.nextDouble() * 0.2));
        }
        y.append("}\n");
        if (token) {
            y.append("token:\n  supply: 1.0e8\n  price: 1.0\n  epoch: 1min\n");
            y.append("  emission: ").append(pick(r, List.of("{schedule: constant, per_day: 2000}", "{schedule: halving, per_day: 5000, halving_every: 1d}"))).append('\n');
            y.append("  burn: {share: ").append(num(r.nextDouble() * 0.01)).append("}\n  pool: {usd: 50000, fee: 0.003}\n");
            if (r.nextBoolean()) {
                y.append("  staking: {min_stake: 10, unbonding: 1h}\n");
            }
            if (r.nextBoolean()) {
                boolean price = r.nextBoolean();
                y.append("  controllers:\n    - {target: ").append(price ? "price" : "utilization").append(", setpoint: ")
                        .append(num(price ? 0.5 + r.nextDouble() : 0.2 + 0.7 * r.nextDouble())).append(", acts_on: ").append(pick(r, List.of("burn", "fee")))
                        .append(", kp: 0.02, ki: 0.002, update: 1min}\n");
            }
            if (r.nextBoolean()) {
                y.append("demand: {elasticity: ").append(num(r.nextDouble())).append("}\n");
            }
        }
        if (!timePriced && r.nextBoolean()) {
            String scheme = pick(r, SCHEMES);
            y.append("verification: {scheme: ").append(scheme).append(", rate: ").append(num(0.05 + r.nextDouble() * 0.3)).append("}\n");
            if (!scheme.equals("none") && r.nextBoolean()) {
                y.append("adversaries:\n  - {strategy: ").append(pick(r, io.dime.sim.scenario.AdversaryStrategies.registry().names()))
                        .append(", share: 0.3, cheat_rate: ").append(num(0.1 + r.nextDouble() * 0.8)).append("}\n");
            }
        }
        return y.toString();
    }

    private static String arrival(Random r, boolean token) {
        double rate = 0.5 + r.nextDouble() * 5;
        return switch (token ? r.nextInt(3) : r.nextInt(4)) {
            case 0 -> "{process: poisson, rate: " + num(rate) + "/s}";
            case 1 -> "{process: diurnal, rate: " + num(rate) + "/s, amplitude: 0.4, peak: 1min}";
            case 2 -> "{process: mmpp, on_rate: " + num(rate * 2) + "/s, off_rate: 0/s, on_mean: 20s, off_mean: 20s}";
            default -> "{process: closed, clients: " + (1 + r.nextInt(8)) + ", think_time: 1s}";
        };
    }

    @Property
    void aGeneratedScenarioRunsAndConservesRequestsAndTokens(@ForAll long seed) throws IOException {
        String text = scenario(seed);
        Path dir = Files.createTempDirectory("dime-gen");
        try {
            Path file = dir.resolve("s.yaml");
            Files.writeString(file, text);
            Path out = dir.resolve("out");
            StringWriter err = new StringWriter();
            int code = Main.execute(new String[] {"run", file.toString(), "--out", out.toString(), "--quiet", "--no-report", "--threads", "1"},
                    new PrintWriter(new StringWriter()), new PrintWriter(err, true));
            assertEquals(0, code, err + "\n--- scenario:\n" + text);
            JsonNode metrics = JSON.readTree(out.resolve("summary.json").toFile()).get("metrics");
            JsonNode requests = metrics.get("requests");
            int replications = requests.get("arrived").get("values").size();
            for (int i = 0; i < replications; i++) {
                double arrived = value(requests, "arrived", i);
                double accounted = value(requests, "completed", i) + value(requests, "failed", i) + value(requests, "timed_out", i)
                        + value(requests, "dropped", i) + value(requests, "in_flight", i);
                assertEquals(arrived, accounted, 1e-9, "requests: arrived = completed + failed + timed out + dropped + in flight\n" + text);
            }
            JsonNode token = metrics.get("token");
            if (token != null && token.has("supply_end")) {
                for (int i = 0; i < replications; i++) {
                    double expected = 1.0e8 + value(token, "minted", i) - value(token, "burned", i);
                    assertEquals(expected, value(token, "supply_end", i), 1e-6 * expected, "tokens: supply = initial + minted - burned\n" + text);
                }
            }
            Statistics.collect(text.contains("pricing: lease") ? "lease" : text.contains("pricing: job-market") ? "job-market" : token != null ? "token" : "usd");
            assertTrue(Files.isRegularFile(out.resolve("scenario.resolved.yaml")));
        } finally {
            RunFolder.deleteTree(dir);
        }
    }

    private static double value(JsonNode section, String key, int i) {
        return section.get(key).get("values").get(i).asDouble();
    }
}
