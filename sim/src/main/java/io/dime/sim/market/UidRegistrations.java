package io.dime.sim.market;

import io.dime.sim.kernel.Simulation;
import io.dime.sim.scenario.TokenSpec;
import io.dime.sim.token.Account;
import io.dime.sim.token.ConstantProductPool;
import java.util.Locale;
import java.util.Map;

/**
 * Operators' side of UID registration ({@code token.registration}, {@link Registration}): the
 * burn a joining node's operator pays, whether the burn pays back, the UID a registration
 * replaces, and the pruning score (each node's reward at the last epoch).
 */
final class UidRegistrations {
    private final Registration registration;
    private final Simulation sim;
    private final EconomyAccounts accounts;
    private final Economy.Nodes nodes;
    /** Each node's reward in USD at the last epoch: the pruning score. */
    private final double[] lastRewardUsd;
    private long registrations;
    private long deregistrations;
    private double burnedTokens;

    /** Opens the subnet's UIDs, one for every operator node active at genesis. */
    UidRegistrations(TokenSpec spec, Simulation sim, EconomyAccounts accounts, Economy.Nodes nodes) {
        int n = nodes.count();
        TokenSpec.Registration r = spec.registration();
        // In a slice of the subnet's UIDs, the burn is still the subnet's price: the UIDs not
        // simulated are taken to register as the slice's do, 1 / share registrations for each.
        this.registration = new Registration(new Registration.Settings(r.burnTokens(), r.minBurnTokens(), r.maxBurnTokens(),
                r.adjustmentIntervalSeconds(), r.targetPerInterval(), r.adjustmentAlpha(), r.immunitySeconds(), r.maxUids(), 1 / spec.share()), n);
        this.sim = sim;
        this.accounts = accounts;
        this.nodes = nodes;
        this.lastRewardUsd = new double[n];
        for (int node = 0; node < n; node++) {
            if (accounts.isOperator(nodes.group(node)) && !nodes.isRetired(node)) {
                registration.registerAtGenesis(node);
            }
        }
    }

    /** Starts the burn cost's adjustment, every adjustment interval. */
    void start() {
        sim.every(registration.settings().adjustmentIntervalSeconds(), registration::adjustBurn);
    }

    boolean holdsUid(int node) {
        return registration.holdsUid(node);
    }

    void scoreReward(int node, double rewardUsd) {
        lastRewardUsd[node] = rewardUsd;
    }

    /**
     * An operator joins only if the profit per node-hour it sees would repay the burn within the
     * immunity period, the time its UID is safe (assumed: Dime's reading of a miner's decision;
     * Bittensor documents the cost, not how miners weigh it).
     */
    boolean paysBack(double profitPerNodeHourUsd) {
        double burnUsd = registration.burnCostTokens() * accounts.pool.price();
        return profitPerNodeHourUsd * registration.settings().immunitySeconds() / 3600 >= burnUsd;
    }

    /**
     * The joining node's operator burns the registration cost (buying on the pool what it lacks)
     * and takes a UID. Returns the node whose UID it replaced when the subnet was full (that node
     * must leave), or -1.
     */
    int register(int node) {
        if (registration.holdsUid(node)) {
            return -1; // it never gave up its UID (ejected by the verifier, back again)
        }
        Account operator = accounts.operators[nodes.group(node)];
        ConstantProductPool pool = accounts.pool;
        double cost = registration.burnCostTokens();
        double missing = Math.max(0, cost - operator.tokens());
        if (missing > 0) {
            pool.buyExactTokens(operator, Math.min(missing, pool.tokenReserve() * 0.5));
        }
        double burned = Math.min(cost, operator.tokens());
        if (burned > 0) {
            accounts.ledger.burn(operator, burned);
        }
        burnedTokens += burned;
        registrations++;
        int replaced = registration.register(node, sim.now(), lastRewardUsd);
        if (replaced >= 0) {
            deregistrations++;
        }
        return replaced;
    }

    /** A node leaving gives up its UID. */
    void release(int node) {
        registration.release(node);
    }

    /** The timeseries columns burn_cost_tokens and uids. */
    void appendColumns(StringBuilder row) {
        row.append(String.format(Locale.ROOT, ",%.8g,%d", registration.burnCostTokens(), registration.uids()));
    }

    void putMetrics(Map<String, Double> m) {
        m.put("registration.registrations", (double) registrations);
        m.put("registration.deregistrations", (double) deregistrations);
        m.put("registration.burned_tokens", burnedTokens);
        m.put("registration.burn_cost_end", registration.burnCostTokens());
        m.put("registration.uids_end", (double) registration.uids());
    }
}
