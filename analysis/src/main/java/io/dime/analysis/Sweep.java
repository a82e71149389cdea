package io.dime.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dime.sim.ReplicationResult;
import io.dime.sim.World;
import io.dime.sim.kernel.RandomStreams;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.input.ScenarioException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Runs a sweep: every (point, replication) is one task on a thread pool; each finished row is
 * appended at once to {@code results.partial.csv}, so a sweep that is killed resumes where it
 * stopped; at the end {@code results.csv} is written sorted by (point, replication) and moved into
 * place, so neither the thread count nor the finishing order changes a byte of it. Every point
 * runs with the same seed: replication r of every point sees the same random streams wherever the
 * points agree (common random numbers).
 */
public final class Sweep {
    private static final ObjectMapper YAML = ScenarioTree.YAML;

    /** One point of the design: a value for each parameter, in the sweep's order. Serializable for distributed runners. */
    public record Point(int index, List<String> values) implements java.io.Serializable {
        public Point {
            values = List.copyOf(values);
        }
    }

    private Sweep() {
    }

    /** The points of the design. */
    public static List<Point> design(SweepSpec spec) {
        List<Point> points = new ArrayList<>();
        switch (spec.design()) {
            case "grid" -> {
                int total = 1;
                for (SweepSpec.Parameter p : spec.parameters()) {
                    total = Math.multiplyExact(total, p.values().size());
                }
                for (int i = 0; i < total; i++) {
                    List<String> values = new ArrayList<>();
                    int rest = i;
                    for (int k = spec.parameters().size() - 1; k >= 0; k--) {
                        List<String> options = spec.parameters().get(k).values();
                        values.add(0, options.get(rest % options.size()));
                        rest /= options.size();
                    }
                    points.add(new Point(i, values));
                }
            }
            case "random" -> {
                RandomGenerator random = generator(spec, "sweep/random");
                for (int i = 0; i < spec.points(); i++) {
                    List<String> values = new ArrayList<>();
                    for (SweepSpec.Parameter p : spec.parameters()) {
                        values.add(p.at(random.nextDouble()));
                    }
                    points.add(new Point(i, values));
                }
            }
            case "lhs" -> {
                // Latin hypercube: each parameter's range in n equal strata, each stratum used once,
                // strata paired across parameters by independent random permutations.
                RandomGenerator random = generator(spec, "sweep/lhs");
                int n = spec.points();
                int[][] order = new int[spec.parameters().size()][];
                for (int k = 0; k < order.length; k++) {
                    order[k] = permutation(n, random);
                }
                for (int i = 0; i < n; i++) {
                    List<String> values = new ArrayList<>();
                    for (int k = 0; k < order.length; k++) {
                        double u = (order[k][i] + random.nextDouble()) / n;
                        values.add(spec.parameters().get(k).at(u));
                    }
                    points.add(new Point(i, values));
                }
            }
            default -> throw new IllegalStateException(spec.design());
        }
        return points;
    }

    private static RandomGenerator generator(SweepSpec spec, String name) {
        long seed = RandomStreams.derive(spec.seed(), name);
        return new Well19937c(new int[] {(int) seed, (int) (seed >>> 32)});
    }

    private static int[] permutation(int n, RandomGenerator random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = p[i];
            p[i] = p[j];
            p[j] = swap;
        }
        return p;
    }

    /** One unit of work: one replication of one point. Its rows and random streams depend on nothing else. */
    public record Task(Point point, int replication) implements java.io.Serializable {
    }

    /** Every (point, replication) of the sweep, in the order of results.csv. */
    public static List<Task> tasks(SweepSpec spec) {
        return tasks(design(spec), spec.replications());
    }

    /** Every (point, replication) of these points, in the order of results.csv. */
    public static List<Task> tasks(List<Point> points, int replications) {
        List<Task> tasks = new ArrayList<>();
        for (Point point : points) {
            for (int r = 0; r < replications; r++) {
                tasks.add(new Task(point, r));
            }
        }
        return tasks;
    }

    /** The base scenario with one point's values set at their paths, validated like any scenario. */
    public static Scenario scenarioAt(SweepSpec spec, Point point) {
        return ScenarioTree.load(baseText(spec), spec.scenarioFile().getParent(), root -> edit(spec, point, root), locate(point));
    }

    /**
     * The text of {@link #scenarioAt}: what a runner on another machine parses (with the base
     * scenario's folder, or a copy of the files it refers to, as the base for relative paths).
     * Text that is not a YAML mapping comes back as it is, so the loader reports its error.
     */
    public static String scenarioText(SweepSpec spec, Point point) {
        String text = baseText(spec);
        String edited = ScenarioTree.edit(text, root -> edit(spec, point, root));
        return edited == null ? text : edited;
    }

    /** Runs one task of a point's scenario (from {@link #scenarioAt}) and returns its results.csv row. */
    public static String runTask(SweepSpec spec, Scenario scenario, Task task) {
        return runTask(spec.metrics(), scenario, task);
    }

    /** The same, given only the metrics to record: what a remote worker holds of the sweep. */
    public static String runTask(List<String> metrics, Scenario scenario, Task task) {
        return row(metrics, task.point(), task.replication(), World.run(scenario, task.replication()));
    }

    /** Turns an error in a point's scenario into one that names the point. */
    public static java.util.function.UnaryOperator<ScenarioException> locate(Point point) {
        return e -> new ScenarioException("sweep point " + point.index(), null, e.getMessage());
    }

    private static String baseText(SweepSpec spec) {
        try {
            return Files.readString(spec.scenarioFile(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void edit(SweepSpec spec, Point point, ObjectNode root) {
        int index = 0;
        for (java.util.Map.Entry<String, String> override : spec.overrides().entrySet()) {
            set(root, override.getKey(), override.getValue(), -1 - index++);
        }
        for (int k = 0; k < spec.parameters().size(); k++) {
            set(root, spec.parameters().get(k).path(), point.values().get(k), k);
        }
        root.put("seed", spec.seed());
        root.put("replications", spec.replications());
    }

    /** Sets {@code a.b[0].c} in a YAML tree; the parents must exist, the leaf may be new. */
    static void set(JsonNode root, String path, String value, int parameterIndex) {
        List<Object> steps = new ArrayList<>();
        for (String part : path.split("\\.")) {
            int bracket = part.indexOf('[');
            steps.add(bracket < 0 ? part : part.substring(0, bracket));
            while (bracket >= 0) {
                int close = part.indexOf(']', bracket);
                if (close < 0) {
                    throw badPath(path, parameterIndex, "an unclosed '['");
                }
                try {
                    steps.add(Integer.parseInt(part.substring(bracket + 1, close)));
                } catch (NumberFormatException e) {
                    throw badPath(path, parameterIndex, "'" + part.substring(bracket + 1, close) + "' is not an index");
                }
                bracket = part.indexOf('[', close);
            }
        }
        JsonNode node = root;
        for (int i = 0; i < steps.size() - 1; i++) {
            Object step = steps.get(i);
            JsonNode next = step instanceof Integer index ? node.get(index) : node.get((String) step);
            if (next == null || next.isValueNode()) {
                throw badPath(path, parameterIndex, "the scenario has no '" + step + "' there");
            }
            node = next;
        }
        Object leaf = steps.get(steps.size() - 1);
        if (value == null) {
            if (leaf instanceof String key && node instanceof ObjectNode object) {
                object.remove(key);
                return;
            }
            throw badPath(path, parameterIndex, "only a mapping's key can be removed");
        }
        JsonNode scalar = scalar(value);
        if (leaf instanceof Integer index && node instanceof ArrayNode array && index < array.size()) {
            array.set(index, scalar);
        } else if (leaf instanceof String key && node instanceof ObjectNode object) {
            object.set(key, scalar);
        } else {
            throw badPath(path, parameterIndex, "the scenario has no '" + leaf + "' there");
        }
    }

    private static JsonNode scalar(String value) {
        try {
            return YAML.readTree(value);
        } catch (IOException e) {
            return YAML.getNodeFactory().textNode(value);
        }
    }

    private static ScenarioException badPath(String path, int index, String why) {
        String where = index >= 0 ? "sweep.parameters[" + index + "].path" : "sweep.overrides." + path;
        return new ScenarioException(where, null, "cannot set '" + path + "': " + why
                + "; accepted: a path into the scenario such as workload[0].arrival.rate or nodes[1].count");
    }

    /**
     * Runs every (point, replication) not already in the partial file and writes {@code results.csv}.
     *
     * @param progress told (finished, total) after each task
     */
    /**
     * Every entry a sweep folder holds (the local runner's and Spark's), listed in its manifest
     * before any is written: the folder is filled in place, so it can resume after a kill.
     */
    public static final List<String> FOLDER_ENTRIES = List.of("results.partial.csv", "points.csv", "base-scenario.yaml", ".results.csv.tmp",
            "results.csv", "points-summary.csv", ".points-summary.csv.tmp", "results.parquet/**", ".results.parquet.tmp/**", "report/");

    public static Path run(SweepSpec spec, Path folder, int threads, BiConsumer<Integer, Integer> progress) {
        io.dime.sim.output.RunFolder.claim(folder, FOLDER_ENTRIES);
        List<Point> points = design(spec);
        Map<Integer, Scenario> scenarios = new HashMap<>();
        // Fail fast on a bad parameter path or value, before hours of work.
        scenarios.put(points.get(0).index(), scenarioAt(spec, points.get(0)));
        String header = header(spec);
        String fingerprint = fingerprint(spec, points);
        int cells = header.split(",", -1).length;
        try {
            Files.createDirectories(folder);
            Path partial = folder.resolve("results.partial.csv");
            Map<String, String> done = resume(partial, fingerprint, cells);
            // Rewrite the partial file with only whole rows: a kill can leave half a line without
            // its newline, and the next row appended would be glued to it.
            StringBuilder kept = new StringBuilder("# sweep " + fingerprint + "\n");
            done.values().forEach(row -> kept.append(row).append('\n'));
            Files.writeString(partial, kept, StandardCharsets.UTF_8);
            writeDesign(folder, spec, points);
            int total = points.size() * spec.replications();
            AtomicInteger finished = new AtomicInteger(done.size());
            progress.accept(finished.get(), total);
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
                Thread t = new Thread(r, "dime-sweep");
                t.setDaemon(true);
                return t;
            });
            List<Future<?>> futures = new ArrayList<>();
            try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
                for (Point point : points) {
                    for (int r = 0; r < spec.replications(); r++) {
                        if (done.containsKey(point.index() + "," + r)) {
                            continue;
                        }
                        Scenario scenario = scenarios.computeIfAbsent(point.index(), i -> scenarioAt(spec, point));
                        int replication = r;
                        futures.add(pool.submit(() -> {
                            String row = runTask(spec, scenario, new Task(point, replication));
                            synchronized (out) {
                                out.write(row);
                                out.write('\n');
                                out.flush();
                            }
                            progress.accept(finished.incrementAndGet(), total);
                            return null;
                        }));
                    }
                }
                for (Future<?> future : futures) {
                    future.get();
                }
            } finally {
                pool.shutdownNow();
            }
            Map<String, String> rows = resume(partial, fingerprint, cells);
            Path results = writeResults(folder, spec, rows.values());
            Files.deleteIfExists(partial);
            return results;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Writes {@code results.csv}: the header and the rows sorted by (point, replication), through a
     * temporary file moved into place, so a reader never sees half a file. Any runner that produced
     * the rows (threads here, Spark tasks elsewhere) writes the same bytes.
     */
    public static Path writeResults(Path folder, SweepSpec spec, java.util.Collection<String> rows) throws IOException {
        TreeMap<long[], String> sorted = new TreeMap<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        for (String row : rows) {
            String[] key = row.split(",", 3);
            if (sorted.put(new long[] {Long.parseLong(key[0]), Long.parseLong(key[1])}, row) != null) {
                throw new IllegalStateException("two rows for point " + key[0] + ", replication " + key[1]);
            }
        }
        StringBuilder csv = new StringBuilder(header(spec)).append('\n');
        sorted.values().forEach(row -> csv.append(row).append('\n'));
        Files.createDirectories(folder);
        Path temporary = folder.resolve(".results.csv.tmp");
        Files.writeString(temporary, csv, StandardCharsets.UTF_8);
        Path results = folder.resolve("results.csv");
        Files.move(temporary, results, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return results;
    }

    /** Identifies a sweep's partial results: the design, overrides, seed, replications and base scenario. */
    static String fingerprint(SweepSpec spec) {
        return fingerprint(spec, design(spec));
    }

    private static String fingerprint(SweepSpec spec, List<Point> points) {
        return Integer.toHexString((header(spec) + "|" + points + "|" + spec.overrides() + "|" + spec.seed() + "|"
                + spec.replications() + "|" + readQuietly(spec.scenarioFile())).hashCode());
    }

    /** Rows already finished, by "point,replication"; none when the partial file belongs to another sweep. */
    private static Map<String, String> resume(Path partial, String fingerprint, int cells) throws IOException {
        Map<String, String> rows = new HashMap<>();
        if (!Files.exists(partial)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(partial, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals("# sweep " + fingerprint)) {
            Files.move(partial, partial.resolveSibling("results.partial.stale"), StandardCopyOption.REPLACE_EXISTING);
            return rows;
        }
        Set<String> seen = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] parts = line.split(",", -1);
            if (parts.length != cells) {
                continue; // a line cut off by the kill
            }
            String key = parts[0] + "," + parts[1];
            if (seen.add(key)) {
                rows.put(key, line);
            }
        }
        return rows;
    }

    /** The first line of results.csv: point, replication, the parameters' paths, then the metrics. */
    public static String header(SweepSpec spec) {
        StringBuilder header = new StringBuilder("point,replication");
        for (SweepSpec.Parameter p : spec.parameters()) {
            header.append(',').append(p.path());
        }
        for (String metric : spec.metrics()) {
            header.append(',').append(metric);
        }
        return header.toString();
    }

    private static String row(List<String> metrics, Point point, int replication, ReplicationResult result) {
        StringBuilder row = new StringBuilder().append(point.index()).append(',').append(replication);
        for (String value : point.values()) {
            row.append(',').append(value.replace(",", ";"));
        }
        for (String metric : metrics) {
            Double value = result.metrics().get(metric);
            row.append(',').append(value == null || Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.9g", value));
        }
        return row.toString();
    }

    /** Writes points.csv (the design) and a copy of the base scenario beside the results. */
    public static void writeDesign(Path folder, SweepSpec spec, List<Point> points) throws IOException {
        StringBuilder csv = new StringBuilder("point");
        for (SweepSpec.Parameter p : spec.parameters()) {
            csv.append(',').append(p.path());
        }
        csv.append('\n');
        for (Point point : points) {
            csv.append(point.index());
            for (String value : point.values()) {
                csv.append(',').append(value.replace(",", ";"));
            }
            csv.append('\n');
        }
        Files.writeString(folder.resolve("points.csv"), csv, StandardCharsets.UTF_8);
        Files.copy(spec.scenarioFile(), folder.resolve("base-scenario.yaml"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
