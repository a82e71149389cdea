package io.dime.sim;

import io.dime.sim.workload.ArrivalSpec;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.input.ScenarioException;
import java.util.Locale;

/**
 * A scenario's heap need, estimated before it runs, so one that cannot fit is refused in a
 * second with what would fit, instead of running for minutes into an OutOfMemoryError.
 *
 * <p>The figures are measured, with a margin: a 400,000-node network of RTX 4090s held about
 * 750 bytes per node and replication after a young collection (two replications on two threads,
 * 600 MB live; 80,000 nodes: 72 MB), 2026-12-02, on this repository's JDK 17 with the serial
 * collector. The estimate takes 2 KiB per node and 1 KiB per closed-loop client, per replication
 * running at once, on a fixed 16 MiB.
 */
public final class MemoryEstimate {
    static final long BYTES_PER_NODE = 2048;
    static final long BYTES_PER_CLIENT = 1024;
    static final long BASE_BYTES = 16L << 20;
    /** The share of the heap an estimate may take: the rest is for the collector and the output. */
    static final double USABLE_SHARE = 0.9;

    private MemoryEstimate() {
    }

    /** The estimated peak heap of {@code scenario} with {@code parallel} replications at once. */
    public static long bytes(Scenario scenario, int parallel) {
        return BASE_BYTES + parallel * perReplication(scenario);
    }

    private static long perReplication(Scenario scenario) {
        long nodes = scenario.nodes().stream().mapToLong(Scenario.NodeGroup::count).sum();
        long clients = scenario.workload().stream().mapToLong(c -> c.arrival() instanceof ArrivalSpec.Closed closed ? closed.clients() : 0).sum();
        return nodes * BYTES_PER_NODE + clients * BYTES_PER_CLIENT;
    }

    /** Refuses, as bad input with what would fit, a scenario whose estimate exceeds {@code heapBytes}. */
    public static void check(Scenario scenario, int threads, long heapBytes) {
        int parallel = Math.max(1, Math.min(threads, scenario.replications()));
        long need = bytes(scenario, parallel);
        long usable = (long) (heapBytes * USABLE_SHARE);
        if (need <= usable) {
            return;
        }
        long nodes = scenario.nodes().stream().mapToLong(Scenario.NodeGroup::count).sum();
        long fitNodes = Math.max(0, (usable - BASE_BYTES) / parallel / BYTES_PER_NODE);
        String threadsAdvice = parallel > 1 && bytes(scenario, 1) <= usable ? " It fits with --threads 1 (one replication at a time)." : "";
        throw new ScenarioException("nodes", null, String.format(Locale.ROOT,
                "this scenario needs about %s of memory (%,d nodes, %d replications at once) and Java has %s;"
                        + " accepted: about %,d nodes with %d at once in this heap.%s Or give Java more: DIME_JAVA_OPTS=-Xmx%dg ./dime ...",
                gib(need), nodes, parallel, gib(heapBytes), fitNodes, parallel, threadsAdvice, (long) Math.ceil(need / USABLE_SHARE / (1L << 30))));
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
