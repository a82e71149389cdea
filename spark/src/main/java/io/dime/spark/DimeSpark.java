package io.dime.spark;

import io.dime.analysis.SweepSpec;
import io.dime.sim.input.ScenarioException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Entry point for {@code spark-submit --class io.dime.spark.DimeSpark dime-spark.jar sweep FILE --out DIR}.
 * Without a master from spark-submit (run from a test or an IDE) it runs {@code local[*]} on
 * 127.0.0.1 with the web UI off.
 */
@Command(name = "dime-spark", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        description = "Dime's sweeps on Apache Spark: the same results.csv as `dime sweep`, one Spark task per (point, replication).",
        subcommands = {DimeSpark.SweepCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExample:%n",
        footer = "  spark-submit --class io.dime.spark.DimeSpark --master local[2] spark/target/dime-spark.jar sweep scenarios/sweeps/rate-vs-latency.yaml --out runs/rate-vs-latency-spark")
public final class DimeSpark implements Runnable {
    static final int EXIT_BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs the command line and returns the exit code: 0 done, 2 bad input, 1 anything else. */
    static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new DimeSpark());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, arguments) -> {
            e.getCommandLine().getErr().println("dime-spark: " + e.getMessage());
            e.getCommandLine().getErr().println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return EXIT_BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, command, parseResult) -> {
            if (e instanceof ScenarioException) {
                command.getErr().println("error: " + e.getMessage());
                return EXIT_BAD_INPUT;
            }
            command.getErr().println("error: the sweep failed (a bug in dime, or the cluster; the cause follows):");
            e.printStackTrace(command.getErr());
            return 1;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Command(name = "sweep", mixinStandardHelpOptions = true,
            description = "Run a sweep file on Spark; writes results.csv (identical to `dime sweep`), results.parquet, points.csv.")
    static final class SweepCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "Sweep YAML file (on the driver).")
        Path file;

        @Option(names = "--out", paramLabel = "DIR", description = "Output folder on the driver (default: runs/<sweep name>).")
        Path out;

        @Override
        public Integer call() {
            SweepSpec sweep = SweepSpec.load(file);
            Path folder = out != null ? out : Path.of("runs", sweep.name());
            PrintWriter w = spec.commandLine().getOut();
            SparkSession spark = session(sweep.name());
            int total = io.dime.analysis.Sweep.tasks(sweep).size();
            AtomicInteger finished = new AtomicInteger();
            SparkListener progress = new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd end) {
                    if (end.taskInfo().successful()) {
                        int done = finished.incrementAndGet();
                        if (done == total || done % Math.max(1, total / 10) == 0) {
                            w.printf(Locale.ROOT, "%d of %d (point, replication) tasks done%n", done, total);
                            w.flush();
                        }
                    }
                }
            };
            spark.sparkContext().addSparkListener(progress);
            long start = System.nanoTime();
            SparkSweep.Outcome outcome;
            try {
                outcome = SparkSweep.run(spark, sweep, folder);
            } finally {
                spark.sparkContext().removeSparkListener(progress);
            }
            w.printf(Locale.ROOT, "%s: %d (point, replication) tasks on %s in %.1f s (tasks %.1f s, writing results %.1f s)%n", sweep.name(), total,
                    spark.sparkContext().master(), (System.nanoTime() - start) / 1e9, outcome.taskSeconds(), outcome.writeSeconds());
            w.printf("wrote %s/ (results.csv: the same rows as `dime sweep`; results.parquet; points.csv)%n", folder);
            return 0;
        }
    }

    /**
     * The session spark-submit configured, or, with no master set, {@code local[*]} on loopback with
     * the UI off: a laptop run needs no ports open to the network.
     */
    static SparkSession session(String sweepName) {
        SparkSession.Builder builder = SparkSession.builder().appName("dime sweep " + sweepName);
        if (!new SparkConf().contains("spark.master")) {
            builder.master("local[*]")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false")
                    // Name the object that did not serialize, rather than fail inside Spark's debugger on JDK 17.
                    .config("spark.serializer.extraDebugInfo", "false");
        }
        return builder.getOrCreate();
    }
}
