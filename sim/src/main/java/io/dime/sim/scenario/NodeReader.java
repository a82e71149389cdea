package io.dime.sim.scenario;

import io.dime.sim.input.YamlNode;
import io.dime.sim.input.Obj;
import io.dime.sim.input.Values;
import io.dime.sim.input.ScenarioException;
import io.dime.sim.input.Dist;
import io.dime.sim.input.DistReader;
import io.dime.sim.catalog.Catalog;
import io.dime.sim.catalog.Gpu;
import io.dime.sim.catalog.ModelShape;
import io.dime.sim.live.LiveBackends;
import io.dime.sim.node.BatchingConfig;
import io.dime.sim.scenario.Scenario.Availability;
import io.dime.sim.scenario.Scenario.Backend;
import io.dime.sim.scenario.Scenario.Batching;
import io.dime.sim.scenario.Scenario.Engine;
import io.dime.sim.scenario.Scenario.Market;
import io.dime.sim.scenario.Scenario.NodeGroup;
import io.dime.sim.scenario.Scenario.NodeKind;
import io.dime.sim.scenario.Scenario.Profile;
import io.dime.sim.scenario.Scenario.Queue;
import io.dime.sim.scenario.Scenario.RegionShare;
import io.dime.sim.input.YamlNode.YScalar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Binds the {@code nodes:} list: hardware, engine settings, profile, availability, a live node's backend. */
final class NodeReader {
    /** Keys that configure a simulated engine or its churn, none of which a real server has. */
    private static final List<String> SIMULATED_ONLY = List.of("slots", "service", "max_batch", "max_batched_tokens",
            "chunked_prefill", "gpu_memory_utilization", "block_size", "profile", "availability", "supply");
    /** Backend keys the simulator reads itself; every other key is the backend type's own setting. */
    private static final List<String> BACKEND_KEYS = List.of("type", "slots", "timeout");
    private static final double DEFAULT_BACKEND_TIMEOUT_SECONDS = 60;

    private final ScenarioLoader loader;
    private final Catalog catalog;
    private final Map<String, ModelShape> models;
    private final List<String> declaredRegions;
    private final Market market;
    private final Path baseDir;
    private final boolean hasToken;
    private final LiveBackends liveBackends;

    NodeReader(ScenarioLoader loader, Catalog catalog, Map<String, ModelShape> models, List<String> declaredRegions, Market market, Path baseDir,
            boolean hasToken, LiveBackends liveBackends) {
        this.hasToken = hasToken;
        this.liveBackends = liveBackends;
        this.loader = loader;
        this.catalog = catalog;
        this.models = models;
        this.declaredRegions = declaredRegions;
        this.market = market;
        this.baseDir = baseDir;
    }

    List<NodeGroup> read(Obj root) {
        List<NodeGroup> groups = new ArrayList<>();
        Map<String, Obj> seen = new HashMap<>();
        List<Obj> items = root.objects("nodes");
        if (items.isEmpty()) {
            throw root.error("nodes", "the node list is empty; accepted: at least one node group");
        }
        for (Obj n : items) {
            groups.add(group(n, seen));
        }
        return groups;
    }

    private NodeGroup group(Obj n, Map<String, Obj> seen) {
        String name = ScenarioLoader.name(n, "name");
        ScenarioLoader.duplicate(seen, name, n, "node group");
        NodeKind kind = NodeKind.valueOf(n.choice("kind", "decentralized", List.of("decentralized", "centralized"), "node kind").toUpperCase(Locale.ROOT));
        int count = (int) n.integer("count", 1, 1, ScenarioLoader.MAX_NODES_PER_GROUP);
        String gpuName = n.choice("gpu", null, catalog.gpus().keySet(), "GPU");
        Gpu gpu = catalog.gpus().get(gpuName);
        String model = n.has("model") || models.size() != 1
                ? n.choice("model", null, models.keySet(), "model")
                : models.keySet().iterator().next();
        List<RegionShare> regions = loader.regionShares(n, declaredRegions, "the nodes");
        int tensorParallel = (int) n.integer("tensor_parallel", 1, 1, 64);
        ModelShape shape = models.get(model);
        double defaultHopBytes = shape.hidden() * shape.bytesPerParam();
        double[] pipeline = pipeline(n, defaultHopBytes);
        int stages = (int) pipeline[0];
        Engine engine = engine(n);
        if (engine == Engine.LIVE) {
            checkLive(n, count);
        }
        double costPerHour = n.number("cost_per_hour", gpu.pricePerHourUsd() * tensorParallel * stages, 0, 1e6);
        checkPricingKeys(n, kind);
        Backend backend = engine == Engine.LIVE ? backend(n) : null;
        Profile profile = n.has("profile") ? profile(n, model) : null;
        Batching batching = engine == Engine.BATCHING ? batchingOnly(n, profile) : null;
        Queue queue = engine == Engine.QUEUE ? queue(n) : null;
        Availability availability = availability(n);
        NodeGroup.Offer offer = offer(n, costPerHour);
        SupplySpec supply = supply(n, count);
        // USD per GB the group's nodes send out: answers streamed to users, a pipeline's activations
        // between its stages. Inbound (prompts) is free at the clouds; a home uplink has no meter.
        double egressPerGb = n.number("egress_per_gb", 0, 0, 100);
        NodeGroup group = new NodeGroup(name, kind, engine, count, gpuName, model, regions, costPerHour,
                tensorParallel, stages, pipeline[1], batching, queue, profile, availability, offer, supply, backend, egressPerGb);
        if (engine == Engine.BATCHING) {
            checkFits(n, group, gpu, models.get(model));
        }
        n.finish();
        return group;
    }

    /** The time-priced markets' keys (per hour) only under those markets. */
    /**
     * What the group's operators ask, in the terms of the market's pricing: per 1M tokens
     * (posted, asks, auctions), a lease's price per hour, or a job market's price per job-hour and
     * its timeout. Each by default what the group charges or what its GPUs cost.
     */
    private NodeGroup.Offer offer(Obj n, double costPerHour) {
        if (market.leases()) {
            return new NodeGroup.LeaseAsk(n.number("ask_per_hour", costPerHour, 0, 1e6), n.number("ask_spread", 0, 0, 1));
        }
        if (market.jobMarkets()) {
            return new NodeGroup.JobPrice(n.number("price_per_hour", costPerHour, 0, 1e6),
                    n.seconds("job_timeout", market.jobMarket().timeoutSeconds(), 1e-3, ScenarioLoader.MAX_DURATION_SECONDS));
        }
        double pricePerMTok = n.number("price_per_mtok", market.pricePerMTok(), 0, 1e5);
        double ask = n.number("ask_per_mtok", pricePerMTok, 0, 1e9);
        double askSpread = n.number("ask_spread", 0, 0, 1);
        double askCap = !n.has("ask_cap_per_mtok") || "none".equals(n.string("ask_cap_per_mtok", ""))
                ? Double.POSITIVE_INFINITY : n.number("ask_cap_per_mtok", 0, 1e9);
        return new NodeGroup.TokenAsk(pricePerMTok, ask, askSpread, askCap);
    }

    private void checkPricingKeys(Obj n, NodeKind kind) {
        if (market.timePriced()) {
            checkTimePriced(n, kind);
        } else {
            for (String key : List.of("ask_per_hour", "price_per_hour", "job_timeout")) {
                if (n.has(key)) {
                    throw n.error(key, "'" + key + "' applies only with market.pricing: " + (key.equals("ask_per_hour") ? "lease" : "job-market")
                            + "; found pricing '" + market.pricing() + "'");
                }
            }
        }
    }

    /** A batching node's settings; the fixed-slot queue's keys do not apply to it. */
    private Batching batchingOnly(Obj n, Profile profile) {
        for (String queueOnly : List.of("slots", "service")) {
            if (n.has(queueOnly)) {
                throw n.error(queueOnly, "'" + queueOnly + "' belongs to engine: queue; a batching node sizes its batch with max_batch and its KV cache");
            }
        }
        return batching(n, profile);
    }

    /** The fixed-slot engine: slots, a queue bound, and optionally a service-time distribution. */
    private Queue queue(Obj n) {
        int slots = (int) n.integer("slots", 1, 1, ScenarioLoader.MAX_SLOTS);
        int maxQueue = (int) n.integer("max_queue", 1000, 0, 10_000_000);
        Dist service = n.has("service") ? DistReader.read(n.raw("service"), n.pathOf("service"), true, ScenarioLoader.MAX_DURATION_SECONDS) : null;
        return new Queue(slots, maxQueue, service);
    }

    /** A calibrated profile, measured with the group's model. */
    private Profile profile(Obj n, String model) {
        Profile profile = ProfileReader.read(n.string("profile"), baseDir, n.pathOf("profile"), n.markOf("profile"));
        if (!profile.model().isEmpty() && !profile.model().equals(model)) {
            throw n.error("profile", "profile " + profile.file() + " was measured with model '" + profile.model() + "', but this group serves '" + model + "'; accepted: a profile of the same model");
        }
        return profile;
    }

    /**
     * Leases and jobs rent whole decentralized nodes for time: per-token prices do not apply,
     * nor do centralized providers (paid per token beside the network), nor the other market's keys.
     */
    private void checkTimePriced(Obj n, NodeKind kind) {
        String pricing = market.pricing();
        String timeKey = market.leases() ? "ask_per_hour" : "price_per_hour";
        if (kind == NodeKind.CENTRALIZED) {
            throw n.error("kind", "with pricing '" + pricing + "' every node group is part of the decentralized market (centralized providers"
                    + " are paid per token); accepted: kind: decentralized, or compare the provider in its own scenario or league");
        }
        for (String key : List.of("price_per_mtok", "ask_per_mtok", "ask_cap_per_mtok")) {
            if (n.has(key)) {
                throw n.error(key, "pricing '" + pricing + "' charges for time on whole nodes, not per token; accepted: " + timeKey
                        + " (USD per hour); remove '" + key + "'");
            }
        }
        List<String> otherKeys = market.leases() ? List.of("price_per_hour", "job_timeout") : List.of("ask_per_hour", "ask_spread");
        for (String key : otherKeys) {
            if (n.has(key)) {
                throw n.error(key, "'" + key + "' does not apply with pricing '" + pricing + "'"
                        + (market.leases() ? " (it belongs to job-market)" : key.equals("ask_spread")
                                ? " (a job market posts one price per GPU class: price_per_hour)" : " (it belongs to lease)")
                        + "; accepted: " + timeKey);
            }
        }
    }

    /** {@code batching} unless queue keys say {@code queue}; {@code live} exactly when there is a backend. */
    private static Engine engine(Obj n) {
        boolean backend = n.has("backend");
        String fallback = backend ? "live" : n.has("service") || n.has("slots") ? "queue" : "batching";
        Engine engine = Engine.valueOf(n.choice("engine", fallback, List.of("batching", "queue", "live"), "engine").toUpperCase(Locale.ROOT));
        if (backend && engine != Engine.LIVE) {
            throw n.error("engine", "a node group with a backend is served by its real server, not by the " + engine.key()
                    + " model; accepted: engine: live, or no engine key");
        }
        if (!backend && engine == Engine.LIVE) {
            throw n.error("engine", "engine: live needs a backend section naming the real server; e.g. backend: {type: openai, url: http://127.0.0.1:8080}");
        }
        return engine;
    }

    /** A live group is one real server, and none of the simulated engines' or churn's keys apply to it. */
    private static void checkLive(Obj n, int count) {
        if (count != 1) {
            throw n.error("count", "a node group with a backend is one real server, found count " + count
                    + "; accepted: count: 1 (give each server its own group)");
        }
        for (String key : SIMULATED_ONLY) {
            if (n.has(key)) {
                String why = switch (key) {
                    case "availability" -> "availability (churn) does not apply to a live node: its real server is up, or fails requests, by itself";
                    case "supply" -> "a live node is one real server that does not join or leave the market";
                    default -> "'" + key + "' configures a simulated engine, and a node with a backend is served by its real server";
                };
                throw n.error(key, why + "; accepted: remove '" + key + "'"
                        + (key.equals("slots") ? " (a live node's concurrency is backend.slots)" : ""));
            }
        }
    }

    /**
     * {@code backend: {type, slots, timeout, ...}}: the type must be on the class path; slots
     * and timeout are the simulator's; every other key is text for the type's factory.
     */
    private Backend backend(Obj n) {
        Obj b = n.object("backend");
        String type = b.string("type");
        if (!liveBackends.has(type)) {
            List<String> types = liveBackends.types();
            throw b.error("type", LiveBackends.missingType(type)
                    + (types.isEmpty() ? "; available: " + liveBackends.available() : Obj.choices(type, types, "available")));
        }
        int slots = (int) b.integer("slots", 1, 1, ScenarioLoader.MAX_SLOTS);
        double timeout = b.seconds("timeout", DEFAULT_BACKEND_TIMEOUT_SECONDS, 1e-3, ScenarioLoader.MAX_DURATION_SECONDS);
        Map<String, String> settings = new LinkedHashMap<>();
        for (String key : b.keys()) {
            if (BACKEND_KEYS.contains(key)) {
                continue;
            }
            if (key.equals("api_key")) {
                // The resolved scenario is copied into every run folder; a secret must not be.
                throw b.error(key, "a key written in the scenario would be copied into the run folder; accepted: the name of an environment"
                        + " variable that holds it, e.g. api_key_env: DIME_API_KEY");
            }
            YScalar value = Values.scalar(b.raw(key), b.pathOf(key), "text (a setting of backend type '" + type + "')");
            settings.put(key, value.text());
        }
        b.finish();
        int maxQueue = (int) n.integer("max_queue", 1000, 0, 10_000_000);
        Backend backend = new Backend(type, slots, maxQueue, timeout, settings);
        try {
            liveBackends.check(type, backend.factorySettings());
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(b.path(), b.mark(), "backend type '" + type + "' refuses these settings: " + e.getMessage());
        }
        return backend;
    }

    private SupplySpec supply(Obj n, int count) {
        if (!n.has("supply")) {
            return null;
        }
        if (!hasToken) {
            throw n.error("supply", "operators join and leave on profit only in a token economy; add a 'token' section or remove 'supply'");
        }
        Obj s = n.object("supply");
        int initial = (int) s.integer("initial", count, 0, count);
        SupplySpec spec = new SupplySpec(initial,
                s.number("join_threshold", 0, -1e6, 1e6),
                s.seconds("window", 6 * 3600.0, 1, ScenarioLoader.MAX_DURATION_SECONDS),
                s.seconds("onboarding", 6 * 3600.0, 0, ScenarioLoader.MAX_DURATION_SECONDS),
                (int) s.integer("join_step", Math.max(1, count / 20), 1, count),
                s.seconds("leave_after", 86400.0, 1, ScenarioLoader.MAX_DURATION_SECONDS));
        s.finish();
        return spec;
    }

    /**
     * {@code pipeline: {stages, hop_bytes_per_token}}: the stages, and the bytes each hop between
     * two of them carries per token (by default the model's hidden size at its bytes per parameter,
     * the activations a stage hands on).
     */
    private static double[] pipeline(Obj n, double defaultHopBytes) {
        if (!n.has("pipeline")) {
            return new double[] {1, defaultHopBytes};
        }
        Obj p = n.object("pipeline");
        int stages = (int) p.integer("stages", 1, 64);
        double hopBytes = p.number("hop_bytes_per_token", defaultHopBytes, 1, 1e9);
        p.finish();
        return new double[] {stages, hopBytes};
    }

    /**
     * A batching node's scheduler settings. A calibrated profile that says how its engine builds a
     * step (its {@code batching:} section) sets the defaults of {@code chunked_prefill} and
     * {@code max_batched_tokens}; keys the group gives itself win.
     */
    private Batching batching(Obj n, Profile profile) {
        long tokens = profile != null && profile.maxBatchedTokens() > 0 ? profile.maxBatchedTokens()
                : (long) catalog.constant("serving.max_batched_tokens");
        boolean chunked = profile != null && profile.chunkedPrefill() != null ? profile.chunkedPrefill() : false;
        return new Batching(
                (int) n.integer("max_batch", (long) catalog.constant("serving.max_batch"), 1, 100_000),
                (int) n.integer("max_batched_tokens", tokens, 16, 10_000_000),
                n.bool("chunked_prefill", chunked),
                n.number("gpu_memory_utilization", catalog.constant("serving.gpu_memory_utilization"), 0.05, 1.0),
                (int) n.integer("block_size", (long) catalog.constant("serving.kv_block_tokens"), 1, 1024),
                (int) n.integer("max_queue", 1000, 0, 10_000_000));
    }

    /** A model whose weights leave no room for a KV cache is a located error, not a run that serves nothing. */
    private void checkFits(Obj n, NodeGroup group, Gpu gpu, ModelShape model) {
        if (group.profile() != null && group.profile().kvCapacityTokens() > 0) {
            return;
        }
        long tokens = kvCapacityTokens(group, gpu, model, catalog);
        long minimum = 2048;
        if (tokens < minimum) {
            double memoryGb = gpu.memoryBytes() * group.gpusPerNode() / 1e9;
            int needed = 2;
            while (needed < 1024 && BatchingConfig.kvCapacityTokens(gpu, model, needed, group.batching().gpuMemoryUtilization(),
                    catalog.constant("serving.activation_reserve_fraction")) < minimum) {
                needed++;
            }
            throw n.error("gpu", String.format(Locale.ROOT,
                    "%s (%.0f GB of weights) leaves no room for a KV cache of %d tokens on %d x %s (%.0f GB); accepted: more GPUs per node"
                            + " (tensor_parallel or pipeline: {stages: N}, about %d in all), a larger GPU, or fewer bytes_per_param",
                    model.name(), model.weightBytes() / 1e9, minimum, group.gpusPerNode(), gpu.name(), memoryGb, Math.max(2, needed)));
        }
    }

    static long kvCapacityTokens(NodeGroup group, Gpu gpu, ModelShape model, Catalog catalog) {
        return BatchingConfig.kvCapacityTokens(gpu, model, group.gpusPerNode(), group.batching().gpuMemoryUtilization(),
                catalog.constant("serving.activation_reserve_fraction"));
    }

    private Availability availability(Obj n) {
        if (!n.has("availability")) {
            return Availability.ALWAYS;
        }
        Obj a = n.object("availability");
        double mtbf = Double.POSITIVE_INFINITY;
        double mttr = 0;
        if (a.has("mtbf") || a.has("mttr")) {
            mtbf = a.seconds("mtbf", 1, ScenarioLoader.MAX_DURATION_SECONDS);
            mttr = a.seconds("mttr", 1e-3, ScenarioLoader.MAX_DURATION_SECONDS);
        }
        List<Double> daily = new ArrayList<>();
        if (a.has("daily")) {
            List<YamlNode> hours = a.list("daily");
            if (hours.size() != 24) {
                throw a.error("daily", "expected 24 values (share of nodes online in each local hour, 0:00 to 23:00), found " + hours.size());
            }
            for (int h = 0; h < 24; h++) {
                String path = a.pathOf("daily") + "[" + h + "]";
                YScalar value = Values.scalar(hours.get(h), path, "a share from 0 to 1");
                daily.add(Values.inRange(Values.number(value, path), 0, 1, path, value.mark()));
            }
        }
        a.finish();
        return new Availability(mtbf, mttr, daily);
    }
}
