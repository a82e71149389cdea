package io.dime.sim.scenario;

import io.dime.sim.input.YamlReader;
import io.dime.sim.input.YamlNode;
import io.dime.sim.input.Mark;
import io.dime.sim.input.Obj;
import io.dime.sim.input.Values;
import io.dime.sim.input.Units;
import io.dime.sim.input.InputFile;
import io.dime.sim.input.ScenarioException;
import io.dime.sim.input.Dist;
import io.dime.sim.input.DistReader;
import io.dime.sim.workload.ArrivalSpec;
import io.dime.sim.catalog.Catalog;
import io.dime.sim.catalog.ModelShape;
import io.dime.sim.live.LiveBackends;
import io.dime.sim.routing.Routers;
import io.dime.sim.network.NetworkReader;
import io.dime.sim.network.NetworkSpec;
import io.dime.sim.scenario.Scenario.Market;
import io.dime.sim.scenario.Scenario.NodeGroup;
import io.dime.sim.scenario.Scenario.Output;
import io.dime.sim.scenario.Scenario.RegionShare;
import io.dime.sim.scenario.Scenario.RequestClass;
import io.dime.sim.scenario.Scenario.Routing;
import io.dime.sim.scenario.Scenario.Slo;
import io.dime.sim.input.YamlNode.ScalarType;
import io.dime.sim.input.YamlNode.YMap;
import io.dime.sim.input.YamlNode.YScalar;
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
    public static final int MAX_CLOSED_LOOP_CLIENTS = 1_000_000;
    static final int MAX_NODES_PER_GROUP = 1_000_000;
    static final int MAX_SLOTS = 4096;
    static final int MAX_REPLICATIONS = 10_000;
    static final double MAX_DURATION_SECONDS = 366 * 86400.0;
    static final double MAX_RATE_PER_SECOND = 1e7;
    static final double MAX_TOKENS = 10_000_000;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final Catalog catalog;
    private final LiveBackends liveBackends;

    public ScenarioLoader(Catalog catalog) {
        this(catalog, LiveBackends.discover());
    }

    /** A loader that knows the live backend types {@code liveBackends} lists (by default, those on the class path). */
    public ScenarioLoader(Catalog catalog, LiveBackends liveBackends) {
        this.catalog = catalog;
        this.liveBackends = liveBackends;
    }

    public ScenarioLoader() {
        this(Catalog.builtIn());
    }

    public Scenario load(Path file) {
        String text = InputFile.readYaml(file, "scenario", problem -> new ScenarioException("", null, problem));
        return parse(text, file.toAbsolutePath().getParent());
    }

    /** Parses scenario text; relative file names (profiles, traces) resolve against the working directory. */
    public Scenario parse(String text) {
        return parse(text, null);
    }

    /** Parses scenario text whose relative file names resolve against {@code baseDir}. */
    public Scenario parse(String text, Path baseDir) {
        Obj root = root(text);
        String name = name(root, "name");
        String description = root.string("description", "");
        long seed = root.integer("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        double duration = root.seconds("duration", 3600, 1e-3, MAX_DURATION_SECONDS);
        double warmup = root.seconds("warmup", 0, 0, MAX_DURATION_SECONDS);
        if (warmup >= duration) {
            throw root.error("warmup", "warmup " + Units.formatSeconds(warmup) + " is not shorter than duration " + Units.formatSeconds(duration) + "; accepted: a warmup shorter than the duration");
        }
        int replications = (int) root.integer("replications", 3, 1, MAX_REPLICATIONS);

        List<String> declaredRegions = regions(root);
        Map<String, ModelShape> models = models(root);
        Market market = MarketReader.read(root);
        List<NodeGroup> nodes = new NodeReader(this, catalog, models, declaredRegions, market, baseDir, root.has("token"), liveBackends).read(root);
        if (nodes.stream().anyMatch(g -> g.backend() != null)) {
            // Real servers answer once, in real time: a second replication would be another
            // measurement, not an independent draw of the same model. So one, and said so.
            if (root.has("replications") && replications != 1) {
                throw root.error("replications", "a scenario with live nodes (a backend section) runs exactly one replication, in real time;"
                        + " accepted: replications: 1, or no replications key");
            }
            replications = 1;
        }
        if (market.leases()) {
            RoutingReader.checkLeasesCanBeWon(root, market, nodes);
        }
        List<RequestClass> workload = workload(root, models, nodes, declaredRegions, baseDir);
        Routing routing = RoutingReader.routing(root, market);
        int operatorNodesAtStart = nodes.stream().filter(g -> g.kind() == Scenario.NodeKind.DECENTRALIZED)
                .mapToInt(g -> g.supply() == null ? g.count() : g.supply().initial()).sum();
        int operatorNodes = nodes.stream().filter(g -> g.kind() == Scenario.NodeKind.DECENTRALIZED).mapToInt(NodeGroup::count).sum();
        TokenSpec token = root.has("token") ? TokenReader.token(root.object("token"), catalog, operatorNodesAtStart, operatorNodes) : null;
        DemandSpec demand = root.has("demand") ? demand(root, market, token, workload) : null;
        Output output = output(root);
        List<VerificationSpec> verification = root.has("verification")
                ? VerificationReader.read(root.object("verification"), catalog) : List.of(VerificationSpec.none());
        List<VerificationSpec.Adversary> adversaries = VerificationReader.adversaries(root, nodes);

        List<String> regions = allRegions(declaredRegions, nodes, workload);
        NetworkSpec network = NetworkReader.read(root.objectOrEmpty("network"), catalog, regions);
        root.finish();

        List<ModelShape> usedModels = usedModels(models, nodes);
        return new Scenario(name, description, seed, duration, warmup, replications, regions, usedModels, network, nodes, workload, routing, market, token, demand, output,
                verification, adversaries);
    }

    /** The document's top-level mapping; an empty file or another kind of document is a located error. */
    private static Obj root(String text) {
        YamlNode document = YamlReader.read(text);
        if (document instanceof YScalar s && s.type() == ScalarType.NULL) {
            throw new ScenarioException("", new Mark(1, 1), "the scenario file is empty; expected a mapping with at least 'name', 'nodes' and 'workload'");
        }
        if (!(document instanceof YMap)) {
            throw new ScenarioException("", document.mark(), "a scenario is a mapping of keys (name, duration, nodes, workload, ...), found " + document.kindName());
        }
        return Obj.of(document, "");
    }

    /**
     * {@code demand:} answers a per-token price in a token economy, from open-loop users; its
     * reference price is the market's price per 1M tokens in USD.
     */
    private static DemandSpec demand(Obj root, Market market, TokenSpec token, List<RequestClass> workload) {
        if (market.timePriced()) {
            throw root.error("demand", "demand answers a per-token price in a token economy, and pricing '" + market.pricing()
                    + "' charges for time outside one; accepted: no demand section, or another pricing with a token section");
        }
        if (token == null) {
            throw root.error("demand", "demand answers the token-denominated price of a token economy, and this scenario has no token section,"
                    + " so the demand section would be ignored; accepted: a token section beside demand, or no demand section");
        }
        for (RequestClass requestClass : workload) {
            if (requestClass.arrival() instanceof ArrivalSpec.Closed) {
                throw root.error("demand", "request class '" + requestClass.name() + "' is a closed loop (a fixed number of clients),"
                        + " and demand changes how many users come; accepted: open-loop arrivals (poisson, gamma, ...) with a demand section,"
                        + " or no demand section");
            }
        }
        return TokenReader.demand(root.object("demand"), market.pricePerMTok() * token.initialPriceUsd());
    }

    /** The declared regions, then every other region a node group or request class uses, in order of first use. */
    private static List<String> allRegions(List<String> declaredRegions, List<NodeGroup> nodes, List<RequestClass> workload) {
        List<String> regions = new ArrayList<>(declaredRegions);
        for (NodeGroup group : nodes) {
            addRegions(regions, group.regions());
        }
        for (RequestClass requestClass : workload) {
            addRegions(regions, requestClass.regions());
        }
        return regions;
    }

    /** The models some node group serves, in declaration order. */
    private static List<ModelShape> usedModels(Map<String, ModelShape> models, List<NodeGroup> nodes) {
        List<ModelShape> usedModels = new ArrayList<>();
        for (ModelShape model : models.values()) {
            if (nodes.stream().anyMatch(n -> n.model().equals(model.name()))) {
                usedModels.add(model);
            }
        }
        return usedModels;
    }

    private static void addRegions(List<String> regions, List<RegionShare> shares) {
        for (RegionShare share : shares) {
            if (!regions.contains(share.region())) {
                regions.add(share.region());
            }
        }
    }

    static String name(Obj obj, String key) {
        String value = obj.string(key);
        if (!NAME.matcher(value).matches()) {
            throw obj.error(key, "invalid name '" + value + "'; accepted: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 100 characters");
        }
        return value;
    }

    private List<String> regions(Obj root) {
        List<String> regions = new ArrayList<>();
        List<YamlNode> items = root.listOrEmpty("regions");
        if (root.has("regions") && items.isEmpty()) {
            throw root.error("regions", "the regions list is empty; accepted: at least one region, e.g. [us-east], or leave the key out to use the nodes' regions");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String path = root.pathOf("regions") + "[" + i + "]";
            YScalar s = Values.scalar(items.get(i), path, "a region name");
            Integer first = seen.putIfAbsent(s.text(), i);
            if (first != null) {
                throw new ScenarioException(path, s.mark(), "region '" + s.text() + "' is listed twice (first as regions[" + first + "]); give each region once");
            }
            regions.add(knownRegion(s.text(), path, s.mark()));
        }
        return regions;
    }

    String knownRegion(String region, String path, Mark mark) {
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

    private List<RequestClass> workload(Obj root, Map<String, ModelShape> models, List<NodeGroup> nodes, List<String> declaredRegions, Path baseDir) {
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
            ArrivalSpec arrival = ArrivalReader.read(w.object("arrival"), baseDir);
            Dist prompt = DistReader.read(w.raw("prompt_tokens"), w.pathOf("prompt_tokens"), false, MAX_TOKENS, 512);
            Dist output = DistReader.read(w.raw("output_tokens"), w.pathOf("output_tokens"), false, MAX_TOKENS, 200);
            List<RegionShare> regions = regionShares(w, declaredRegions, "the clients");
            List<String> groups = servingGroups(w, model, nodes);
            Obj s = w.objectOrEmpty("slo");
            Slo slo = new Slo(s.seconds("ttft", 1.0, 0, MAX_DURATION_SECONDS), s.seconds("e2e", 30.0, 0, MAX_DURATION_SECONDS));
            s.finish();
            double timeout = timeout(w);
            w.finish();
            classes.add(new RequestClass(name, model, arrival, prompt, output, regions, groups, slo, timeout));
        }
        return classes;
    }

    /** The node groups that may serve a class: those named, or every group serving its model. */
    private static List<String> servingGroups(Obj w, String model, List<NodeGroup> nodes) {
        List<String> serving = nodes.stream().filter(g -> g.model().equals(model)).map(NodeGroup::name).toList();
        if (!w.has("nodes")) {
            return serving;
        }
        List<String> all = nodes.stream().map(NodeGroup::name).toList();
        List<String> chosen = new ArrayList<>();
        List<YamlNode> items = w.list("nodes");
        for (int i = 0; i < items.size(); i++) {
            String path = w.pathOf("nodes") + "[" + i + "]";
            YScalar item = Values.scalar(items.get(i), path, "a node group name");
            String group = item.text();
            if (!all.contains(group)) {
                throw new ScenarioException(path, item.mark(), "unknown node group '" + group + "'" + Obj.choices(group, all, "known"));
            }
            if (!serving.contains(group)) {
                throw new ScenarioException(path, item.mark(), "node group '" + group + "' does not serve model '" + model + "'; serving it: " + String.join(", ", serving));
            }
            if (!chosen.contains(group)) {
                chosen.add(group);
            }
        }
        if (chosen.isEmpty()) {
            throw w.error("nodes", "the list of node groups is empty; accepted: at least one of " + String.join(", ", serving));
        }
        return chosen;
    }

    private static double timeout(Obj w) {
        if (!w.has("timeout") || (w.raw("timeout") instanceof YScalar t && t.text().equals("none"))) {
            return Double.POSITIVE_INFINITY;
        }
        return w.seconds("timeout", 1e-3, MAX_DURATION_SECONDS);
    }

    /**
     * {@code region: NAME} or {@code regions: {NAME: share, ...}}, checked against the catalog
     * and the scenario's declared regions; shares are normalised to sum to 1.
     */
    List<RegionShare> regionShares(Obj n, List<String> declaredRegions, String who) {
        boolean single = n.has("region");
        boolean several = n.has("regions");
        if (single && several) {
            throw n.error("regions", "give either 'region' or 'regions', not both");
        }
        List<RegionShare> shares = new ArrayList<>();
        if (single) {
            String region = n.string("region");
            checkDeclared(knownRegion(region, n.pathOf("region"), n.markOf("region")), declaredRegions, n.pathOf("region"), n.markOf("region"));
            shares.add(new RegionShare(region, 1.0));
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
                throw n.error("regions", "shares of " + who + " must add up to more than 0; e.g. {us-east: 0.5, eu-west: 0.5}");
            }
            if (Math.abs(total - 1) > 1e-9) { // shares that already add up stay exactly as written
                List<RegionShare> normalised = new ArrayList<>();
                for (RegionShare share : shares) {
                    normalised.add(new RegionShare(share.region(), share.share() / total));
                }
                shares = normalised;
            }
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

    private static Output output(Obj root) {
        Obj o = root.objectOrEmpty("output");
        double sample = o.number("requests_sample", 0.01, 0, 1);
        int maxRows = (int) o.integer("max_request_rows", 100_000, 0, 100_000_000);
        o.finish();
        return new Output(sample, maxRows);
    }

    static void duplicate(Map<String, Obj> seen, String name, Obj current, String what) {
        Obj first = seen.putIfAbsent(name, current);
        if (first != null) {
            throw current.error("name", "duplicate " + what + " name '" + name + "'; it is first used by " + first.path() + " on line " + first.markOf("name").line() + "; give each " + what + " its own name");
        }
    }
}
