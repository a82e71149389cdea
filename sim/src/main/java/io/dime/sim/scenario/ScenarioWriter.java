package io.dime.sim.scenario;

import io.dime.sim.input.Units;
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
        root.put("models", models(s));
        root.put("network", s.network().describe());
        List<Object> nodes = new ArrayList<>();
        for (NodeGroup g : s.nodes()) {
            nodes.add(node(g, s.market()));
        }
        root.put("nodes", nodes);
        root.put("workload", workload(s));
        root.put("routing", routing(s));
        root.put("market", market(s.market()));
        if (s.token() != null) {
            root.put("token", TokenWriter.token(s.token()));
        }
        if (s.demand() != null) {
            root.put("demand", demand(s.demand()));
        }
        if (!(s.verification().size() == 1 && s.verify().scheme().equals("none") && s.adversaries().isEmpty())) {
            root.put("verification", verification(s.verification()));
        }
        if (!s.adversaries().isEmpty()) {
            root.put("adversaries", adversaries(s.adversaries()));
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("requests_sample", s.output().requestsSample());
        output.put("max_request_rows", s.output().maxRequestRows());
        root.put("output", output);
        return root;
    }

    private static List<Object> models(Scenario s) {
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
        return models;
    }

    private static List<Object> workload(Scenario s) {
        List<Object> workload = new ArrayList<>();
        for (RequestClass c : s.workload()) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("name", c.name());
            w.put("model", c.model());
            w.put("arrival", c.arrival().describe());
            w.put("prompt_tokens", c.promptTokens().describe(false));
            w.put("output_tokens", c.outputTokens().describe(false));
            w.put("regions", shares(c.regions()));
            w.put("nodes", c.nodeGroups());
            Map<String, Object> slo = new LinkedHashMap<>();
            slo.put("ttft", Units.formatSeconds(c.slo().ttftSeconds()));
            slo.put("e2e", Units.formatSeconds(c.slo().e2eSeconds()));
            w.put("slo", slo);
            w.put("timeout", Double.isInfinite(c.timeoutSeconds()) ? "none" : Units.formatSeconds(c.timeoutSeconds()));
            workload.add(w);
        }
        return workload;
    }

    private static Map<String, Object> routing(Scenario s) {
        Map<String, Object> routing = new LinkedHashMap<>();
        boolean fifo = s.market().jobMarkets(); // job markets match jobs to nodes themselves: no policy, reports or admission
        if (!fifo) {
            routing.put("policy", s.routing().policy());
            routing.put("staleness", Units.formatSeconds(s.routing().stalenessSeconds()));
            if (s.routing().policy().equals("hybrid")) {
                routing.put("slo_margin", s.routing().sloMargin());
            }
        }
        routing.put("retries", s.routing().retries());
        routing.put("retry_delay", Units.formatSeconds(s.routing().retryDelaySeconds()));
        if (!fifo) {
            routing.put("admission", Map.of("max_predicted_ttft", Double.isInfinite(s.routing().maxPredictedTtftSeconds())
                    ? "none" : Units.formatSeconds(s.routing().maxPredictedTtftSeconds())));
        }
        return routing;
    }

    private static Map<String, Object> demand(DemandSpec d) {
        Map<String, Object> demand = new LinkedHashMap<>();
        demand.put("elasticity", d.elasticity());
        demand.put("reference_price", d.referencePriceUsd());
        demand.put("max_multiplier", d.maxMultiplier());
        demand.put("defect_rate", d.defectRate());
        demand.put("return_rate", d.returnRate());
        return demand;
    }

    private static List<Object> adversaries(List<VerificationSpec.Adversary> list) {
        List<Object> adversaries = new ArrayList<>();
        for (VerificationSpec.Adversary a : list) {
            Map<String, Object> adversary = new LinkedHashMap<>();
            adversary.put("strategy", a.strategy());
            adversary.put("share", a.share());
            if (!a.group().isEmpty()) {
                adversary.put("group", a.group());
            }
            adversary.put("cheat_rate", a.cheatRate());
            adversary.put("learning_rate", a.learningRate());
            adversary.put("saved_share", a.savedShare());
            adversaries.add(adversary);
        }
        return adversaries;
    }

    private static Map<String, Object> market(Scenario.Market m) {
        Map<String, Object> market = new LinkedHashMap<>();
        market.put("pricing", m.pricing());
        market.put("currency", m.currency());
        if (!m.timePriced()) {
            market.put("price_per_mtok", m.pricePerMTok());
            market.put("protocol_fee", m.protocolFee());
        }
        market.put("settlement", m.settlement());
        if (m.leases()) {
            LeaseSpec l = m.lease();
            Map<String, Object> lease = new LinkedHashMap<>();
            lease.put("block", Units.formatSeconds(l.blockSeconds()));
            lease.put("leases", l.leasesPerTenant());
            lease.put("max_price_per_hour", Double.isInfinite(l.maxPricePerHourUsd()) ? "none" : l.maxPricePerHourUsd());
            lease.put("escrow_deposit", l.escrowDepositUsd());
            lease.put("take_rate", l.takeRate());
            lease.put("bid_deposit", l.bidDepositUsd());
            market.put("lease", lease);
        }
        if (m.jobMarkets()) {
            Map<String, Object> jobs = new LinkedHashMap<>();
            jobs.put("timeout", Units.formatSeconds(m.jobMarket().timeoutSeconds()));
            jobs.put("network_fee", m.jobMarket().networkFee());
            market.put("job_market", jobs);
        }
        return market;
    }

    /**
     * {@code verification:} as the reader takes it: the schemes (with a rate of their own where it
     * differs from the first's), each scheme's own settings (schemes listed together read the
     * same keys, so they agree), then the consequences.
     */
    private static Map<String, Object> verification(List<VerificationSpec> specs) {
        Map<String, Object> m = new LinkedHashMap<>();
        Double common = specs.stream().map(spec -> rate(spec.check())).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        if (specs.size() == 1) {
            m.put("scheme", specs.get(0).scheme());
        } else {
            List<Object> schemes = new ArrayList<>();
            for (VerificationSpec spec : specs) {
                Double rate = rate(spec.check());
                schemes.add(rate == null || rate.equals(common) ? spec.scheme() : Map.of("scheme", spec.scheme(), "rate", rate));
            }
            m.put("schemes", schemes);
        }
        for (VerificationSpec spec : specs) {
            Map<String, Object> own = spec.check().keys();
            if (common != null && own.containsKey("rate")) {
                own.put("rate", common);
            }
            own.forEach(m::putIfAbsent);
        }
        VerificationSpec.Consequences c = specs.get(0).consequences();
        m.put("penalty_usd", c.penaltyUsd());
        m.put("slash_share", c.slashShare());
        m.put("withhold_reward", c.withholdReward());
        m.put("eject_after", c.ejectAfter());
        m.put("reputation_penalty", c.reputationPenalty());
        m.put("epoch", Units.formatSeconds(c.epochSeconds()));
        return m;
    }

    private static Double rate(VerificationSpec.Check check) {
        return (Double) check.keys().get("rate");
    }

    private static Map<String, Object> node(NodeGroup g, Scenario.Market market) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("name", g.name());
        node.put("kind", g.kind().key());
        node.put("engine", g.engine().key());
        node.put("count", g.count());
        node.put("gpu", g.gpu());
        node.put("model", g.model());
        node.put("regions", shares(g.regions()));
        node.put("tensor_parallel", g.tensorParallel());
        Map<String, Object> pipeline = new LinkedHashMap<>();
        pipeline.put("stages", g.pipelineStages());
        pipeline.put("hop_bytes_per_token", g.hopBytesPerToken());
        node.put("pipeline", pipeline);
        node.put("cost_per_hour", g.costPerHourUsd());
        node.put("egress_per_gb", g.egressUsdPerGb());
        prices(node, g, market);
        if (g.supply() != null) {
            node.put("supply", supply(g.supply()));
        }
        engine(node, g);
        if (!g.availability().always()) {
            node.put("availability", availability(g.availability()));
        }
        return node;
    }

    /** The node group's price or ask keys: those its market uses. */
    private static void prices(Map<String, Object> node, NodeGroup g, Scenario.Market market) {
        if (g.offer() instanceof NodeGroup.LeaseAsk lease) {
            node.put("ask_per_hour", lease.askPerHourUsd());
            node.put("ask_spread", lease.spread());
        } else if (g.offer() instanceof NodeGroup.JobPrice job) {
            node.put("price_per_hour", job.pricePerHourUsd());
            node.put("job_timeout", Units.formatSeconds(job.jobTimeoutSeconds()));
        } else if (g.offer() instanceof NodeGroup.TokenAsk token) {
            node.put("price_per_mtok", token.pricePerMTok());
            node.put("ask_per_mtok", token.askPerMTok());
            node.put("ask_spread", token.spread());
            node.put("ask_cap_per_mtok", Double.isInfinite(token.capPerMTok()) ? "none" : token.capPerMTok());
        }
    }

    private static Map<String, Object> supply(SupplySpec sp) {
        Map<String, Object> supply = new LinkedHashMap<>();
        supply.put("initial", sp.initial());
        supply.put("join_threshold", sp.joinThresholdUsdPerHour());
        supply.put("window", Units.formatSeconds(sp.windowSeconds()));
        supply.put("onboarding", Units.formatSeconds(sp.onboardingSeconds()));
        supply.put("join_step", sp.joinStep());
        supply.put("leave_after", Units.formatSeconds(sp.leaveAfterSeconds()));
        return supply;
    }

    /** The engine's keys: batching, fixed slots, a calibrated profile, a live backend. */
    private static void engine(Map<String, Object> node, NodeGroup g) {
        if (g.batching() != null) {
            Scenario.Batching b = g.batching();
            node.put("max_batch", b.maxBatch());
            node.put("max_batched_tokens", b.maxBatchedTokens());
            node.put("chunked_prefill", b.chunkedPrefill());
            node.put("gpu_memory_utilization", b.gpuMemoryUtilization());
            node.put("block_size", b.blockTokens());
            node.put("max_queue", b.maxQueue());
        }
        if (g.queue() != null) {
            node.put("slots", g.queue().slots());
            node.put("max_queue", g.queue().maxQueue());
            if (g.queue().service() != null) {
                node.put("service", g.queue().service().describe(true));
            }
        }
        if (g.profile() != null) {
            node.put("profile", g.profile().file());
        }
        if (g.backend() != null) {
            Scenario.Backend be = g.backend();
            node.put("max_queue", be.maxQueue());
            Map<String, Object> backend = new LinkedHashMap<>();
            backend.put("type", be.type());
            backend.put("slots", be.slots());
            backend.put("timeout", Units.formatSeconds(be.timeoutSeconds()));
            backend.putAll(be.settings());
            node.put("backend", backend);
        }
    }

    private static Map<String, Object> availability(Scenario.Availability a) {
        Map<String, Object> availability = new LinkedHashMap<>();
        if (Double.isFinite(a.mtbfSeconds())) {
            availability.put("mtbf", Units.formatSeconds(a.mtbfSeconds()));
            availability.put("mttr", Units.formatSeconds(a.mttrSeconds()));
        }
        if (!a.dailyOnline().isEmpty()) {
            availability.put("daily", a.dailyOnline());
        }
        return availability;
    }

    private static Map<String, Object> shares(List<RegionShare> shares) {
        Map<String, Object> regions = new LinkedHashMap<>();
        for (RegionShare share : shares) {
            regions.put(share.region(), share.share());
        }
        return regions;
    }
}
