package io.dime.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dime.sim.RunOutcome;
import io.dime.sim.metrics.Estimate;
import io.dime.sim.output.RunFolder;
import io.dime.sim.output.RunWriter;
import io.dime.sim.input.Obj;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.input.ScenarioException;
import io.dime.sim.input.YamlNode;
import io.dime.sim.input.YamlReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Several networks on one workload: each network's own scenario file supplies its nodes,
 * market, token and verification; the league file supplies what must be the same for a fair
 * comparison (the workload, the adversary mix, duration, seed, replications) and overwrites
 * those keys in every network. All networks share the seed, so replication i of each sees the
 * same arrivals (common random numbers).
 *
 * <pre>
 * league:
 *   name: networks
 *   networks: networks/            # a folder of scenario files, or a list of files
 *   seed: 7
 *   replications: 3
 *   duration: 1h
 *   warmup: 5min
 *   common:                        # top-level scenario keys set in every network
 *     workload: [...]
 *     adversaries: [...]
 * claims:                          # optional: article claims to test, see {@link Claim}
 *   - {id: cloud-price, claim: "...", kind: range, metric: cost_per_mtok_usd.users, networks: centralized, range: [14, 15]}
 * </pre>
 */
public final class League {
    /** The metrics the league table shows, in order; league.csv holds every metric. */
    public static final List<String> HEADLINE = List.of(
            "cost_per_mtok_usd.users", "cost_per_mtok_usd.operators", "ttft_ms.p50", "ttft_ms.p99", "e2e_ms.p50", "e2e_ms.p99",
            "slo_attainment", "verify.undetected_fraud_rate", "operator_profit_usd", "token.volatility");

    private static final ObjectMapper YAML = ScenarioTree.YAML;

    /** A parsed league file. */
    public record Spec(String name, List<Path> networks, long seed, int replications, String duration, String warmup, JsonNode common,
            List<Claim> claims) {
    }

    /** One network's result: its scenario as run, and whether it is a centralized provider. */
    public record Entry(String name, boolean centralized, RunOutcome outcome) {
    }

    private League() {
    }

    public static Spec load(Path file) {
        String text = io.dime.sim.input.InputFile.readYaml(file, "league", problem -> new ScenarioException("", null, problem));
        return parse(text, file.toAbsolutePath().getParent());
    }

    public static Spec parse(String text, Path baseDir) {
        Obj root = Obj.of(YamlReader.read(text), "");
        Obj l = root.object("league");
        String name = l.safeName("name");
        List<Path> networks = networks(l, baseDir);
        long seed = l.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        int replications = (int) l.integer("replications", 3, 2, 10_000);
        String duration = l.has("duration") ? l.string("duration") : null;
        String warmup = l.has("warmup") ? l.string("warmup") : null;
        if (duration != null) {
            l.seconds("duration", 1, 1e9); // checked here, where the line is known
        }
        if (warmup != null) {
            l.seconds("warmup", 0, 1e9);
        }
        l.objectOrEmpty("common");
        l.finish();
        List<Claim> claims = new ArrayList<>();
        if (root.has("claims")) {
            for (Obj c : root.objects("claims")) {
                claims.add(Claim.parse(c));
            }
        }
        root.finish();
        JsonNode common;
        try {
            common = YAML.readTree(text).path("league").path("common");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Spec(name, networks, seed, replications, duration, warmup, common.isObject() ? common : YAML.createObjectNode(), claims);
    }

    private static List<Path> networks(Obj l, Path baseDir) {
        YamlNode raw = l.raw("networks");
        if (raw == null) {
            throw l.error("networks", "missing required key 'networks'; accepted: a folder of scenario files (networks/) or a list of files");
        }
        List<Path> files = new ArrayList<>();
        if (raw instanceof YamlNode.YScalar) {
            Path folder = resolve(baseDir, l.string("networks"));
            if (!Files.isDirectory(folder)) {
                throw l.error("networks", "no such folder '" + l.string("networks") + "' (looked for " + folder + "); accepted: a folder relative to the league file");
            }
            try (Stream<Path> list = Files.list(folder)) {
                list.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            for (YamlNode item : l.list("networks")) {
                if (!(item instanceof YamlNode.YScalar scalar)) {
                    throw l.error("networks", "a list item is not a file name; accepted: [networks/a.yaml, networks/b.yaml]");
                }
                Path file = resolve(baseDir, scalar.text());
                if (!Files.isRegularFile(file)) {
                    throw l.error("networks", "no such scenario file '" + scalar.text() + "' (looked for " + file + ")");
                }
                files.add(file);
            }
        }
        if (files.size() < 2) {
            throw l.error("networks", "a league needs at least two networks, found " + files.size());
        }
        return files;
    }

    private static Path resolve(Path baseDir, String path) {
        return baseDir == null ? Path.of(path) : baseDir.resolve(path).normalize();
    }

    /**
     * A network's scenario with the league's common keys set over its own. Errors name the
     * network's file; their line and column are those of the merged text.
     */
    public static Scenario scenarioFor(Spec spec, Path network) {
        String text = io.dime.sim.input.InputFile.readYaml(network, "network", problem -> new ScenarioException("", null, problem));
        return ScenarioTree.load(text, network.getParent(), root -> {
            for (Iterator<Map.Entry<String, JsonNode>> it = spec.common().fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                root.set(field.getKey(), field.getValue().deepCopy());
            }
            root.put("seed", spec.seed());
            root.put("replications", spec.replications());
            if (spec.duration() != null) {
                root.put("duration", spec.duration());
            }
            if (spec.warmup() != null) {
                root.put("warmup", spec.warmup());
            }
        }, e -> new ScenarioException("network " + network.getFileName(), null,
                e.getMessage() + " (after the league's common keys " + fieldNames(spec.common()) + " were set)"));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Runs every network; {@code progress} is told (networks done, total). */
    public static List<Entry> run(Spec spec, int threads, BiConsumer<Integer, Integer> progress) {
        // Every file is checked before the first run, so a typo in the last costs nothing.
        List<Scenario> scenarios = spec.networks().stream().map(n -> scenarioFor(spec, n)).toList();
        List<String> names = scenarios.stream().map(Scenario::name).toList();
        spec.claims().forEach(c -> c.check(names));
        List<Entry> entries = new ArrayList<>();
        progress.accept(0, scenarios.size());
        for (Scenario scenario : scenarios) {
            boolean centralized = scenario.nodes().stream().allMatch(g -> g.kind() == Scenario.NodeKind.CENTRALIZED);
            entries.add(new Entry(scenario.name(), centralized, RunOutcome.run(scenario, threads)));
            progress.accept(entries.size(), scenarios.size());
        }
        return entries;
    }

    /** Each claim of the league file beside what the league computed. */
    public static List<Claim.Finding> findings(Spec spec, List<Entry> entries) {
        return spec.claims().stream().map(c -> c.evaluate(entries)).toList();
    }

    /**
     * league.csv (one row per network and metric: mean and 95% interval; every metric the
     * networks share), claims.csv when the league has claims, and one run folder per network,
     * {@code i-name}; written whole or not at all. Returns the claims' findings it wrote.
     */
    public static List<Claim.Finding> write(Path folder, Spec spec, List<Entry> entries) {
        return write(folder, spec, entries, data -> data);
    }

    /** As {@link #write(Path, Spec, List)}; {@code around} may add to what is staged (a report), so all of it moves into place at once. */
    public static List<Claim.Finding> write(Path folder, Spec spec, List<Entry> entries, java.util.function.UnaryOperator<RunFolder.Writer> around) {
        StringBuilder csv = new StringBuilder("network,kind,metric,mean,ci_low,ci_high\n");
        for (String metric : entries.get(0).outcome().summary().estimates().keySet()) {
            if (!entries.stream().allMatch(e -> e.outcome().summary().estimates().containsKey(metric))) {
                continue;
            }
            for (Entry entry : entries) {
                Estimate e = entry.outcome().summary().get(metric);
                csv.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%s,%s%n", entry.name(), entry.centralized() ? "centralized" : "decentralized",
                        metric, cell(e.mean()), cell(e.low()), cell(e.high())));
            }
        }
        List<Claim.Finding> findings = findings(spec, entries);
        RunFolder.write(folder, around.apply(dir -> {
            Files.writeString(dir.resolve("league.csv"), csv.toString(), StandardCharsets.UTF_8);
            if (!findings.isEmpty()) {
                Files.writeString(dir.resolve("claims.csv"), Claim.csv(findings), StandardCharsets.UTF_8);
            }
            RunWriter.writeNumbered(dir, entries.stream().map(Entry::outcome).toList());
        }));
        return findings;
    }

    private static String cell(double value) {
        return Double.isFinite(value) ? Double.toString(value) : "";
    }
}
