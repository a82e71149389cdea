package io.dime.backend.observe;

import io.dime.backend.client.CompletionRequest;
import io.dime.backend.client.OpenAiStreamingClient;
import io.dime.backend.client.ServerInfo;
import io.dime.backend.client.StreamMeasurement;
import io.dime.backend.client.TokenCountSource;
import io.dime.backend.trace.Trace;
import io.dime.backend.trace.TraceRow;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Drives a server through a {@link LoadPlan}, one level after another, and returns the trace.
 * Closed-loop levels run {@code concurrency} clients, each sending its next request when its last
 * one ends; open-loop levels send at Poisson times whatever the server is doing. The first
 * {@code warmup} requests of each level (in each round, with {@code rounds}) are marked and not measured. Prompts are random token ids
 * (3 to 258: valid in every vocabulary, and never a shared prefix a server's prompt cache could
 * reuse); the lengths come from the plan's seed, so a plan sends the same mix every time, while the
 * tokens differ between runs, so a second run does not measure the server's prompt cache.
 */
public final class Observer {
    /** A pause between levels so that one level's tail does not load the next. */
    private static final long PAUSE_BETWEEN_LEVELS_MS = 300;

    private final OpenAiStreamingClient client;
    private final String model;

    public Observer(OpenAiStreamingClient client, String model) {
        this.client = client;
        this.model = model;
    }

    /**
     * Runs the plan.
     *
     * @param progress told (requests done, requests in the plan) after each request
     */
    public Trace observe(LoadPlan plan, BiConsumer<Integer, Integer> progress) {
        ServerInfo info = client.probeServerInfo();
        Map<String, String> header = new LinkedHashMap<>();
        header.put("dime observe trace", "1");
        header.put("server", client.baseUrl().toString());
        header.put("engine", info.engine());
        header.put("version", info.version().orElse("unknown"));
        header.put("model", info.modelId().orElse(model == null ? "unknown" : model));
        info.totalSlots().ifPresent(slots -> header.put("slots", Integer.toString(slots)));
        header.put("plan", plan.describe());
        header.put("host", host());
        header.put("started", Instant.now().toString());
        int total = plan.levels().stream().mapToInt(l -> l.requests() + plan.warmup() * plan.rounds()).sum();
        AtomicInteger done = new AtomicInteger();
        List<TraceRow> rows = Collections.synchronizedList(new ArrayList<>());
        SplittableRandom random = new SplittableRandom(plan.seed());
        // Prompt tokens differ from run to run (lengths do not): a second run on the same server
        // must not find its prompts in the server's prompt cache and measure cache hits.
        SplittableRandom tokens = new SplittableRandom(System.nanoTime());
        long start = System.nanoTime();
        for (int round = 0; round < plan.rounds(); round++) {
            for (LoadPlan.Level level : plan.levels()) {
                List<CompletionRequest> requests = new ArrayList<>();
                for (int i = 0; i < plan.warmup() + plan.requestsIn(level, round); i++) {
                    requests.add(request(plan, random, tokens));
                }
                if (level.closedLoop()) {
                    closedLoop(level, plan.warmup(), requests, start, rows, () -> progress.accept(done.incrementAndGet(), total));
                } else {
                    openLoop(level, plan.warmup(), requests, random.split(), start, rows, () -> progress.accept(done.incrementAndGet(), total));
                }
                sleep(PAUSE_BETWEEN_LEVELS_MS);
            }
        }
        header.put("finished", Instant.now().toString());
        return new Trace(header, rows);
    }

    private CompletionRequest request(LoadPlan plan, SplittableRandom random, SplittableRandom tokens) {
        int prompt = plan.promptTokens().get(random.nextInt(plan.promptTokens().size()));
        int output = plan.outputTokens().get(random.nextInt(plan.outputTokens().size()));
        CompletionRequest request;
        if (plan.endpoint().equals("chat")) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < prompt; i++) {
                text.append((char) ('a' + tokens.nextInt(26)));
                if (i % 5 == 4) {
                    text.append(' ');
                }
            }
            request = CompletionRequest.chat(text.toString(), output);
        } else {
            request = CompletionRequest.completionOfTokenIds(CompletionRequest.randomTokenIds(prompt, tokens), output);
        }
        request = request.withTemperature(0).withSeed(plan.seed());
        if (model != null) {
            request = request.withModel(model);
        }
        return plan.exactOutput() ? request.withExactOutputLength() : request;
    }

    private void closedLoop(LoadPlan.Level level, int warmup, List<CompletionRequest> requests, long start, List<TraceRow> rows, Runnable tick) {
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(level.concurrency(), daemon("dime-observe-client"));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < level.concurrency(); c++) {
                running.add(clients.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
                        rows.add(send(level, requests.get(i), i < warmup, start));
                        tick.run();
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("a client thread of level " + level.label() + " failed", e);
        } finally {
            clients.shutdownNow();
        }
    }

    private void openLoop(LoadPlan.Level level, int warmup, List<CompletionRequest> requests, SplittableRandom random, long start,
                          List<TraceRow> rows, Runnable tick) {
        ExecutorService senders = Executors.newCachedThreadPool(daemon("dime-observe-open"));
        try {
            List<Future<?>> running = new ArrayList<>();
            long levelStart = System.nanoTime();
            double at = 0;
            for (int i = 0; i < requests.size(); i++) {
                long waitNanos = levelStart + (long) (at * 1e9) - System.nanoTime();
                if (waitNanos > 0) {
                    TimeUnit.NANOSECONDS.sleep(waitNanos);
                }
                int index = i;
                running.add(senders.submit(() -> {
                    rows.add(send(level, requests.get(index), index < warmup, start));
                    tick.run();
                }));
                at += -Math.log(1 - random.nextDouble()) / level.ratePerSecond();
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("a sender of level " + level.label() + " failed", e);
        } finally {
            senders.shutdownNow();
        }
    }

    private TraceRow send(LoadPlan.Level level, CompletionRequest request, boolean warmup, long start) {
        long sent = System.nanoTime();
        StreamMeasurement m = client.stream(request);
        double waitMs = m.waitBeforeFinalAttemptNanos() / 1e6;
        double[] gaps = m.interTokenGapsNanos().stream().mapToDouble(g -> g / 1e6).toArray();
        int prompt = m.promptTokensSource() == TokenCountSource.SERVER_USAGE && m.promptTokens() > 0 ? (int) m.promptTokens()
                : request.promptTokenIds() != null ? request.promptTokenIds().size() : -1;
        int output = m.succeeded() ? (int) m.outputTokens() : request.maxOutputTokens();
        return new TraceRow(level.label(), (sent - start) / 1e9, Math.max(prompt, 1), request.maxOutputTokens(), Math.max(output, 1),
                m.outcome().name(), m.timeToFirstTokenNanos() < 0 ? Double.NaN : waitMs + m.timeToFirstTokenNanos() / 1e6,
                waitMs + m.endToEndNanos() / 1e6, gaps, warmup);
    }

    private static String host() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            name = "unknown";
        }
        return name + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version");
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
