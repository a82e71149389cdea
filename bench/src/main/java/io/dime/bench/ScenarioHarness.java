package io.dime.bench;

import io.dime.sim.ReplicationResult;
import io.dime.sim.RunOutcome;
import io.dime.sim.World;
import io.dime.sim.kernel.Replications;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.ScenarioLoader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Whole-scenario benchmark harness: runs a scenario's first replication single-threaded
 * {@code --runs} times and prints simulated requests and events per wall-second (median and
 * range), plus the peak heap; with {@code --parallel N} it also times N replications on 1 and on
 * 2 threads (after a warm-up pass, best of two timings each) and prints the speed-up. A harness rather than JMH because one measured run of the
 * day-long scenario takes minutes: JMH's forks and iterations would multiply that for no gain.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.dime.bench.ScenarioHarness bench/scenarios/thousand-nodes.yaml --runs 5
 * java -Xmx4g -cp bench/target/benchmarks.jar io.dime.bench.ScenarioHarness bench/scenarios/day-10k-nodes.yaml --runs 1
 * java -cp bench/target/benchmarks.jar io.dime.bench.ScenarioHarness bench/scenarios/thousand-nodes.yaml --runs 0 --parallel 4
 * </pre>
 */
public final class ScenarioHarness {
    private ScenarioHarness() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: ScenarioHarness FILE [--runs N] [--parallel N]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int runs = 3;
        int parallel = 0;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--parallel" -> parallel = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Scenario scenario = new ScenarioLoader().load(file).withReplications(1);
        System.out.printf(Locale.ROOT, "%s: %s, JDK %s, %d cores%n", scenario.name(), file, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        double[] requestsPerSecond = new double[runs];
        double[] eventsPerSecond = new double[runs];
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            ReplicationResult result = World.run(scenario, 0);
            double seconds = (System.nanoTime() - start) / 1e9;
            double requests = result.metric("requests.arrived") + measuredWarmupShare(scenario, result);
            requestsPerSecond[run] = requests / seconds;
            eventsPerSecond[run] = result.eventsFired() / seconds;
            System.out.printf(Locale.ROOT, "run %d: %.1f s, %.0f requests, %d events: %.0f requests/s, %.2f M events/s (fingerprint %s)%n",
                    run + 1, seconds, requests, result.eventsFired(), requestsPerSecond[run], eventsPerSecond[run] / 1e6, result.fingerprint());
        }
        if (runs > 0) {
            System.out.printf(Locale.ROOT, "median of %d: %.0f requests/s (%.0f-%.0f), %.2f M events/s; peak heap %.0f MB%n", runs,
                    median(requestsPerSecond), min(requestsPerSecond), max(requestsPerSecond), median(eventsPerSecond) / 1e6, peakHeapMb());
        }
        if (parallel > 0) {
            int count = parallel;
            Scenario many = scenario.withReplications(count);
            time(() -> Replications.run(count, 2, r -> World.run(many, r))); // warm-up: compile before timing either
            double one = Math.min(time(() -> Replications.run(count, 1, r -> World.run(many, r))),
                    time(() -> Replications.run(count, 1, r -> World.run(many, r))));
            double two = Math.min(time(() -> Replications.run(count, 2, r -> World.run(many, r))),
                    time(() -> Replications.run(count, 2, r -> World.run(many, r))));
            System.out.printf(Locale.ROOT, "%d replications: %.1f s on 1 thread, %.1f s on 2 threads: %.2fx%n", count, one, two, one / two);
            RunOutcome check = RunOutcome.run(many, 2);
            System.out.printf(Locale.ROOT, "(same results on 1 and 2 threads: fingerprints %s)%n",
                    check.replications().stream().map(ReplicationResult::fingerprint).toList());
        }
    }

    /**
     * Requests that arrived during the warm-up are simulated too but not counted by the metrics;
     * add them back at the measured rate, so requests/s counts every simulated request.
     */
    private static double measuredWarmupShare(Scenario scenario, ReplicationResult result) {
        double window = scenario.durationSeconds() - scenario.warmupSeconds();
        return result.metric("requests.arrived") / window * scenario.warmupSeconds();
    }

    private static double time(Runnable work) {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static double peakHeapMb() {
        double bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes / 1e6;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }
}
