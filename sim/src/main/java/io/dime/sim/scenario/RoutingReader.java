package io.dime.sim.scenario;

import io.dime.sim.input.Obj;
import io.dime.sim.input.Units;
import io.dime.sim.routing.Routers;
import io.dime.sim.scenario.Scenario.Market;
import io.dime.sim.scenario.Scenario.NodeGroup;
import io.dime.sim.scenario.Scenario.Routing;
import io.dime.sim.input.YamlNode.YScalar;
import java.util.List;

/** {@code routing:}, checked against the market it routes for (cleared prices route cheapest-first, job markets do not route). */
final class RoutingReader {
    private RoutingReader() {
    }

    static Routing routing(Obj root, Market market) {
        Obj r = root.objectOrEmpty("routing");
        if (market.jobMarkets()) {
            return jobMarketRouting(r);
        }
        boolean cleared = !market.pricing().equals("posted") && !market.leases();
        String policy = r.choice("policy", cleared ? "cheapest" : market.leases() ? "least-loaded" : "power-of-two", Routers.NAMES, "routing policy");
        if (cleared && !policy.equals("cheapest")) {
            throw r.error("policy", "pricing '" + market.pricing() + "' clears requests cheapest-first, so routing must be 'cheapest'; found '" + policy + "'");
        }
        if (market.leases() && policy.equals("cheapest")) {
            throw r.error("policy", "with pricing 'lease' a tenant pays its leases per block whatever they serve, so no request is cheaper on one"
                    + " than on another; accepted: any other policy (" + String.join(", ", Routers.NAMES.stream().filter(p -> !p.equals("cheapest")).toList())
                    + "), which spreads the tenant's requests over the nodes it leases");
        }
        double staleness = r.seconds("staleness", 0, 0, ScenarioLoader.MAX_DURATION_SECONDS);
        int retries = (int) r.integer("retries", 2, 0, 100);
        double retryDelay = r.seconds("retry_delay", 0.1, 0, ScenarioLoader.MAX_DURATION_SECONDS);
        Obj admission = r.objectOrEmpty("admission");
        double maxTtft = admission.has("max_predicted_ttft") && !(admission.raw("max_predicted_ttft") instanceof YScalar t && t.text().equals("none"))
                ? admission.seconds("max_predicted_ttft", 1e-3, ScenarioLoader.MAX_DURATION_SECONDS) : Double.POSITIVE_INFINITY;
        admission.finish();
        double sloMargin = 1;
        if (policy.equals("hybrid")) {
            // Predictions are of a node as it is now; a margin keeps room for what arrives meanwhile.
            sloMargin = r.number("slo_margin", 1, 0.01, 1);
        } else if (r.has("slo_margin")) {
            throw r.error("slo_margin", "slo_margin is the hybrid policy's share of the TTFT SLO a node must be predicted to meet;"
                    + " accepted: policy: hybrid beside it, or no slo_margin");
        }
        r.finish();
        return new Routing(policy, staleness, retries, retryDelay, maxTtft, sloMargin);
    }

    /**
     * In job markets a job takes the first idle node queued in its market, so no routing policy,
     * load reports or admission control choose a node; retries (a job a node lost is posted
     * again) still apply.
     */
    private static Routing jobMarketRouting(Obj r) {
        for (String key : new String[] {"policy", "staleness", "admission"}) {
            if (r.has(key)) {
                throw r.error(key, "with pricing 'job-market' each job takes the first idle node queued in its market (FIFO), so '" + key
                        + "' does not apply; accepted here: retries, retry_delay");
            }
        }
        int retries = (int) r.integer("retries", 2, 0, 100);
        double retryDelay = r.seconds("retry_delay", 0.1, 0, ScenarioLoader.MAX_DURATION_SECONDS);
        r.finish();
        return new Routing(Routing.MARKET_FIFO, 0, retries, retryDelay, Double.POSITIVE_INFINITY, 1);
    }

    /**
     * A lease market where no node could ever win, or where a deposit cannot pay one block, is a
     * mistake in the file, not a run that serves nothing.
     */
    static void checkLeasesCanBeWon(Obj root, Market market, List<NodeGroup> nodes) {
        LeaseSpec lease = market.lease();
        double lowestAsk = Double.POSITIVE_INFINITY;
        double highestAsk = 0;
        for (NodeGroup group : nodes) {
            NodeGroup.LeaseAsk ask = (NodeGroup.LeaseAsk) group.offer(); // every group asks per hour under pricing lease
            lowestAsk = Math.min(lowestAsk, ask.askPerHourUsd() * (1 - ask.spread()));
            highestAsk = Math.max(highestAsk, ask.askPerHourUsd() * (1 + ask.spread()));
        }
        if (lowestAsk > lease.maxPricePerHourUsd()) {
            throw MarketReader.leaseError(root, "max_price_per_hour", "no provider's ask can be at or under max_price_per_hour "
                    + Units.plain(lease.maxPricePerHourUsd()) + " (the lowest possible ask is " + Units.plain(lowestAsk)
                    + " USD/h), so no lease could be won; accepted: a max price of at least the lowest ask, or lower asks (nodes' ask_per_hour)");
        }
        double dearestBlock = lease.pricePerBlockUsd(Math.min(highestAsk, lease.maxPricePerHourUsd()));
        if (lease.escrowDepositUsd() < dearestBlock) {
            throw MarketReader.leaseError(root, "escrow_deposit", "escrow_deposit " + Units.plain(lease.escrowDepositUsd())
                    + " USD cannot pay one block (" + Units.formatSeconds(lease.blockSeconds()) + ") of the dearest lease that could be won, "
                    + Units.plain(dearestBlock) + " USD; accepted: a deposit of at least one block of it");
        }
    }
}
