package io.dime.sim.scenario;

import io.dime.sim.input.Dist;
import io.dime.sim.workload.ArrivalSpec;
import io.dime.sim.catalog.ModelShape;
import io.dime.sim.network.NetworkSpec;
import io.dime.sim.node.StepModel;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated scenario with every default filled in. Durations are in seconds, rates in
 * events per second, money in USD.
 */
public record Scenario(
        String name,
        String description,
        long seed,
        double durationSeconds,
        double warmupSeconds,
        int replications,
        List<String> regions,
        List<ModelShape> models,
        NetworkSpec network,
        List<NodeGroup> nodes,
        List<RequestClass> workload,
        Routing routing,
        Market market,
        TokenSpec token,
        DemandSpec demand,
        Output output,
        List<VerificationSpec> verification,
        List<VerificationSpec.Adversary> adversaries) {

    public Scenario {
        regions = List.copyOf(regions);
        models = List.copyOf(models);
        nodes = List.copyOf(nodes);
        workload = List.copyOf(workload);
        verification = List.copyOf(verification);
        adversaries = List.copyOf(adversaries);
    }

    /** The verification scheme of this run (the first, when the file lists several). */
    public VerificationSpec verify() {
        return verification.get(0);
    }

    /** The same scenario under one verification scheme. */
    public Scenario withVerification(VerificationSpec spec) {
        return new Scenario(name, description, seed, durationSeconds, warmupSeconds, replications, regions, models, network, nodes, workload, routing, market, token, demand, output, List.of(spec), adversaries);
    }

    public ModelShape model(String modelName) {
        return models.stream().filter(m -> m.name().equals(modelName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no model " + modelName));
    }

    public Scenario withSeed(long newSeed) {
        return new Scenario(name, description, newSeed, durationSeconds, warmupSeconds, replications, regions, models, network, nodes, workload, routing, market, token, demand, output, verification, adversaries);
    }

    /** Whether the scenario has a token economy (epochs, ledger, pool). */
    public boolean hasToken() {
        return token != null;
    }

    /**
     * The same scenario run {@code count} times. A scenario with live nodes runs once, in real
     * time, against real servers: any other count is refused.
     */
    public Scenario withReplications(int count) {
        if (count != 1 && hasLiveNodes()) {
            throw new IllegalArgumentException("scenario '" + name + "' has live nodes (a backend section), so it runs exactly one"
                    + " replication, in real time; asked for " + count);
        }
        return new Scenario(name, description, seed, durationSeconds, warmupSeconds, count, regions, models, network, nodes, workload, routing, market, token, demand, output, verification, adversaries);
    }

    /** Whether any node group is served by a real server (a {@code backend} section). */
    public boolean hasLiveNodes() {
        return nodes.stream().anyMatch(g -> g.backend() != null);
    }

    /** Whether a group is part of the decentralized network or a centralized provider beside it. */
    public enum NodeKind {
        DECENTRALIZED, CENTRALIZED;

        public String key() {
            return name().toLowerCase();
        }
    }

    /**
     * How a node serves: continuous batching (vLLM-like), a fixed number of slots, or a real
     * server (live: the group has a {@link Backend}).
     */
    public enum Engine {
        BATCHING, QUEUE, LIVE;

        public String key() {
            return name().toLowerCase();
        }
    }

    /**
     * {@code count} identical nodes. A node is {@code tensorParallel × pipelineStages} GPUs
     * serving one model; {@code costPerHourUsd} is per node. Exactly one of {@code batching},
     * {@code queue} and {@code backend} is set, by the engine; a group with a backend is one
     * real server ({@code count} 1), whose GPU and model are still named for cost and reporting.
     */
    public record NodeGroup(
            String name,
            NodeKind kind,
            Engine engine,
            int count,
            String gpu,
            String model,
            List<RegionShare> regions,
            double costPerHourUsd,
            int tensorParallel,
            int pipelineStages,
            double hopBytesPerToken,    // pipeline: bytes each hop between two stages carries per token
            Batching batching,
            Queue queue,
            Profile profile,
            Availability availability,
            Offer offer,
            SupplySpec supply,
            Backend backend,
            double egressUsdPerGb) {

        /** What a group's operators ask, in the terms of the market's pricing; each variant holds only its own settings. */
        public sealed interface Offer permits TokenAsk, LeaseAsk, JobPrice {
        }

        /**
         * Per 1M tokens (pricing posted, asks, auctions): the price the group charges under a
         * posted price, its ask, spread uniformly by ± {@code spread} across the group's nodes,
         * and a platform's cap ({@code cap}: asks above it are cut to it; infinite: none).
         */
        public record TokenAsk(double pricePerMTok, double askPerMTok, double spread, double capPerMTok) implements Offer {
        }

        /** Pricing lease: the providers' ask per hour of a lease, spread by ± {@code spread}. */
        public record LeaseAsk(double askPerHourUsd, double spread) implements Offer {
        }

        /** Pricing job-market: this market's price of a job-hour, charged per second, and its job timeout. */
        public record JobPrice(double pricePerHourUsd, double jobTimeoutSeconds) implements Offer {
        }

        public NodeGroup {
            regions = List.copyOf(regions);
        }

        public int gpusPerNode() {
            return tensorParallel * pipelineStages;
        }
    }

    /** Continuous-batching settings (vLLM's names in brackets). */
    public record Batching(
            int maxBatch,               // max_num_seqs
            int maxBatchedTokens,       // max_num_batched_tokens
            boolean chunkedPrefill,     // enable_chunked_prefill
            double gpuMemoryUtilization,
            int blockTokens,
            int maxQueue) {
    }

    /**
     * A live node's real server: the backend {@code type} (a {@link io.dime.sim.live.LiveBackends}
     * name), how many requests the node sends at once ({@code slots}; more wait in the node, up
     * to {@code maxQueue}), how long it waits for an answer before counting the request failed,
     * and the type's own settings (url, model, api_key_env, ...) as written, in file order.
     */
    public record Backend(String type, int slots, int maxQueue, double timeoutSeconds, Map<String, String> settings) {
        public Backend {
            settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        }

        /**
         * What the backend's factory is given: the settings, plus {@code slots} and
         * {@code timeout} (seconds, a plain decimal number).
         */
        public Map<String, String> factorySettings() {
            Map<String, String> all = new LinkedHashMap<>(settings);
            all.put("slots", Integer.toString(slots));
            all.put("timeout", BigDecimal.valueOf(timeoutSeconds).stripTrailingZeros().toPlainString());
            return Collections.unmodifiableMap(all);
        }
    }

    /** Fixed-slot engine: {@code slots} requests at once; {@code service}, when set, replaces the token model. */
    public record Queue(int slots, int maxQueue, Dist service) {
    }

    /**
     * A node profile: step-time coefficients measured on a real server (written by
     * {@code dime calibrate}), replacing the roofline defaults.
     */
    public record Profile(
            String file,
            String name,
            String gpu,
            String model,
            String engine,
            StepModel step,
            double requestOverheadSeconds,
            long kvCapacityTokens,
            String source,
            Boolean chunkedPrefill,
            long maxBatchedTokens) {
        /**
         * @param chunkedPrefill   null when the profile does not say how its engine builds a step;
         *                         true when prompts are prefilled beside decodes in one step (llama.cpp's
         *                         continuous batching, vLLM's chunked prefill)
         * @param maxBatchedTokens the engine's token budget per step, 0 when the profile does not say
         */
        public Profile {
        }
    }

    /**
     * When nodes are online: failures at exponential times with mean {@code mtbfSeconds}
     * (infinite: never), repairs with mean {@code mttrSeconds}; and optionally the share of
     * nodes online at each local hour of the day (consumer GPUs are switched off at night).
     */
    public record Availability(double mtbfSeconds, double mttrSeconds, List<Double> dailyOnline) {
        public static final Availability ALWAYS = new Availability(Double.POSITIVE_INFINITY, 0, List.of());

        public Availability {
            dailyOnline = List.copyOf(dailyOnline);
        }

        public boolean always() {
            return Double.isInfinite(mtbfSeconds) && dailyOnline.isEmpty();
        }
    }

    public record RegionShare(String region, double share) {
    }

    /**
     * A class of requests: who sends them, from where, how often, how long, which node groups
     * may serve them, and what latency they expect.
     */
    public record RequestClass(
            String name,
            String model,
            ArrivalSpec arrival,
            Dist promptTokens,
            Dist outputTokens,
            List<RegionShare> regions,
            List<String> nodeGroups,
            Slo slo,
            double timeoutSeconds) {

        public RequestClass {
            regions = List.copyOf(regions);
            nodeGroups = List.copyOf(nodeGroups);
        }
    }

    public record Slo(double ttftSeconds, double e2eSeconds) {
    }

    /**
     * Routing: the policy, how old the load information it sees is, how often a refused or
     * lost request is tried elsewhere, and admission control on the predicted TTFT.
     */
    /** {@code sloMargin}: under policy hybrid, the share of a class's TTFT SLO a node's predicted TTFT must stay within (1 elsewhere). */
    public record Routing(String policy, double stalenessSeconds, int retries, double retryDelaySeconds, double maxPredictedTtftSeconds,
            double sloMargin) {
        /** The policy of job markets: each market's FIFO queue matches jobs and idle nodes; not a router. */
        public static final String MARKET_FIFO = "market-fifo";
    }

    /**
     * How requests are priced: a posted price, operators' asks cleared cheapest-first (each
     * pays its ask), a sealed second-price auction per request (the cheapest ask wins and is
     * paid the second-cheapest) or per epoch (one clearing price for the next epoch); or, not
     * per token at all, leases of whole nodes paid per block ({@code lease}, with {@link LeaseSpec})
     * or jobs paid per second in per-GPU-class markets ({@code job-market}, with
     * {@link JobMarketSpec}). Per-token prices are per 1M tokens, in USD or in tokens
     * ({@link PerToken}); the protocol keeps {@code protocolFee} of each payment (the
     * lease take rate, or the job network fee). {@code settlement}: {@code direct} (the user's
     * payment, less the protocol fee, goes to the operator) or {@code burn-and-mint} (the USD
     * price, less the protocol fee, buys tokens on the pool and burns them; operators earn only
     * emissions, split by work, which do not depend on the burn; Render's documented design).
     */
    public record Market(Mechanism mechanism, String currency, double protocolFee, String settlement) {
        public static final List<String> PRICING = io.dime.sim.pricing.PricingMechanisms.registry().names();
        public static final List<String> CURRENCIES = List.of("usd", "token");
        public static final List<String> SETTLEMENTS = List.of("direct", "burn-and-mint");
        /** The pricings that charge for time on whole nodes rather than per token. */
        public static final List<String> TIME_PRICED = List.of("lease", "job-market");

        /** A pricing mechanism and its own settings. */
        public sealed interface Mechanism permits PerToken, LeaseSpec, JobMarketSpec {
            /** Its name in scenario files ({@code market.pricing}). */
            String pricing();
        }

        /** The per-token pricings (posted, asks, the auctions): the network's price per 1M tokens, in the market's currency. */
        public record PerToken(String pricing, double pricePerMTok) implements Mechanism {
        }

        public Market(String pricing, String currency, double pricePerMTok, double protocolFee) {
            this(new PerToken(pricing, pricePerMTok), currency, protocolFee, "direct");
        }

        public String pricing() {
            return mechanism.pricing();
        }

        /** Whether tenants hold leases of nodes paid per block ({@code pricing: lease}). */
        public boolean leases() {
            return mechanism instanceof LeaseSpec;
        }

        /** The lease settings; only with {@code pricing: lease}. */
        public LeaseSpec lease() {
            return (LeaseSpec) mechanism;
        }

        /** Whether requests are jobs in per-GPU-class FIFO markets ({@code pricing: job-market}). */
        public boolean jobMarkets() {
            return mechanism instanceof JobMarketSpec;
        }

        /** The job markets' settings; only with {@code pricing: job-market}. */
        public JobMarketSpec jobMarket() {
            return (JobMarketSpec) mechanism;
        }

        /** Whether users pay for time on whole nodes (leases, jobs) rather than per token. */
        public boolean timePriced() {
            return !(mechanism instanceof PerToken);
        }

        /** The network's price per 1M tokens; only with a per-token pricing. */
        public double pricePerMTok() {
            return ((PerToken) mechanism).pricePerMTok();
        }

        public boolean burnAndMint() {
            return settlement.equals("burn-and-mint");
        }

        public boolean inTokens() {
            return currency.equals("token");
        }
    }

    /** What a run writes besides the summary: the share of requests sampled into requests.csv. */
    public record Output(double requestsSample, int maxRequestRows) {
    }
}
