package io.dime.backend.observe;

import io.dime.sim.input.Obj;
import io.dime.sim.input.ScenarioException;
import io.dime.sim.input.Values;
import io.dime.sim.input.YamlNode;
import io.dime.sim.input.YamlReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code dime observe} sends. Shape:
 *
 * <pre>
 * plan:
 *   name: cpu-tiny
 *   endpoint: completions          # completions (prompt as token ids) or chat
 *   prompt_tokens: [32, 96, 256]   # a mix: each request draws one, uniformly
 *   output_tokens: [16, 48]
 *   exact_output: true             # ask for exactly that many tokens (llama.cpp, vLLM)
 *   warmup: 3                      # requests per level sent first and not measured
 *   seed: 1
 *   rounds: 1                      # the levels run this many times in turn, each with its share of requests
 *   levels:
 *     - {concurrency: 1, requests: 20}    # closed loop: 1 client, next request when one ends
 *     - {concurrency: 4, requests: 40}
 *     - {rate: 2/s, requests: 30}         # open loop: Poisson arrivals
 * </pre>
 */
public record LoadPlan(String name, String endpoint, List<Integer> promptTokens, List<Integer> outputTokens, boolean exactOutput,
                       int warmup, long seed, int rounds, List<Level> levels) {

    /** One load level: {@code concurrency} clients in a closed loop, or Poisson arrivals at {@code ratePerSecond}. */
    public record Level(int concurrency, double ratePerSecond, int requests) {
        public boolean closedLoop() {
            return concurrency > 0;
        }

        /** {@code c4} or {@code r2.5}: the level's name in traces and reports. */
        public String label() {
            return closedLoop() ? "c" + concurrency : "r" + io.dime.sim.input.Units.plain(ratePerSecond);
        }
    }

    /**
     * @param rounds the levels run this many times in turn (c1, c4, r6, c1, c4, r6, ...), each time
     *               with its share of the level's requests and its own warm-up: on a machine whose
     *               speed drifts over the minutes a plan takes (a shared VM), every level then meets
     *               the machine at every speed, instead of the fit levels meeting one and the
     *               held-out levels another
     */
    public LoadPlan {
        promptTokens = List.copyOf(promptTokens);
        outputTokens = List.copyOf(outputTokens);
        levels = List.copyOf(levels);
    }

    /** The requests level {@code level} sends in round {@code round} (0-based): its requests shared out, the first rounds taking the remainder. */
    public int requestsIn(Level level, int round) {
        return level.requests() / rounds + (round < level.requests() % rounds ? 1 : 0);
    }

    public static LoadPlan load(Path file) {
        try {
            if (!Files.exists(file)) {
                throw new NoSuchFileException(file.toString());
            }
            return parse(io.dime.sim.input.InputFile.readYaml(file, "plan", problem -> new ScenarioException("", null, problem)));
        } catch (NoSuchFileException e) {
            throw new ScenarioException("", null, "no such plan file: " + file + "; accepted: a YAML file with a 'plan' section");
        }
    }

    public static LoadPlan parse(String text) {
        Obj root = Obj.of(YamlReader.read(text), "");
        Obj p = root.object("plan");
        String name = p.safeName("name");
        String endpoint = p.choice("endpoint", "completions", List.of("completions", "chat"), "endpoint");
        List<Integer> prompts = tokens(p, "prompt_tokens", 1, 100_000);
        List<Integer> outputs = tokens(p, "output_tokens", 1, 100_000);
        boolean exact = p.bool("exact_output", true);
        int warmup = (int) p.integer("warmup", 2, 0, 10_000);
        long seed = p.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        int rounds = (int) p.integer("rounds", 1, 1, 100);
        List<Level> levels = new ArrayList<>();
        List<Obj> items = p.objects("levels");
        if (items.isEmpty()) {
            throw p.error("levels", "no load levels; accepted: a list such as [{concurrency: 1, requests: 20}, {rate: 2/s, requests: 30}]");
        }
        List<String> labels = new ArrayList<>();
        for (Obj l : items) {
            boolean closed = l.has("concurrency");
            if (closed == l.has("rate")) {
                throw new ScenarioException(l.path(), l.mark(), "a level has either 'concurrency' (closed loop) or 'rate' (open loop, Poisson), not "
                        + (closed ? "both" : "neither") + "; accepted: {concurrency: 4, requests: 40} or {rate: 2/s, requests: 30}");
            }
            int concurrency = closed ? (int) l.integer("concurrency", 1, 1024) : 0;
            double rate = closed ? 0 : l.perSecond("rate", 1e-3, 10_000);
            int requests = (int) l.integer("requests", 1, 1_000_000);
            l.finish();
            Level level = new Level(concurrency, rate, requests);
            if (labels.contains(level.label())) {
                throw new ScenarioException(l.path(), l.mark(), "level " + level.label() + " appears twice; accepted: each concurrency or rate once");
            }
            labels.add(level.label());
            levels.add(level);
        }
        for (Obj l : items) {
            if (l.integer("requests", 1, 1_000_000) < rounds) {
                throw l.error("requests", "a level needs at least one request per round (rounds: " + rounds + "); accepted: requests >= rounds");
            }
        }
        p.finish();
        root.finish();
        return new LoadPlan(name, endpoint, prompts, outputs, exact, warmup, seed, rounds, levels);
    }

    private static List<Integer> tokens(Obj p, String key, int min, int max) {
        List<Integer> values = new ArrayList<>();
        if (!p.has(key)) {
            throw p.error(key, "missing; accepted: a token count or a list of them to draw from, such as [32, 128]");
        }
        YamlNode node = p.raw(key);
        List<YamlNode> items = node instanceof YamlNode.YList list ? list.items() : List.of(node);
        for (int i = 0; i < items.size(); i++) {
            String path = p.pathOf(key) + (node instanceof YamlNode.YList ? "[" + i + "]" : "");
            long v = Values.integer(Values.scalar(items.get(i), path, "a token count"), path);
            Values.inRange(v, min, max, path, items.get(i).mark());
            values.add((int) v);
        }
        if (values.isEmpty()) {
            throw p.error(key, "an empty list; accepted: at least one token count");
        }
        return values;
    }

    /** One line for the trace header. */
    public String describe() {
        StringBuilder s = new StringBuilder(name).append(": ");
        for (int i = 0; i < levels.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(levels.get(i).label()).append(" x ").append(levels.get(i).requests());
        }
        return s.append(String.format(Locale.ROOT, "; prompt_tokens %s; output_tokens %s%s; warmup %d per level%s; endpoint %s; seed %d",
                promptTokens, outputTokens, exactOutput ? " (exact)" : "", warmup, rounds > 1 ? " and round; " + rounds + " rounds" : "",
                endpoint, seed)).toString();
    }
}
