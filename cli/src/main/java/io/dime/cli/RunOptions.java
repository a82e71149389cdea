package io.dime.cli;

import io.dime.sim.scenario.Scenario;
import picocli.CommandLine.Option;

/** Options every command that runs scenarios shares: seed, replications, threads. */
final class RunOptions {
    @Option(names = "--seed", description = "Root seed (overrides the file's 'seed').")
    Long seed;

    @Option(names = "--replications", description = "Number of replications (overrides the file).")
    Integer replications;

    @Option(names = "--threads", description = "Threads for replications (default: all cores). Results do not depend on it.")
    Integer threads;

    /** The scenario with the overrides applied; {@code minReplications} is what the command needs. */
    Scenario apply(Scenario scenario, long fallbackSeed, int fallbackReplications, int minReplications) {
        int count = replications != null ? replications : fallbackReplications;
        if (count < minReplications || count > 10_000) {
            throw new BadInputException("--replications " + count + " is out of range; accepted: " + minReplications + " to 10000"
                    + (minReplications > 1 ? " (differences need an interval)" : ""));
        }
        return scenario.withSeed(seed != null ? seed : fallbackSeed).withReplications(count);
    }

    int threadCount() {
        int count = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (count < 1) {
            throw new BadInputException("--threads " + count + " is out of range; accepted: at least 1");
        }
        return count;
    }
}
