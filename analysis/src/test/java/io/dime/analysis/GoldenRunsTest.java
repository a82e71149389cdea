package io.dime.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dime.sim.ReplicationResult;
import io.dime.sim.RunOutcome;
import io.dime.sim.World;
import io.dime.sim.output.RunWriter;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The safety net under every refactor: each bundled scenario, network preset, sweep and league,
 * shortened, pinned by each replication's event fingerprint (which also mixes in every dollar
 * credited and every token or alpha moved) and a digest of what it writes. A change of
 * behaviour, however small, changes a line of {@code src/test/golden/}.
 *
 * <p>When a change is meant to move results, regenerate with
 * {@code ./mvnw -pl sim,analysis test -Dtest=GoldenRunsTest -Ddime.golden.update=true} and say
 * in the commit which goldens moved and why (docs/TESTING.md).
 */
class GoldenRunsTest {
    private static final Path SCENARIOS = Path.of("..", "scenarios");
    private static final Path GOLDEN = Path.of("src", "test", "golden");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final boolean UPDATE = Boolean.getBoolean("dime.golden.update");
    /** Long enough for three one-hour epochs, short enough for the whole suite to take under a minute. */
    private static final String DURATION = "3h";
    private static final String WARMUP = "10min";
    private static final int REPLICATIONS = 2;
    /** Sweep points run per sweep (every point's design is pinned). */
    private static final int SWEEP_POINTS = 3;

    @TempDir
    Path temp;

    static List<Path> scenarios() throws IOException {
        return yamlFiles(SCENARIOS);
    }

    static List<Path> presets() throws IOException {
        return yamlFiles(SCENARIOS.resolve("networks"));
    }

    static List<Path> sweeps() throws IOException {
        return yamlFiles(SCENARIOS.resolve("sweeps"));
    }

    static List<Path> leagues() throws IOException {
        return yamlFiles(SCENARIOS.resolve("leagues"));
    }

    @ParameterizedTest
    @MethodSource({"scenarios", "presets"})
    void scenarioRunsAsPinned(Path file) throws IOException {
        String text = edit(Files.readString(file), root -> {
            root.put("duration", DURATION);
            root.put("warmup", WARMUP);
            root.put("replications", REPLICATIONS);
        });
        Scenario scenario = new ScenarioLoader().parse(text, file.toAbsolutePath().getParent());
        List<String> lines = new ArrayList<>();
        lines.add("# " + SCENARIOS.relativize(file) + ", duration " + DURATION + ", warmup " + WARMUP + ", " + REPLICATIONS + " replications");
        outcomeLines(lines, "", RunOutcome.run(scenario, 2));
        check(caseName(file), lines);
    }

    @ParameterizedTest
    @MethodSource("sweeps")
    void sweepRunsAsPinned(Path file) throws IOException {
        String text = edit(Files.readString(file), root -> {
            ObjectNode sweep = (ObjectNode) root.get("sweep");
            ObjectNode overrides = sweep.has("overrides") ? (ObjectNode) sweep.get("overrides") : sweep.putObject("overrides");
            overrides.put("duration", "1h");
            overrides.put("warmup", WARMUP);
            sweep.put("replications", REPLICATIONS);
        });
        SweepSpec spec = SweepSpec.parse(text, file.toAbsolutePath().getParent());
        List<Sweep.Point> points = Sweep.design(spec);
        List<String> lines = new ArrayList<>();
        lines.add("# " + SCENARIOS.relativize(file) + ", every point's values; the first " + SWEEP_POINTS + " points run for 1h, "
                + REPLICATIONS + " replications");
        for (Sweep.Point point : points) {
            lines.add("point " + point.index() + " " + String.join(" | ", point.values()));
        }
        List<String> rows = new ArrayList<>();
        for (Sweep.Point point : points.subList(0, Math.min(SWEEP_POINTS, points.size()))) {
            Scenario scenario = Sweep.scenarioAt(spec, point);
            for (int r = 0; r < REPLICATIONS; r++) {
                ReplicationResult result = World.run(scenario, r);
                lines.add("point " + point.index() + " replication " + r + " fingerprint " + result.fingerprint() + " events " + result.eventsFired());
                rows.add(Sweep.runTask(spec, scenario, new Sweep.Task(point, r)));
            }
        }
        lines.add("results rows sha256 " + sha256(String.join("\n", rows)));
        check(caseName(file), lines);
    }

    @ParameterizedTest
    @MethodSource("leagues")
    void leagueRunsAsPinned(Path file) throws IOException {
        String text = edit(Files.readString(file), root -> {
            ObjectNode league = (ObjectNode) root.get("league");
            league.put("duration", "2h");
            league.put("warmup", WARMUP);
            league.put("replications", REPLICATIONS);
        });
        League.Spec spec = League.parse(text, file.toAbsolutePath().getParent());
        League.Result result = League.run(spec, 2, (done, total) -> { });
        List<String> lines = new ArrayList<>();
        lines.add("# " + SCENARIOS.relativize(file) + ", duration 2h, warmup " + WARMUP + ", " + REPLICATIONS + " replications");
        for (List<League.Entry> atLoad : result.atLoads()) {
            for (League.Entry entry : atLoad) {
                outcomeLines(lines, entry.name() + " " + Claim.loadName(entry.load()) + " ", entry.outcome());
            }
        }
        Path folder = temp.resolve("league");
        League.write(folder, spec, result);
        for (String written : List.of("league.csv", "claims.csv", "capacity.csv")) {
            Path path = folder.resolve(written);
            assertTrue(Files.exists(path), written + " written");
            lines.add(written + " sha256 " + sha256(Files.readString(path)));
        }
        check(caseName(file), lines);
    }

    private static void outcomeLines(List<String> lines, String prefix, RunOutcome outcome) {
        for (ReplicationResult r : outcome.replications()) {
            lines.add(prefix + "replication " + r.replication() + " fingerprint " + r.fingerprint() + " events " + r.eventsFired());
        }
        lines.add(prefix + "summary.json sha256 " + sha256(RunWriter.summaryJson(outcome)));
        lines.add(prefix + "nodes.csv sha256 " + sha256(RunWriter.nodesCsv(outcome)));
        lines.add(prefix + "timeseries.csv sha256 " + sha256(RunWriter.timeseriesCsv(outcome)));
    }

    private static void check(String name, List<String> lines) throws IOException {
        Path file = GOLDEN.resolve(name + ".txt");
        String actual = String.join("\n", lines) + "\n";
        if (UPDATE) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.exists(file), "no golden " + file + ": run with -Ddime.golden.update=true to write it");
        assertEquals(Files.readString(file), actual, "golden " + file + " moved: a behaviour change must say which goldens"
                + " moved and why (regenerate with -Ddime.golden.update=true)");
    }

    private static String caseName(Path file) {
        String relative = SCENARIOS.relativize(file).toString().replace('\\', '/');
        return relative.replaceAll("\\.yaml$", "").replace('/', '-');
    }

    private static String edit(String text, Consumer<ObjectNode> change) throws IOException {
        ObjectNode root = (ObjectNode) YAML.readTree(text);
        change.accept(root);
        return YAML.writeValueAsString(root);
    }

    private static List<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
