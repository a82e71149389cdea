package io.dime.sim.market;

import io.dime.sim.kernel.Simulation;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.TokenSpec;
import io.dime.sim.token.ConstantProductPool;
import io.dime.sim.token.Ledger;
import java.util.List;
import java.util.Map;

/**
 * The token economy of one replication: who holds what, what a request costs in USD, and
 * what happens at the end of every epoch — emissions to operators by work done, operators
 * selling tokens to pay their GPUs, buyback-and-burn, speculative flow into the pool, the
 * controllers' corrections, operators joining and leaving on profit, and demand answering
 * price and quality.
 *
 * <p>This class wires the parts and runs the epoch's steps in order; each part is its own
 * class: {@link EconomyAccounts} (genesis), {@link Settlement}, {@link EmissionSplit} with
 * {@link YumaSplit} and {@link SubnetAlpha}, {@link OperatorBooks}, {@link PoolTrades},
 * {@link Controllers}, {@link OperatorSupply} with {@link UidRegistrations},
 * {@link DemandResponse}, {@link LivenessCheckers} and {@link EconomyReport}.
 *
 * <p>Accounts: {@code treasury} (the genesis supply, protocol fees), {@code pool} (the
 * constant-product token/USD pool), {@code users} and {@code speculators} and each operator
 * group (dollars from outside the model: their USD may go negative), {@code gpu-providers}
 * (where operators' GPU bills go), per-group stake accounts. Dollars are only moved, tokens
 * only minted and burned, so {@link Ledger#checkConservation()} checks the bookkeeping.
 *
 * <p>Bittensor's parts, each off unless its key is set: Yuma consensus over operator groups or
 * over single nodes scored by measured quality ({@code emission.split: yuma}); UID registration
 * by burn, with immunity and replacement of the lowest-scoring UID ({@code registration},
 * {@link Registration}); and the subnet's dTAO pool, into which the emission is injected while
 * alpha is paid out ({@code alpha_pool}, {@link io.dime.sim.token.SubnetPool}).
 */
public final class Economy {
    /** What the world lets the economy see and do with nodes. */
    public interface Nodes {
        int count();

        int group(int node);

        boolean isUp(int node);

        boolean isRetired(int node);

        void setRetired(int node, boolean retired);

        double lifetimeBusySeconds(int node);

        double lifetimeUpSeconds(int node);
    }

    /** What a request paid, in USD, and who received what (USD value at the current price). */
    public record Payment(double userUsd, double operatorUsd, double protocolUsd) {
    }

    private final Simulation sim;
    private final double epoch;
    private final EconomyAccounts accounts;
    private final EpochTally tally;
    private final Controllers controllers;
    private final Settlement settlement;
    private final EmissionSplit emission;
    private final OperatorBooks books;
    private final PoolTrades trades;
    private final OperatorSupply supply;
    private final DemandResponse demand;
    private final EconomyReport report;
    // Off unless their keys are set (null).
    private final UidRegistrations registrations;
    private final SubnetAlpha alpha;
    private final LivenessCheckers checkers;

    public Economy(Scenario scenario, Simulation sim, Nodes nodes) {
        TokenSpec spec = scenario.token();
        this.sim = sim;
        this.epoch = spec.epochSeconds();
        this.accounts = new EconomyAccounts(scenario, sim);
        var yumaSettings = spec.emission().yuma();
        boolean minersAreNodes = yumaSettings != null && yumaSettings.minersAreNodes();
        this.tally = new EpochTally(nodes, spec.emission().upCheck(), minersAreNodes, minersAreNodes || spec.alphaPool() != null);
        this.controllers = new Controllers(spec, scenario.market().protocolFee(), accounts.emission);
        this.settlement = new Settlement(scenario, accounts, tally, controllers);
        this.registrations = spec.registration() == null ? null : new UidRegistrations(spec, sim, accounts, nodes);
        YumaSplit yuma = yumaSettings == null ? null : new YumaSplit(scenario, sim, accounts, tally, nodes, registrations);
        this.alpha = spec.alphaPool() == null ? null : new SubnetAlpha(spec, accounts, yuma);
        this.emission = new EmissionSplit(epoch, spec.emission().upCheck(), accounts, tally, nodes, yuma, alpha);
        this.books = new OperatorBooks(scenario, accounts, tally, nodes, registrations);
        this.supply = new OperatorSupply(scenario, sim, accounts, nodes, books, registrations, yuma);
        this.trades = new PoolTrades(spec, sim, accounts, controllers);
        this.demand = new DemandResponse(scenario.demand());
        this.checkers = spec.checkers() == null ? null : new LivenessCheckers(scenario, sim, accounts, nodes);
        this.report = new EconomyReport(scenario, new EconomyReport.Parts(accounts, controllers, demand, books, supply, settlement,
                emission, checkers, yuma, registrations, alpha));
        supply.stakeAtGenesis();
    }

    /** Starts the epoch loop, and the liveness checks and the registration burn's adjustment when on. */
    public void start() {
        sim.every(epoch, this::endEpoch);
        if (checkers != null) {
            checkers.start();
        }
        if (registrations != null) {
            registrations.start();
        }
    }

    // ---------------------------------------------------------------- requests

    /** What multiplies every posted or asked price (a controller acting on price). */
    public double priceMultiplier() {
        return controllers.priceMultiplier();
    }

    /** Share of potential users who come, before defection: (price / reference)^(−elasticity). */
    public double demandMultiplier() {
        return demand.multiplier();
    }

    public double defectedShare() {
        return demand.defectedShare();
    }

    /** USD value of one token, at the pool's price. */
    public double tokenPriceUsd() {
        return accounts.pool.price();
    }

    /**
     * Moves the money for a completed request: {@code amount} in the market's currency (USD for
     * centralized providers, always). In tokens, users first buy the tokens from the pool.
     */
    public Payment settle(int node, int group, long requestTokens, double amount, boolean sloMet) {
        return settlement.settle(node, group, requestTokens, amount, sloMet);
    }

    /** A request that ended without an answer counts as a quality miss for demand. */
    public void failed() {
        tally.countFailure();
    }

    /** The verification caught one of this node's results wrong (validators scoring single nodes see it). */
    public void recordCaught(int node) {
        tally.countCaught(node);
    }

    /** Slashes a share of a group's stake (verification); returns the tokens slashed. */
    public double slash(int group, double fraction) {
        return accounts.slash(group, fraction);
    }

    // ---------------------------------------------------------------- epochs

    private void endEpoch() {
        double now = sim.now();
        accounts.staking.releaseUnbonded(now);
        double price = accounts.pool.price();
        // 1. Emission, split among operator groups by the work their nodes did.
        EmissionSplit.Emitted emitted = emission.pay(now, price);
        // 2. Costs, revenue and profit per node over the epoch (tokens valued at this price).
        OperatorBooks.Booked booked = books.close(now, price, emitted);
        // 3. Operators sell a share of their tokens to pay their bills (first their alpha for tokens).
        if (alpha != null) {
            alpha.sellOperatorsAlpha();
        }
        trades.operatorsSell();
        // 4. Buyback-and-burn: the treasury spends a share of its dollars on tokens and burns them.
        trades.buyBackAndBurn();
        // 5. Speculative flow: a random walk with jumps, as a share of the pool's depth.
        trades.speculate();
        // 6. Controllers see this epoch's measures and move their actuators.
        controllers.update(now, accounts.pool.price(), booked.utilization(), booked.active());
        // 7. Operators join where the last window paid, and leave after sustained losses.
        supply.respond(now, booked);
        // 8. Demand answers the price users paid and the misses they saw.
        demand.update(tally);

        accounts.checkPoolProducts();
        report.recordEpoch(now, booked.utilization(), booked.active(), booked.groupProfit());
        tally.clearTotals();
    }

    // ---------------------------------------------------------------- outputs

    public static String timeseriesHeader(Scenario scenario) {
        return EconomyReport.timeseriesHeader(scenario);
    }

    public void setReplication(int replication) {
        report.setReplication(replication);
    }

    public List<String> timeseriesRows() {
        return report.timeseriesRows();
    }

    /** The economy's summary metrics over the measured epochs. */
    public Map<String, Double> metrics() {
        return report.metrics();
    }

    /** Bookkeeping checks run at the end of every replication: conservation and the pool's product. */
    public void checkInvariants() {
        accounts.checkInvariants();
    }

    public Ledger ledger() {
        return accounts.ledger;
    }

    public ConstantProductPool pool() {
        return accounts.pool;
    }
}
