package io.dime.spark;

import io.dime.analysis.Sweep;
import io.dime.analysis.SweepSpec;
import io.dime.sim.output.RunFolder;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Runs a sweep on Spark: one task per (point, replication). The driver builds the design and each
 * point's scenario text with the local runner's own code ({@link Sweep}), checks every point's
 * scenario before any task starts, and ships the texts and the files they name to the workers.
 * A task parses its point's scenario and runs its replication, which seeds its random streams from
 * the sweep's seed and the replication alone; its one output is its results.csv row.
 *
 * <p>Why no row is lost or duplicated: a task writes nothing itself. Spark keeps the output of
 * a task's successful attempt only, so an attempt that fails is run again and the rows come back
 * once each; the driver then checks that every (point, replication) came back exactly once before
 * it writes {@code results.csv} (sorted, through a temporary file) and {@code results.parquet}.
 */
public final class SparkSweep {

    private static final java.util.regex.Pattern PLAIN_NUMBER = java.util.regex.Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    /** Called around each task's run in every attempt: the tests fail attempts on purpose through it. */
    interface TaskFault extends Serializable {
        default void beforeRun(Sweep.Task task, int attemptNumber) {
        }

        /** After the task's row is made, before the attempt hands it back. */
        default void afterRun(Sweep.Task task, int attemptNumber) {
        }

        TaskFault NONE = new TaskFault() {
        };
    }

    /** What every task needs of the sweep, sent once to each worker. */
    private record Job(List<String> metrics, Map<Integer, String> scenarioTexts, ScenarioFiles files) implements Serializable {
    }

    private SparkSweep() {
    }

    /** Where results.csv is, and how long the tasks and the writing of the results took (wall seconds). */
    public record Outcome(Path results, double taskSeconds, double writeSeconds) {
    }

    /** Runs the sweep and writes results.csv, results.parquet, points.csv and base-scenario.yaml into {@code folder}. */
    public static Outcome run(SparkSession spark, SweepSpec spec, Path folder) {
        return run(spark, spec, folder, TaskFault.NONE);
    }

    static Outcome run(SparkSession spark, SweepSpec spec, Path folder, TaskFault fault) {
        List<Sweep.Point> points = Sweep.design(spec);
        Map<Integer, String> texts = new HashMap<>();
        for (Sweep.Point point : points) {
            texts.put(point.index(), Sweep.scenarioText(spec, point));
        }
        ScenarioFiles files = ScenarioFiles.of(spec.scenarioFile().getParent(), texts.values());
        // Every point is loaded here as a worker will load it, from the shipped copy of its files,
        // so a bad value or a file left out fails now, in one located message, not in task 9,000.
        try (ScenarioFiles.Unpacked copy = files.unpack()) {
            for (Sweep.Point point : points) {
                try {
                    new ScenarioLoader().parse(texts.get(point.index()), copy.base());
                } catch (io.dime.sim.input.ScenarioException e) {
                    throw Sweep.locate(point).apply(e);
                }
            }
        }
        List<Sweep.Task> tasks = Sweep.tasks(points, spec.replications());
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<Job> job = context.broadcast(new Job(List.copyOf(spec.metrics()), texts, files));
        context.setJobDescription(String.format(Locale.ROOT, "dime sweep %s: %d points x %d replications",
                spec.name(), points.size(), spec.replications()));
        List<String> rows;
        long start = System.nanoTime();
        try {
            rows = context.parallelize(tasks, tasks.size())
                    .mapPartitions(partition -> runTasks(partition, job.value(), fault))
                    .collect();
        } finally {
            job.destroy();
        }
        checkOneRowPerTask(tasks, rows);
        long tasksDone = System.nanoTime();
        try {
            RunFolder.claim(folder, Sweep.FOLDER_ENTRIES);
            Sweep.writeDesign(folder, spec, points);
            Path results = Sweep.writeResults(folder, spec, rows);
            writeParquet(spark, spec, rows, folder);
            return new Outcome(results, (tasksDone - start) / 1e9, (System.nanoTime() - tasksDone) / 1e9);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Iterator<String> runTasks(Iterator<Sweep.Task> partition, Job job, TaskFault fault) {
        List<String> rows = new ArrayList<>();
        if (!partition.hasNext()) {
            return rows.iterator();
        }
        TaskContext context = TaskContext.get();
        int attempt = context == null ? 0 : context.attemptNumber();
        try (ScenarioFiles.Unpacked copy = job.files().unpack()) {
            Map<Integer, Scenario> scenarios = new HashMap<>();
            while (partition.hasNext()) {
                Sweep.Task task = partition.next();
                fault.beforeRun(task, attempt);
                Scenario scenario = scenarios.computeIfAbsent(task.point().index(),
                        i -> new ScenarioLoader().parse(job.scenarioTexts().get(i), copy.base()));
                rows.add(Sweep.runTask(job.metrics(), scenario, task));
                fault.afterRun(task, attempt);
            }
        }
        return rows.iterator();
    }

    private static void checkOneRowPerTask(List<Sweep.Task> tasks, List<String> rows) {
        Map<String, Integer> seen = new HashMap<>();
        for (String row : rows) {
            String[] key = row.split(",", 3);
            seen.merge(key[0] + "," + key[1], 1, Integer::sum);
        }
        for (Sweep.Task task : tasks) {
            String key = task.point().index() + "," + task.replication();
            Integer n = seen.remove(key);
            if (n == null || n != 1) {
                throw new IllegalStateException("point " + task.point().index() + ", replication " + task.replication() + " came back "
                        + (n == null ? 0 : n) + " times; expected exactly once");
            }
        }
        if (!seen.isEmpty()) {
            throw new IllegalStateException("rows for tasks the sweep does not have: " + seen.keySet());
        }
    }

    /**
     * results.parquet: the same rows, typed: point and replication as integers, a parameter as a
     * double when every value is a plain number ({@code nodes[0].count}) and as text otherwise (as
     * the sweep spells it: {@code 25/s}, {@code power-of-two}), metrics as doubles (null where
     * results.csv has an empty cell). One file, written beside and then moved in.
     */
    private static void writeParquet(SparkSession spark, SweepSpec spec, List<String> rows, Path folder) throws IOException {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("point", DataTypes.IntegerType, false));
        fields.add(DataTypes.createStructField("replication", DataTypes.IntegerType, false));
        int parameters = spec.parameters().size();
        boolean[] numeric = new boolean[parameters];
        for (int k = 0; k < parameters; k++) {
            int cell = 2 + k;
            numeric[k] = rows.stream().allMatch(row -> PLAIN_NUMBER.matcher(row.split(",", -1)[cell]).matches());
            fields.add(DataTypes.createStructField(spec.parameters().get(k).path(), numeric[k] ? DataTypes.DoubleType : DataTypes.StringType, false));
        }
        for (String metric : spec.metrics()) {
            fields.add(DataTypes.createStructField(metric, DataTypes.DoubleType, true));
        }
        StructType schema = DataTypes.createStructType(fields);
        List<Row> typed = new ArrayList<>();
        for (String row : rows) {
            String[] cells = row.split(",", -1);
            Object[] values = new Object[cells.length];
            values[0] = Integer.parseInt(cells[0]);
            values[1] = Integer.parseInt(cells[1]);
            for (int i = 2; i < cells.length; i++) {
                if (i < 2 + parameters) {
                    values[i] = numeric[i - 2] ? (Object) Double.valueOf(cells[i]) : cells[i];
                } else {
                    values[i] = cells[i].isEmpty() ? null : Double.valueOf(cells[i]);
                }
            }
            typed.add(RowFactory.create(values));
        }
        typed.sort(Comparator.comparing((Row r) -> r.getInt(0)).thenComparing(r -> r.getInt(1)));
        Dataset<Row> table = spark.createDataFrame(typed, schema);
        Path temporary = folder.resolve(".results.parquet.tmp");
        RunFolder.deleteTree(temporary);
        table.coalesce(1).write().parquet(temporary.toAbsolutePath().toUri().toString());
        Path target = folder.resolve("results.parquet");
        RunFolder.deleteTree(target);
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    }
}
