package io.dime.sim.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Runs independent replications on a thread pool. Results come back in replication order and
 * each replication seeds itself from its index, so neither the thread count nor the finishing
 * order can change what a run produces.
 */
public final class Replications {
    private Replications() {
    }

    /** Root seed of replication {@code index} of a run seeded with {@code rootSeed}. */
    public static long seedOf(long rootSeed, int index) {
        return RandomStreams.derive(rootSeed, "replication/" + index);
    }

    public static <T> List<T> run(int count, int threads, IntFunction<T> replication) {
        if (count < 1) {
            throw new IllegalArgumentException("replications must be at least 1");
        }
        int poolSize = Math.max(1, Math.min(threads, count));
        if (poolSize == 1) {
            List<T> results = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                results.add(replication.apply(i));
            }
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(poolSize, runnable -> {
            Thread thread = new Thread(runnable, "dime-replication");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<T>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> replication.apply(index)));
            }
            List<T> results = new ArrayList<>(count);
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running replications", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }
}
