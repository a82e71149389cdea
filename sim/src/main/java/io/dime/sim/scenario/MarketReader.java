package io.dime.sim.scenario;

import io.dime.sim.input.Obj;
import io.dime.sim.input.ScenarioException;
import io.dime.sim.scenario.Scenario.Market;

/** Binds the {@code market:} section: pricing, currency, settlement, and the lease or job-market settings. */
final class MarketReader {
    /** Akash's blocks take about 6 s (akash.network/docs/testnet/testplan/deployment-creation; NETWORKS.md). */
    static final double AKASH_BLOCK_SECONDS = 6;
    /** Akash x/take DefaultTakeRate = 20 (%) (github akash-network/akash-api go/node/take/v1beta3/params.go; NETWORKS.md). */
    static final double AKASH_TAKE_RATE = 0.2;
    /** The Akash Console API's minimum deployment deposit, USD (akash.network/docs/api-documentation/console-api/getting-started). */
    static final double AKASH_MIN_DEPOSIT_USD = 5;
    /** Nosana's job fee: deposit / JOB_FEE_FRACTION with JOB_FEE_FRACTION = 10 (github nosana-ci/nosana-programs, nosana-jobs state.rs). */
    static final double NOSANA_NETWORK_FEE = 0.1;

    private MarketReader() {
    }

    static Market read(Obj root) {
        Obj m = root.objectOrEmpty("market");
        String pricing = m.choice("pricing", "posted", Market.PRICING, "pricing");
        String currency = m.choice("currency", "usd", Market.CURRENCIES, "currency");
        if (Market.TIME_PRICED.contains(pricing)) {
            return timePriced(root, m, pricing, currency);
        }
        for (String section : new String[] {"lease", "job_market"}) {
            if (m.has(section)) {
                String owner = section.equals("lease") ? "lease" : "job-market";
                throw m.error(section, "the '" + section + "' settings apply only with pricing: " + owner + "; found pricing '" + pricing + "'");
            }
        }
        double price = m.number("price_per_mtok", 2.5, 0, 1e9);
        double fee = m.number("protocol_fee", 0.05, 0, 1);
        String settlement = m.choice("settlement", "direct", Market.SETTLEMENTS, "settlement");
        if (settlement.equals("burn-and-mint") && !root.has("token")) {
            throw m.error("settlement", "burn-and-mint burns tokens bought with the users' payment and pays operators from emissions;"
                    + " it needs a 'token' section (pool and emission)");
        }
        if (settlement.equals("burn-and-mint") && currency.equals("token")) {
            throw m.error("settlement", "burn-and-mint prices jobs in USD; accepted with it: currency: usd");
        }
        m.finish();
        if (currency.equals("token") && !root.has("token")) {
            throw root.error("market", "prices in tokens need a token economy; add a 'token' section or set market.currency: usd");
        }
        return new Market(new Market.PerToken(pricing, price), currency, fee, settlement);
    }

    /**
     * {@code lease} and {@code job-market}: users pay in USD for time on whole nodes, outside a
     * token economy, so per-token prices, token currency and burn-and-mint do not apply, and the
     * protocol's share is the lease take rate or the job network fee.
     */
    private static Market timePriced(Obj root, Obj m, String pricing, String currency) {
        String section = pricing.equals("lease") ? "lease" : "job_market";
        String other = pricing.equals("lease") ? "job_market" : "lease";
        String unit = pricing.equals("lease")
                ? "leases are priced per hour of a whole node (nodes' ask_per_hour) and paid per block"
                : "jobs are priced per second of a whole node (nodes' price_per_hour)";
        if (currency.equals("token")) {
            throw m.error("currency", "pricing '" + pricing + "' is paid in USD (escrow and deposits outside a token economy); accepted: currency: usd");
        }
        if (m.has("price_per_mtok")) {
            throw m.error("price_per_mtok", "pricing '" + pricing + "' charges for time, not per token: " + unit + "; remove price_per_mtok");
        }
        if (m.has("protocol_fee")) {
            throw m.error("protocol_fee", "with pricing '" + pricing + "' the protocol's share is "
                    + (pricing.equals("lease") ? "lease.take_rate" : "job_market.network_fee") + "; remove protocol_fee");
        }
        if (m.has(other)) {
            throw m.error(other, "the '" + other + "' settings apply only with pricing: " + (other.equals("lease") ? "lease" : "job-market")
                    + "; found pricing '" + pricing + "'");
        }
        String settlement = m.choice("settlement", "direct", Market.SETTLEMENTS, "settlement");
        if (!settlement.equals("direct")) {
            throw m.error("settlement", "pricing '" + pricing + "' settles directly in USD; accepted: settlement: direct");
        }
        if (root.has("token")) {
            throw m.error("pricing", "pricing '" + pricing + "' settles in USD outside a token economy, and this scenario has a 'token' section;"
                    + " accepted: no token section, or another pricing");
        }
        Market.Mechanism mechanism;
        double share;
        if (pricing.equals("lease")) {
            Obj l = m.objectOrEmpty(section);
            double maxPrice = !l.has("max_price_per_hour") || "none".equals(l.string("max_price_per_hour", ""))
                    ? Double.POSITIVE_INFINITY : l.number("max_price_per_hour", 0, 1e6);
            LeaseSpec lease = new LeaseSpec(
                    l.seconds("block", AKASH_BLOCK_SECONDS, 1e-3, 86400),
                    (int) l.integer("leases", 1, 1, ScenarioLoader.MAX_NODES_PER_GROUP),
                    maxPrice,
                    l.number("escrow_deposit", AKASH_MIN_DEPOSIT_USD, 0, 1e12),
                    l.number("take_rate", AKASH_TAKE_RATE, 0, 1),
                    l.number("bid_deposit", 0, 0, 1e9));
            l.finish();
            share = lease.takeRate();
            mechanism = lease;
        } else {
            Obj j = m.object(section);
            JobMarketSpec jobs = new JobMarketSpec(j.seconds("timeout", 1e-3, ScenarioLoader.MAX_DURATION_SECONDS), j.number("network_fee", NOSANA_NETWORK_FEE, 0, 1));
            j.finish();
            share = jobs.networkFee();
            mechanism = jobs;
        }
        m.finish();
        return new Market(mechanism, currency, share, settlement);
    }

    /** The position of the market's lease settings, for errors found once the nodes are known. */
    static ScenarioException leaseError(Obj root, String key, String problem) {
        Obj market = root.object("market");
        return market.has("lease") && market.object("lease").has(key) ? market.object("lease").error(key, problem) : market.error("pricing", problem);
    }
}
