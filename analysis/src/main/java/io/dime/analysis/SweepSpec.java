package io.dime.analysis;

import io.dime.sim.input.Obj;
import io.dime.sim.input.ScenarioException;
import io.dime.sim.input.Units;
import io.dime.sim.input.Values;
import io.dime.sim.input.YamlNode;
import io.dime.sim.input.YamlNode.ScalarType;
import io.dime.sim.input.YamlNode.YScalar;
import io.dime.sim.input.YamlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A sweep: a base scenario, the parameters to vary (addressed by YAML path, such as
 * {@code workload[0].arrival.rate} or {@code nodes[0].count}), a design (grid, random or Latin
 * hypercube), replications per point, and the metrics to record.
 *
 * <pre>
 * sweep:
 *   name: rate-vs-latency
 *   scenario: ../scenarios/quickstart.yaml
 *   design: grid                     # grid, random, lhs
 *   points: 100                      # random and lhs
 *   replications: 3
 *   seed: 7                          # common to every point: common random numbers
 *   parameters:
 *     - {path: workload[0].arrival.rate, values: [5/s, 10/s, 20/s]}
 *     - {path: nodes[0].count, min: 10, max: 100, integer: true}
 *   overrides: {duration: 20min}     # the same at every point; an empty value removes the key
 *   metrics: [ttft_ms.p95, cost_per_mtok_usd.users]
 * </pre>
 */
public record SweepSpec(
        String name,
        Path scenarioFile,
        String design,
        int points,
        int replications,
        long seed,
        List<Parameter> parameters,
        java.util.Map<String, String> overrides,
        List<String> metrics) {

    public static final List<String> DESIGNS = List.of("grid", "random", "lhs");

    /** Metrics recorded when the sweep does not list its own. */
    public static final List<String> DEFAULT_METRICS = List.of(
            "ttft_ms.p50", "ttft_ms.p95", "ttft_ms.p99", "tpot_ms.p50", "e2e_ms.p50", "e2e_ms.p95", "e2e_ms.p99",
            "throughput.requests_per_s", "throughput.output_tokens_per_s", "requests.completed", "requests.failed",
            "requests.dropped", "slo_attainment", "utilization", "cost_per_mtok_usd.users", "cost_per_mtok_usd.operators",
            "operator_profit_usd");

    public SweepSpec {
        parameters = List.copyOf(parameters);
        overrides = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(overrides));
        metrics = List.copyOf(metrics);
    }

    /**
     * One varied value: a list of {@code values} (grid), or a range {@code min}..{@code max}
     * (random, lhs) whose kind follows how it is written: a rate ({@code 5/s}), a duration
     * ({@code 10min}) or a number; {@code integer} rounds numbers.
     */
    public record Parameter(String path, List<String> values, double min, double max, Kind kind, boolean integer) {
        public Parameter {
            values = List.copyOf(values);
        }

        /** The value at position {@code u} in [0, 1] of the range, spelled as a scenario writes it. */
        public String at(double u) {
            double value = min + u * (max - min);
            return switch (kind) {
                case RATE -> Units.formatPerSecond(value);
                case DURATION -> Units.formatSeconds(value);
                case NUMBER -> integer ? Long.toString(Math.round(value)) : Units.plain(value);
            };
        }
    }

    public enum Kind { NUMBER, RATE, DURATION }

    public static SweepSpec load(Path file) {
        String text = io.dime.sim.input.InputFile.readYaml(file, "sweep", problem -> new ScenarioException("", null, problem));
        return parse(text, file.toAbsolutePath().getParent());
    }

    public static SweepSpec parse(String text, Path baseDir) {
        Obj root = Obj.of(YamlReader.read(text), "");
        Obj s = root.object("sweep");
        String name = s.safeName("name");
        Path scenario = baseDir == null ? Path.of(s.string("scenario")) : baseDir.resolve(s.string("scenario")).normalize();
        if (!Files.isRegularFile(scenario)) {
            throw s.error("scenario", "no such scenario file '" + s.string("scenario") + "' (looked for " + scenario + "); accepted: a path relative to the sweep file");
        }
        String design = s.choice("design", "grid", DESIGNS, "design");
        int points = (int) s.integer("points", 20, 1, 1_000_000);
        int replications = (int) s.integer("replications", 3, 1, 10_000);
        long seed = s.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        List<Parameter> parameters = new ArrayList<>();
        List<Obj> items = s.objects("parameters");
        if (items.isEmpty()) {
            throw s.error("parameters", "no parameters to vary; accepted: a list such as [{path: nodes[0].count, values: [10, 20]}]");
        }
        for (Obj p : items) {
            parameters.add(parameter(p, design));
        }
        java.util.Map<String, String> overrides = new java.util.LinkedHashMap<>();
        if (s.has("overrides")) {
            Obj o = s.object("overrides");
            for (String path : o.keys()) {
                YamlNode value = o.raw(path);
                boolean remove = value instanceof YScalar s2 && s2.type() == ScalarType.NULL;
                overrides.put(path, remove ? null : Values.scalar(value, o.pathOf(path), "a value, or nothing to remove the key").text());
            }
        }
        List<String> metrics = new ArrayList<>();
        List<YamlNode> listed = s.listOrEmpty("metrics");
        for (int i = 0; i < listed.size(); i++) {
            metrics.add(Values.scalar(listed.get(i), s.pathOf("metrics") + "[" + i + "]", "a metric name such as ttft_ms.p95").text());
        }
        s.finish();
        root.finish();
        return new SweepSpec(name, scenario, design, points, replications, seed, parameters, overrides, metrics.isEmpty() ? DEFAULT_METRICS : metrics);
    }

    private static Parameter parameter(Obj p, String design) {
        String path = p.string("path");
        boolean integer = p.bool("integer", false);
        if (design.equals("grid")) {
            List<String> values = new ArrayList<>();
            List<YamlNode> items = p.list("values");
            if (items.isEmpty()) {
                throw p.error("values", "no values; a grid needs at least one value per parameter");
            }
            for (int i = 0; i < items.size(); i++) {
                values.add(Values.scalar(items.get(i), p.pathOf("values") + "[" + i + "]", "a value").text());
            }
            p.finish();
            return new Parameter(path, values, 0, 0, Kind.NUMBER, integer);
        }
        YScalar low = scalar(p, "min");
        YScalar high = scalar(p, "max");
        Kind kind = kindOf(low);
        double min = valueOf(low, kind, p.pathOf("min"));
        double max = valueOf(high, kind, p.pathOf("max"));
        if (kindOf(high) != kind) {
            throw new ScenarioException(p.pathOf("max"), high.mark(), "max is written as a " + kindOf(high).name().toLowerCase() + " but min as a "
                    + kind.name().toLowerCase() + "; accepted: both alike, e.g. min: 5/s, max: 50/s");
        }
        if (max < min) {
            throw new ScenarioException(p.pathOf("max"), high.mark(), "max is below min; accepted: max at least min");
        }
        p.finish();
        return new Parameter(path, List.of(), min, max, kind, integer);
    }

    private static YScalar scalar(Obj p, String key) {
        YamlNode node = p.raw(key);
        if (node == null) {
            throw new ScenarioException(p.pathOf(key), p.mark(), "missing required key '" + key + "'; random and lhs designs need a range: min and max");
        }
        return Values.scalar(node, p.pathOf(key), "a number, rate or duration");
    }

    private static Kind kindOf(YScalar s) {
        if (s.type() != ScalarType.STRING) {
            return Kind.NUMBER;
        }
        return s.text().contains("/") ? Kind.RATE : Kind.DURATION;
    }

    private static double valueOf(YScalar s, Kind kind, String path) {
        return switch (kind) {
            case NUMBER -> Values.number(s, path);
            case RATE -> Values.perSecond(s, path, 0, Double.MAX_VALUE);
            case DURATION -> Values.seconds(s, path, 0, Double.MAX_VALUE);
        };
    }
}
