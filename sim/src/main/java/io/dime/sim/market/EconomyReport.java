package io.dime.sim.market;

import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.TokenSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.util.FastMath;

/**
 * The economy's outputs: one timeseries row an epoch, and the summary metrics over the measured
 * epochs (after warmup), each part adding its own in a fixed order.
 */
final class EconomyReport {
    /** The parts the report reads; those that are off are null. */
    record Parts(EconomyAccounts accounts, Controllers controllers, DemandResponse demand, OperatorBooks books, OperatorSupply supply,
            Settlement settlement, EmissionSplit emission, LivenessCheckers checkers, YumaSplit yuma, UidRegistrations registrations,
            SubnetAlpha alpha) {
    }

    private final Scenario scenario;
    private final Parts parts;
    private final EconomyAccounts accounts;
    private final List<String> timeseries = new ArrayList<>();
    private final List<Double> prices = new ArrayList<>();
    private final List<Double> activeCounts = new ArrayList<>();
    private double priceAtWarmup = Double.NaN;
    private int replication = -1;

    EconomyReport(Scenario scenario, Parts parts) {
        this.scenario = scenario;
        this.parts = parts;
        this.accounts = parts.accounts();
    }

    static String timeseriesHeader(Scenario scenario) {
        StringBuilder header = new StringBuilder("replication,time_h,price_usd,supply,staked,minted,burned,pool_tokens,pool_usd,"
                + "active_operators,utilization,operator_profit_usd,treasury_usd,treasury_tokens,emission_multiplier,burn_share,"
                + "protocol_fee,price_multiplier,demand_multiplier,defected_share");
        if (scenario.token() != null) {
            for (TokenSpec.Controller c : scenario.token().controllers()) {
                header.append(",error_").append(c.actsOn()).append(",output_").append(c.actsOn());
            }
            if (scenario.token().registration() != null) {
                header.append(",burn_cost_tokens,uids");
            }
            if (scenario.token().alphaPool() != null) {
                header.append(",alpha_price_tao,alpha_pool_tao");
            }
        }
        return header.toString();
    }

    void setReplication(int replication) {
        this.replication = replication;
    }

    /** The epoch's row, and its price and active operators when it is measured. */
    void recordEpoch(double now, double utilization, int active, double[] groupProfit) {
        double price = accounts.pool.price();
        if (now >= scenario.warmupSeconds()) {
            if (Double.isNaN(priceAtWarmup)) {
                priceAtWarmup = price;
            }
            if (parts.alpha() != null) {
                parts.alpha().noteWarmup();
            }
            prices.add(price);
            activeCounts.add((double) active);
        }
        double profit = 0;
        for (int g = 0; g < groupProfit.length; g++) {
            profit += accounts.isOperator(g) ? groupProfit[g] : 0;
        }
        Controllers c = parts.controllers();
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT,
                "%d,%.4f,%.8g,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%d,%.6f,%.4f,%.4f,%.10g,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f",
                replication, now / 3600, price, accounts.ledger.supply(), accounts.staking.totalStaked(), accounts.ledger.minted(),
                accounts.ledger.burned(), accounts.pool.tokenReserve(), accounts.pool.usdReserve(), active, utilization, profit,
                accounts.treasury.usd(), accounts.treasury.tokens(), c.emissionMultiplier(), c.burnShare(), c.protocolFee(),
                c.priceMultiplier(), parts.demand().multiplier(), parts.demand().defectedShare()));
        c.appendColumns(row);
        if (parts.registrations() != null) {
            parts.registrations().appendColumns(row);
        }
        if (parts.alpha() != null) {
            parts.alpha().appendColumns(row);
        }
        timeseries.add(row.toString());
    }

    List<String> timeseriesRows() {
        return List.copyOf(timeseries);
    }

    /** The economy's summary metrics over the measured epochs. */
    Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        putTokenMetrics(m);
        putOperatorMetrics(m);
        if (parts.checkers() != null) {
            parts.checkers().putMetrics(m);
        }
        parts.emission().putMetrics(m);
        if (parts.yuma() != null) {
            parts.yuma().putMetrics(m);
        }
        if (parts.registrations() != null) {
            parts.registrations().putMetrics(m);
        }
        if (parts.alpha() != null) {
            parts.alpha().putMetrics(m);
        }
        parts.demand().putMetrics(m);
        return m;
    }

    private void putTokenMetrics(Map<String, Double> m) {
        double price = accounts.pool.price();
        double start = Double.isNaN(priceAtWarmup) ? price : priceAtWarmup;
        double min = prices.stream().mapToDouble(Double::doubleValue).min().orElse(price);
        double max = prices.stream().mapToDouble(Double::doubleValue).max().orElse(price);
        m.put("token.price_start", start);
        m.put("token.price_end", price);
        m.put("token.price_min", min);
        m.put("token.price_max", max);
        m.put("token.volatility", volatility());
        m.put("token.price_dispersion", dispersion());
        m.put("token.supply_end", accounts.ledger.supply());
        m.put("token.minted", accounts.ledger.minted());
        m.put("token.burned", accounts.ledger.burned());
        m.put("token.staked_end", accounts.staking.totalStaked());
        m.put("token.pool_usd_end", accounts.pool.usdReserve());
        m.put("treasury.usd", accounts.treasury.usd());
        m.put("treasury.tokens", accounts.treasury.tokens());
    }

    private void putOperatorMetrics(Map<String, Double> m) {
        double meanActive = activeCounts.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        long leaves = parts.supply().leaves();
        m.put("operators.active_mean", meanActive);
        m.put("operators.joins", (double) parts.supply().joins());
        m.put("operators.leaves", (double) leaves);
        m.put("operators.churn", meanActive > 0 ? leaves / meanActive : Double.NaN);
        // Rewards are booked when an epoch closes: with none closed in the measured window, the profit with rewards is unknown, not 0.
        m.put("operators.profit_usd", activeCounts.isEmpty() ? Double.NaN : parts.books().operatorProfitUsd());
        m.put("operators.payments_usd", parts.settlement().operatorPaymentsUsd());
        m.put("operators.token_rewards_per_node_day", parts.books().rewardTokensPerNodeDay());
        m.put("operators.token_rewards_usd_per_node_day", parts.books().rewardUsdPerNodeDay());
        TokenSpec.Slice slice = scenario.token().slice();
        if (slice != null) {
            m.put("slice.share", slice.share());
            m.put("slice.network_nodes", slice.networkNodes());
            if (!Double.isNaN(slice.citedRewardsPerNodeDay())) {
                m.put("slice.cited_rewards_per_node_day", slice.citedRewardsPerNodeDay());
            }
        }
    }

    /** Coefficient of variation of the price over the measured epochs: how far it wanders, not how it jitters. */
    private double dispersion() {
        if (prices.size() < 2) {
            return Double.NaN;
        }
        double mean = prices.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double squares = 0;
        for (double p : prices) {
            squares += (p - mean) * (p - mean);
        }
        return Math.sqrt(squares / (prices.size() - 1)) / mean;
    }

    /** Standard deviation of the epoch-to-epoch log returns of the token price. */
    private double volatility() {
        if (prices.size() < 3) {
            return Double.NaN;
        }
        double[] returns = new double[prices.size() - 1];
        double mean = 0;
        for (int i = 1; i < prices.size(); i++) {
            returns[i - 1] = FastMath.log(prices.get(i) / prices.get(i - 1));
            mean += returns[i - 1];
        }
        mean /= returns.length;
        double squares = 0;
        for (double r : returns) {
            squares += (r - mean) * (r - mean);
        }
        return Math.sqrt(squares / (returns.length - 1));
    }
}
