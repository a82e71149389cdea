package io.dime.sim.scenario;

import io.dime.sim.catalog.Catalog;
import io.dime.sim.catalog.Gpu;
import io.dime.sim.catalog.ModelShape;
import io.dime.sim.routing.Routers;
import io.dime.sim.scenario.Scenario.Arrival;
import io.dime.sim.scenario.Scenario.Market;
import io.dime.sim.scenario.Scenario.NodeGroup;
import io.dime.sim.scenario.Scenario.NodeKind;
import io.dime.sim.scenario.Scenario.RegionShare;
import io.dime.sim.scenario.Scenario.RequestClass;
import io.dime.sim.scenario.Scenario.Routing;
import io.dime.sim.scenario.Scenario.Slo;
import io.dime.sim.scenario.YamlNode.ScalarType;
import io.dime.sim.scenario.YamlNode.YMap;
import io.dime.sim.scenario.YamlNode.YScalar;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads a scenario file into a validated {@link Scenario}, with every default filled in. */
public final class ScenarioLoader {
    /** Upper bounds that catch typos (an extra zero or two) before they exhaust memory. */
    static final int MAX_NODES_PER_GROUP = 1_000_000;
    static final int MAX_SLOTS = 4096;
    static final int MAX_REPLICATIONS = 10_000;
    static final double MAX_DURATION_SECONDS = 366 * 86400.0;
    static final double MAX_RATE_PER_SECOND = 1e7;
    static final double MAX_TOKENS = 10_000_000;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final Catalog catalog;

    public ScenarioLoader(Catalog catalog) {
        this.catalog = catalog;
    }

    public ScenarioLoader() {
        this(Catalog.builtIn());
    }

    public Scenario load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ScenarioException("", null, "no such scenario file: " + file);
        } catch (MalformedInputException e) {
            throw new ScenarioException("", null, "the scenario file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new ScenarioException("", null, "cannot read " + file + ": " + e.getMessage());
        }
        return parse(text);
    }

    public Scenario parse(String text) {
        YamlNode document = YamlReader.read(text);
        if (document instanceof YScalar s && s.type() == ScalarType.NULL) {
            throw new ScenarioException("", new Mark(1, 1), "the scenario file is empty; expected a mapping with at least 'name', 'nodes' and 'workload'");
        }
        if (!(document instanceof YMap)) {
            throw new ScenarioException("", document.mark(), "a scenario is a mapping of keys (name, duration, nodes, workload, ...), found " + document.kindName());
        }
        Obj root = Obj.of(document, "");
        String name = name(root, "name");
        String description = root.string("description", "");
        long seed = root.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        double duration = root.seconds("duration", 3600, 1e-3, MAX_DURATION_SECONDS);
        double warmup = root.seconds("warmup", 0, 0, MAX_DURATION_SECONDS);
        if (warmup >= duration) {
            throw root.error("warmup", "warmup " + Units.formatSeconds(warmup) + " is not shorter than duration " + Units.formatSeconds(duration) + "; accepted: a warmup shorter than the duration");
        }
        int replications = (int) root.integer("replications", 3, 1, MAX_REPLICATIONS);

        List<String> regions = regions(root);
        Map<String, ModelShape> models = models(root);
        List<NodeGroup> nodes = nodes(root, models, regions);
        List<RequestClass> workload = workload(root, models, nodes);
        Routing routing = routing(root);
        Market market = market(root);
        root.finish();
        nodes = nodes.stream().map(g -> g.pricePerMTokUsd() >= 0 ? g : new NodeGroup(g.name(), g.kind(), g.count(), g.gpu(), g.model(),
                g.regions(), g.costPerHourUsd(), market.pricePerMTokUsd(), g.slots(), g.maxQueue(), g.service())).toList();

        List<ModelShape> usedModels = new ArrayList<>();
        for (ModelShape model : models.values()) {
            if (nodes.stream().anyMatch(n -> n.model().equals(model.name()))) {
                usedModels.add(model);
            }
        }
        if (regions.isEmpty()) {
            regions = new ArrayList<>();
            for (NodeGroup group : nodes) {
                for (RegionShare share : group.regions()) {
                    if (!regions.contains(share.region())) {
                        regions.add(share.region());
                    }
                }
            }
        }
        return new Scenario(name, description, seed, duration, warmup, replications, regions, usedModels, nodes, workload, routing, market);
    }

    private static String name(Obj obj, String key) {
        String value = obj.string(key);
        if (!NAME.matcher(value).matches()) {
            throw obj.error(key, "invalid name '" + value + "'; accepted: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 100 characters");
        }
        return value;
    }

    private List<String> regions(Obj root) {
        List<String> regions = new ArrayList<>();
        List<YamlNode> items = root.listOrEmpty("regions");
        for (int i = 0; i < items.size(); i++) {
            String path = root.pathOf("regions") + "[" + i + "]";
            YScalar s = Values.scalar(items.get(i), path, "a region name");
            regions.add(knownRegion(s.text(), path, s.mark()));
        }
        return regions;
    }

    private String knownRegion(String region, String path, Mark mark) {
        if (!catalog.regions().containsKey(region)) {
            throw new ScenarioException(path, mark, "unknown region '" + region + "'" + Obj.choices(region, catalog.regions().keySet(), "known"));
        }
        return region;
    }

    /** Catalog models, plus or overridden by the scenario's {@code models} list. */
    private Map<String, ModelShape> models(Obj root) {
        Map<String, ModelShape> models = new LinkedHashMap<>(catalog.models());
        Map<String, Obj> seen = new HashMap<>();
        if (!root.has("models")) {
            return models;
        }
        for (Obj m : root.objects("models")) {
            String name = name(m, "name");
            duplicate(seen, name, m, "model");
            ModelShape base = catalog.models().get(name);
            double params = base == null ? m.number("params", 1e6, 1e14) : m.number("params", base.params(), 1e6, 1e14);
            ModelShape shape = new ModelShape(
                    name,
                    params,
                    m.number("active_params", base == null ? params : Math.min(params, base.activeParams()), 1e6, params),
                    m.number("bytes_per_param", base == null ? 2 : base.bytesPerParam(), 0.125, 8),
                    (int) (base == null ? m.integer("layers", 1, 1000) : m.integer("layers", base.layers(), 1, 1000)),
                    (int) (base == null ? m.integer("hidden", 1, 1_000_000) : m.integer("hidden", base.hidden(), 1, 1_000_000)),
                    (int) (base == null ? m.integer("kv_heads", 1, 10_000) : m.integer("kv_heads", base.kvHeads(), 1, 10_000)),
                    (int) (base == null ? m.integer("head_dim", 1, 100_000) : m.integer("head_dim", base.headDim(), 1, 100_000)),
                    base == null ? "scenario" : base.source());
            m.finish();
            models.put(name, shape);
        }
        return models;
    }

    private List<NodeGroup> nodes(Obj root, Map<String, ModelShape> models, List<String> declaredRegions) {
        List<NodeGroup> groups = new ArrayList<>();
        Map<String, Obj> seen = new HashMap<>();
        List<Obj> items = root.objects("nodes");
        if (items.isEmpty()) {
            throw root.error("nodes", "the node list is empty; accepted: at least one node group");
        }
        for (Obj n : items) {
            String name = name(n, "name");
            duplicate(seen, name, n, "node group");
            NodeKind kind = NodeKind.valueOf(n.choice("kind", "decentralized", List.of("decentralized", "centralized"), "node kind").toUpperCase());
            int count = (int) n.integer("count", 1, 1, MAX_NODES_PER_GROUP);
            String gpuName = n.choice("gpu", null, catalog.gpus().keySet(), "GPU");
            Gpu gpu = catalog.gpus().get(gpuName);
            String model = n.has("model") || models.size() != 1
                    ? n.choice("model", null, models.keySet(), "model")
                    : models.keySet().iterator().next();
            List<RegionShare> regions = nodeRegions(n, declaredRegions);
            double costPerHour = n.number("cost_per_hour", gpu.pricePerHourUsd(), 0, 1e5);
            double pricePerMTok = n.number("price_per_mtok", -1, 0, 1e5);
            int slots = (int) n.integer("slots", 1, 1, MAX_SLOTS);
            int maxQueue = (int) n.integer("max_queue", 1000, 0, 10_000_000);
            Dist service = n.has("service") ? DistReader.read(n.raw("service"), n.pathOf("service"), true, MAX_DURATION_SECONDS) : null;
            n.finish();
            groups.add(new NodeGroup(name, kind, count, gpuName, model, regions, costPerHour, pricePerMTok, slots, maxQueue, service));
        }
        return groups;
    }

    private List<RegionShare> nodeRegions(Obj n, List<String> declaredRegions) {
        boolean single = n.has("region");
        boolean several = n.has("regions");
        if (single && several) {
            throw n.error("regions", "give either 'region' or 'regions', not both");
        }
        List<RegionShare> shares = new ArrayList<>();
        if (single) {
            String region = n.string("region");
            shares.add(new RegionShare(checkDeclared(knownRegion(region, n.pathOf("region"), n.markOf("region")), declaredRegions, n.pathOf("region"), n.markOf("region")), 1.0));
        } else if (several) {
            Obj map = n.object("regions");
            double total = 0;
            for (String region : map.keys()) {
                String path = map.pathOf(region);
                checkDeclared(knownRegion(region, path, map.markOf(region)), declaredRegions, path, map.markOf(region));
                double share = map.number(region, 0, 1e9);
                shares.add(new RegionShare(region, share));
                total += share;
            }
            if (shares.isEmpty() || total <= 0) {
                throw n.error("regions", "region shares must add up to more than 0; e.g. {us-east: 0.5, eu-west: 0.5}");
            }
            List<RegionShare> normalised = new ArrayList<>();
            for (RegionShare share : shares) {
                normalised.add(new RegionShare(share.region(), share.share() / total));
            }
            shares = normalised;
        } else {
            String region = declaredRegions.isEmpty() ? catalog.regions().keySet().iterator().next() : declaredRegions.get(0);
            shares.add(new RegionShare(region, 1.0));
        }
        return shares;
    }

    private static String checkDeclared(String region, List<String> declared, String path, Mark mark) {
        if (!declared.isEmpty() && !declared.contains(region)) {
            throw new ScenarioException(path, mark, "region '" + region + "' is not in the scenario's regions; declared: " + String.join(", ", declared));
        }
        return region;
    }

    private List<RequestClass> workload(Obj root, Map<String, ModelShape> models, List<NodeGroup> nodes) {
        List<RequestClass> classes = new ArrayList<>();
        Map<String, Obj> seen = new HashMap<>();
        List<Obj> items = root.objects("workload");
        if (items.isEmpty()) {
            throw root.error("workload", "the workload list is empty; accepted: at least one request class");
        }
        List<String> served = nodes.stream().map(NodeGroup::model).distinct().toList();
        for (Obj w : items) {
            String name = name(w, "name");
            duplicate(seen, name, w, "request class");
            String model = w.has("model") || served.size() != 1 ? w.choice("model", null, models.keySet(), "model") : served.get(0);
            if (!served.contains(model)) {
                throw w.error("model", "no node group serves model '" + model + "'; served: " + String.join(", ", served));
            }
            Obj a = w.object("arrival");
            String process = a.choice("process", "poisson", Arrival.PROCESSES, "arrival process");
            double rate = a.perSecond("rate", Double.MIN_VALUE, MAX_RATE_PER_SECOND);
            a.finish();
            Dist prompt = DistReader.read(w.raw("prompt_tokens"), w.pathOf("prompt_tokens"), false, MAX_TOKENS, 512);
            Dist output = DistReader.read(w.raw("output_tokens"), w.pathOf("output_tokens"), false, MAX_TOKENS, 200);
            Obj s = w.objectOrEmpty("slo");
            Slo slo = new Slo(s.seconds("ttft", 1.0, 0, MAX_DURATION_SECONDS), s.seconds("e2e", 30.0, 0, MAX_DURATION_SECONDS));
            s.finish();
            w.finish();
            classes.add(new RequestClass(name, model, new Arrival(process, rate), prompt, output, slo));
        }
        return classes;
    }

    private Routing routing(Obj root) {
        Obj r = root.objectOrEmpty("routing");
        String policy = r.choice("policy", "power-of-two", Routers.NAMES, "routing policy");
        r.finish();
        return new Routing(policy);
    }

    private Market market(Obj root) {
        Obj m = root.objectOrEmpty("market");
        String pricing = m.choice("pricing", "posted", Market.PRICING, "pricing");
        double price = m.number("price_per_mtok", 2.5, 0, 1e5);
        double fee = m.number("protocol_fee", 0.05, 0, 1);
        m.finish();
        return new Market(pricing, price, fee);
    }

    private static void duplicate(Map<String, Obj> seen, String name, Obj current, String what) {
        Obj first = seen.putIfAbsent(name, current);
        if (first != null) {
            throw current.error("name", "duplicate " + what + " name '" + name + "'; it is first used by " + first.path() + " on line " + first.markOf("name").line() + "; give each " + what + " its own name");
        }
    }
}
