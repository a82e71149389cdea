package io.dime.sim;

import io.dime.sim.catalog.Catalog;
import io.dime.sim.kernel.Replications;
import io.dime.sim.metrics.Summary;
import io.dime.sim.scenario.Scenario;
import java.util.List;

/** A scenario run over all its replications, and the summary across them. */
public record RunOutcome(Scenario scenario, List<ReplicationResult> replications, Summary summary) {
    public RunOutcome {
        replications = List.copyOf(replications);
    }

    /** Runs every replication on up to {@code threads} threads; the result does not depend on the count. */
    public static RunOutcome run(Scenario scenario, int threads, Catalog catalog) {
        return run(scenario, threads, catalog, (finished, total) -> { });
    }

    public static RunOutcome run(Scenario scenario, int threads) {
        return run(scenario, threads, Catalog.builtIn());
    }

    /** As {@link #run(Scenario, int)}, telling {@code progress} (finished, total) as replications end. */
    public static RunOutcome run(Scenario scenario, int threads, java.util.function.BiConsumer<Integer, Integer> progress) {
        return run(scenario, threads, Catalog.builtIn(), progress);
    }

    private static RunOutcome run(Scenario scenario, int threads, Catalog catalog, java.util.function.BiConsumer<Integer, Integer> progress) {
        MemoryEstimate.check(scenario, threads, Runtime.getRuntime().maxMemory());
        java.util.concurrent.atomic.AtomicInteger finished = new java.util.concurrent.atomic.AtomicInteger();
        int total = scenario.replications();
        progress.accept(0, total);
        List<ReplicationResult> results = Replications.run(total, threads, r -> {
            ReplicationResult result = World.run(scenario, r, catalog);
            progress.accept(finished.incrementAndGet(), total);
            return result;
        });
        return new RunOutcome(scenario, results, Summary.of(results.stream().map(ReplicationResult::metrics).toList()));
    }
}
