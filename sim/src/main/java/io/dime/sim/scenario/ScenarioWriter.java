package io.dime.sim.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.dime.sim.catalog.ModelShape;
import io.dime.sim.scenario.Scenario.NodeGroup;
import io.dime.sim.scenario.Scenario.RegionShare;
import io.dime.sim.scenario.Scenario.RequestClass;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a scenario back as YAML with every default spelled out ({@code scenario.resolved.yaml}).
 * Reading the output again gives an equal scenario.
 */
public final class ScenarioWriter {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    private ScenarioWriter() {
    }

    public static String toYaml(Scenario s) {
        try {
            return YAML.writeValueAsString(toMap(s));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Map<String, Object> toMap(Scenario s) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("name", s.name());
        if (!s.description().isEmpty()) {
            root.put("description", s.description());
        }
        root.put("seed", s.seed());
        root.put("duration", Units.formatSeconds(s.durationSeconds()));
        root.put("warmup", Units.formatSeconds(s.warmupSeconds()));
        root.put("replications", s.replications());
        root.put("regions", s.regions());
        List<Object> models = new ArrayList<>();
        for (ModelShape m : s.models()) {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("name", m.name());
            model.put("params", m.params());
            model.put("active_params", m.activeParams());
            model.put("bytes_per_param", m.bytesPerParam());
            model.put("layers", m.layers());
            model.put("hidden", m.hidden());
            model.put("kv_heads", m.kvHeads());
            model.put("head_dim", m.headDim());
            models.add(model);
        }
        root.put("models", models);
        List<Object> nodes = new ArrayList<>();
        for (NodeGroup g : s.nodes()) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("name", g.name());
            node.put("kind", g.kind().key());
            node.put("count", g.count());
            node.put("gpu", g.gpu());
            node.put("model", g.model());
            Map<String, Object> regions = new LinkedHashMap<>();
            for (RegionShare share : g.regions()) {
                regions.put(share.region(), share.share());
            }
            node.put("regions", regions);
            node.put("cost_per_hour", g.costPerHourUsd());
            node.put("price_per_mtok", g.pricePerMTokUsd());
            node.put("slots", g.slots());
            node.put("max_queue", g.maxQueue());
            if (g.service() != null) {
                node.put("service", g.service().describe(true));
            }
            nodes.add(node);
        }
        root.put("nodes", nodes);
        List<Object> workload = new ArrayList<>();
        for (RequestClass c : s.workload()) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("name", c.name());
            w.put("model", c.model());
            Map<String, Object> arrival = new LinkedHashMap<>();
            arrival.put("process", c.arrival().process());
            arrival.put("rate", Units.formatPerSecond(c.arrival().ratePerSecond()));
            w.put("arrival", arrival);
            w.put("prompt_tokens", c.promptTokens().describe(false));
            w.put("output_tokens", c.outputTokens().describe(false));
            Map<String, Object> slo = new LinkedHashMap<>();
            slo.put("ttft", Units.formatSeconds(c.slo().ttftSeconds()));
            slo.put("e2e", Units.formatSeconds(c.slo().e2eSeconds()));
            w.put("slo", slo);
            workload.add(w);
        }
        root.put("workload", workload);
        root.put("routing", Map.of("policy", s.routing().policy()));
        Map<String, Object> market = new LinkedHashMap<>();
        market.put("pricing", s.market().pricing());
        market.put("price_per_mtok", s.market().pricePerMTokUsd());
        market.put("protocol_fee", s.market().protocolFee());
        root.put("market", market);
        return root;
    }
}
