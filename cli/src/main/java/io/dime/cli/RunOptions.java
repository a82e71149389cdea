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
        if (scenario.hasLiveNodes() && (minReplications > 1 || (replications != null && replications != 1))) {
            throw new BadInputException("scenario '" + scenario.name() + "' has live nodes (a backend section), so it runs exactly one"
                    + " replication, in real time" + (minReplications > 1 ? "; this command needs " + minReplications + " or more" : "; accepted: --replications 1"));
        }
        int count = replicationCount(fallbackReplications, minReplications, "differences need an interval");
        return scenario.withSeed(seed(fallbackSeed)).withReplications(count);
    }

    long seed(long fallback) {
        return seed != null ? seed : fallback;
    }

    /** --replications, or the fallback, checked against what the command needs ({@code whyMinimum} when above 1). */
    int replicationCount(int fallback, int minimum, String whyMinimum) {
        int count = replications != null ? replications : fallback;
        if (count < minimum || count > 10_000) {
            throw new BadInputException("--replications " + count + " is out of range; accepted: " + minimum + " to 10000"
                    + (minimum > 1 ? " (" + whyMinimum + ")" : ""));
        }
        return count;
    }

    int threadCount() {
        return threadCount(threads);
    }

    /** {@code --threads}, or every core when it is not given; less than 1 is an input error. */
    static int threadCount(Integer threads) {
        int count = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (count < 1) {
            throw new BadInputException("--threads " + count + " is out of range; accepted: at least 1");
        }
        return count;
    }
}
