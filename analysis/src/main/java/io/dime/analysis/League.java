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
            "slo_attainment", "verify.undetected_fraud_rate", "operator_profit_usd", "operators.profit_usd", "token.volatility");

    private static final ObjectMapper YAML = ScenarioTree.YAML;

    /**
     * A parsed league file. {@code loads}: multiples of the common workload's arrival rates to run
     * every network at, the first being the stated load; {@code sloTarget}: the share of requests
     * that must meet their SLO for a network to carry a load (below it the network is saturated at
     * that load); {@code capacitySteps}: bisection steps of the capacity search (0: none).
     */
    public record Spec(String name, List<Path> networks, long seed, int replications, String duration, String warmup, JsonNode common,
            List<Claim> claims, List<Double> loads, double sloTarget, int capacitySteps) {
        public Spec(String name, List<Path> networks, long seed, int replications, String duration, String warmup, JsonNode common,
                List<Claim> claims) {
            this(name, networks, seed, replications, duration, warmup, common, claims, List.of(1.0), 0.95, 0);
        }
    }

    /**
     * One network's result at one load: its scenario as run, whether it is a centralized
     * provider, the model class it serves, its groups' GPUs, whether it misses the SLO target at
     * this load, and metrics the league derives from paired loads (marginal cost).
     */
    public record Entry(String name, boolean centralized, String modelClass, Map<String, String> groupGpus, double load, boolean saturated,
            RunOutcome outcome, Map<String, Estimate> derived) {
        public Entry(String name, boolean centralized, RunOutcome outcome) {
            this(name, centralized, League.modelClass(outcome.scenario()), League.groupGpus(outcome.scenario()), 1, false, outcome, Map.of());
        }

        /** The mean of a metric (derived ones included), NaN when the run has none. */
        public double mean(String metric) {
            Estimate e = estimate(metric);
            return e == null ? Double.NaN : e.mean();
        }

        public Estimate estimate(String metric) {
            Estimate d = derived.get(metric);
            return d != null ? d : outcome.summary().estimates().get(metric);
        }
    }

    /** What a league computed: every network at every load (the first list is the stated load), and each network's capacity. */
    public record Result(List<Double> loads, List<List<Entry>> atLoads, Map<String, LeagueCapacity.Capacity> capacities) {
        /** The networks at the stated load. */
        public List<Entry> entries() {
            return atLoads.get(0);
        }
    }

    /** The model class a network serves (e.g. "8B"), or the classes joined when its groups serve several. */
    static String modelClass(Scenario scenario) {
        java.util.TreeSet<String> classes = new java.util.TreeSet<>();
        for (Scenario.NodeGroup g : scenario.nodes()) {
            classes.add(scenario.models().stream().filter(m -> m.name().equals(g.model())).findFirst()
                    .map(io.dime.sim.catalog.ModelShape::modelClass).orElse(g.model()));
        }
        return String.join("+", classes);
    }

    static Map<String, String> groupGpus(Scenario scenario) {
        Map<String, String> gpus = new java.util.LinkedHashMap<>();
        scenario.nodes().forEach(g -> gpus.put(g.name(), g.gpu()));
        return gpus;
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
        List<Double> loads = loads(l);
        double sloTarget = l.number("slo_attainment", 0.95, 0.01, 1);
        int capacitySteps = (int) l.integer("capacity_steps", loads.size() > 1 ? 2 : 0, 0, 12);
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
        return new Spec(name, networks, seed, replications, duration, warmup, common.isObject() ? common : YAML.createObjectNode(), claims,
                loads, sloTarget, capacitySteps);
    }

    /** {@code loads: [1, 2, 5]}: positive multiples, the first the stated load; default [1]. */
    private static List<Double> loads(Obj l) {
        if (!l.has("loads")) {
            return List.of(1.0);
        }
        List<Double> loads = new ArrayList<>();
        for (YamlNode item : l.list("loads")) {
            double v = multiple(item);
            if (!(v > 0 && v <= 1000) || loads.contains(v)) {
                throw l.error("loads", "expected distinct multiples of the common load in (0, 1000], the stated load first, e.g. [1, 2, 5]");
            }
            loads.add(v);
        }
        if (loads.isEmpty()) {
            throw l.error("loads", "the list is empty; accepted: e.g. [1, 2, 5]");
        }
        return List.copyOf(loads);
    }

    /** A list item read as a multiple (of a load, of a size): its number, or NaN when it is not one, for the caller's message. */
    static double multiple(YamlNode item) {
        try {
            return item instanceof YamlNode.YScalar s ? Double.parseDouble(s.text()) : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
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
        return scenarioFor(spec, network, 1);
    }

    /** As {@link #scenarioFor(Spec, Path)}, with the common workload's arrival rates multiplied by {@code load}. */
    public static Scenario scenarioFor(Spec spec, Path network, double load) {
        return scenarioFor(spec, network, load, 1);
    }

    /**
     * As {@link #scenarioFor(Spec, Path, double)}, with the network {@code size} times as large:
     * every node group's count (and a supply's initial nodes) multiplied by it, rounded, at least 1,
     * and the arrival rates by it too, so each node sees the same load (a scale claim).
     */
    public static Scenario scenarioFor(Spec spec, Path network, double load, double size) {
        String text = io.dime.sim.input.InputFile.readYaml(network, "network", problem -> new ScenarioException("", null, problem));
        JsonNode common = load * size == 1 ? spec.common() : LeagueLoads.scaled(spec.common(), load * size);
        return ScenarioTree.load(text, network.getParent(), root -> {
            for (Iterator<Map.Entry<String, JsonNode>> it = common.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                root.set(field.getKey(), field.getValue().deepCopy());
            }
            if (size != 1 && root.path("nodes") instanceof com.fasterxml.jackson.databind.node.ArrayNode groups) {
                for (JsonNode group : groups) {
                    if (group instanceof com.fasterxml.jackson.databind.node.ObjectNode g) {
                        LeagueLoads.multiplyCount(g, "count", size);
                        if (g.path("supply") instanceof com.fasterxml.jackson.databind.node.ObjectNode supply) {
                            LeagueLoads.multiplyCount(supply, "initial", size);
                        }
                    }
                }
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

    /**
     * Runs every network at every load, then searches each network's capacity; {@code progress}
     * is told (runs done, total runs at the loads).
     */
    public static Result run(Spec spec, int threads, BiConsumer<Integer, Integer> progress) {
        // Every file is checked before the first run, so a typo in the last costs nothing.
        List<List<Scenario>> scenarios = new ArrayList<>();
        for (double load : spec.loads()) {
            scenarios.add(spec.networks().stream().map(n -> scenarioFor(spec, n, load)).toList());
        }
        List<String> names = scenarios.get(0).stream().map(Scenario::name).toList();
        spec.claims().forEach(c -> c.check(names, io.dime.sim.catalog.Catalog.builtIn()));
        Map<String, Scenario> sized = LeagueSizes.scenarios(spec, names);
        int total = spec.loads().size() * names.size();
        int done = 0;
        progress.accept(0, total);
        List<List<RunOutcome>> outcomes = new ArrayList<>();
        for (List<Scenario> atLoad : scenarios) {
            List<RunOutcome> row = new ArrayList<>();
            for (Scenario scenario : atLoad) {
                row.add(RunOutcome.run(scenario, threads));
                progress.accept(++done, total);
            }
            outcomes.add(row);
        }
        List<List<Entry>> atLoads = LeagueSizes.run(spec, LeagueLoads.entries(spec, outcomes), sized, threads);
        spec.claims().forEach(c -> c.checkMetric(atLoads.get(0)));
        Map<String, LeagueCapacity.Capacity> capacities = LeagueCapacity.search(spec, atLoads, threads);
        return new Result(spec.loads(), atLoads, capacities);
    }

    /** Each claim of the league file beside what the league computed, at every load and over the stated load's replications. */
    public static List<Claim.Finding> findings(Spec spec, Result result) {
        io.dime.sim.catalog.Catalog catalog = io.dime.sim.catalog.Catalog.builtIn();
        List<Claim.Finding> findings = new ArrayList<>();
        for (Claim claim : spec.claims()) {
            List<Claim.Verdict> verdicts = new ArrayList<>();
            for (List<Entry> atLoad : result.atLoads()) {
                verdicts.add(claim.evaluate(means(atLoad), catalog));
            }
            // Replications count only where the claim was tested at the stated load.
            int replications = claim.kind().equals("list-price") || !verdicts.get(0).testable() ? 0 : spec.replications();
            int holding = 0;
            for (int i = 0; i < replications; i++) {
                holding += claim.evaluate(replication(result.entries(), i), catalog).holds() ? 1 : 0;
            }
            findings.add(new Claim.Finding(claim, result.loads(), verdicts, holding, replications, Claim.robustness(result.loads(), verdicts)));
        }
        return findings;
    }

    private static Claim.Values means(List<Entry> entries) {
        return new Claim.Values() {
            public List<Entry> entries() {
                return entries;
            }

            public double value(Entry entry, String metric) {
                return entry.mean(metric);
            }
        };
    }

    private static Claim.Values replication(List<Entry> entries, int index) {
        return new Claim.Values() {
            public List<Entry> entries() {
                return entries;
            }

            public double value(Entry entry, String metric) {
                Estimate e = entry.estimate(metric);
                return e == null || e.values().size() <= index ? Double.NaN : e.values().get(index);
            }
        };
    }

    /**
     * league.csv (one row per network, load and metric: mean and 95% interval; every metric a
     * network reports, so a token economy's rows are its own), capacity.csv, claims.csv when the league has claims, and one run folder per
     * network at the stated load, {@code i-name} (other loads under {@code loads/Nx/i-name});
     * written whole or not at all. Returns the claims' findings it wrote.
     */
    public static List<Claim.Finding> write(Path folder, Spec spec, Result result) {
        return write(folder, spec, result, data -> data);
    }

    /** As {@link #write(Path, Spec, Result)}; {@code around} may add to what is staged (a report), so all of it moves into place at once. */
    public static List<Claim.Finding> write(Path folder, Spec spec, Result result, java.util.function.UnaryOperator<RunFolder.Writer> around) {
        StringBuilder csv = new StringBuilder("network,kind,model_class,load,saturated,metric,mean,ci_low,ci_high\n");
        for (List<Entry> entries : result.atLoads()) {
            // Every metric any network reports (a token economy's, a market's), in the order first met;
            // a network without it has no row for it.
            java.util.LinkedHashSet<String> metrics = new java.util.LinkedHashSet<>();
            for (Entry entry : entries) {
                metrics.addAll(entry.outcome().summary().estimates().keySet());
                metrics.addAll(entry.derived().keySet());
            }
            for (String metric : metrics) {
                for (Entry entry : entries) {
                    Estimate e = entry.estimate(metric);
                    if (e == null) {
                        continue;
                    }
                    csv.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%s,%s,%s,%s,%s%n", entry.name(), entry.centralized() ? "centralized" : "decentralized",
                            entry.modelClass(), cell(entry.load()), entry.saturated(), metric, cell(e.mean()), cell(e.low()), cell(e.high())));
                }
            }
        }
        List<Claim.Finding> findings = findings(spec, result);
        String capacity = LeagueCapacity.csv(spec, result);
        RunFolder.write(folder, around.apply(dir -> {
            Files.writeString(dir.resolve("league.csv"), csv.toString(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("capacity.csv"), capacity, StandardCharsets.UTF_8);
            if (!findings.isEmpty()) {
                Files.writeString(dir.resolve("claims.csv"), Claim.csv(findings), StandardCharsets.UTF_8);
            }
            RunWriter.writeNumbered(dir, result.entries().stream().map(Entry::outcome).toList());
            for (int i = 1; i < result.atLoads().size(); i++) {
                Path sub = Files.createDirectories(dir.resolve("loads").resolve(Claim.loadName(result.loads().get(i))));
                RunWriter.writeNumbered(sub, result.atLoads().get(i).stream().map(Entry::outcome).toList());
            }
        }));
        return findings;
    }

    /** Each network's capacity in words, in the league's order. */
    public static List<Map.Entry<String, String>> capacityLines(Result result) {
        return result.capacities().values().stream().map(c -> Map.entry(c.network(), c.describe())).toList();
    }

    private static String cell(double value) {
        return Double.isFinite(value) ? Double.toString(value) : "";
    }
}
