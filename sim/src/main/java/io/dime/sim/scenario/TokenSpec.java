package io.dime.sim.scenario;

import java.util.List;

/**
 * The token economy of a scenario: supply and price at the start, the accounting epoch,
 * emissions, burns, staking, the token/USD pool, what operators sell, speculative flow, and
 * the controllers that steer it. Amounts are tokens or USD; times are seconds.
 */
public record TokenSpec(
        double initialSupply,
        double initialPriceUsd,
        double epochSeconds,
        Emission emission,
        double burnShare,
        double treasuryUsd,
        Staking staking,
        Pool pool,
        double operatorSellShare,
        Speculation speculation,
        List<Controller> controllers,
        Checkers checkers,
        Registration registration,
        AlphaPool alphaPool,
        Slice slice) {

    public TokenSpec {
        controllers = List.copyOf(controllers);
    }

    /**
     * The part of a real network a scenario simulates (null: a whole economy of its own). The
     * section's network-wide budgets are written for the whole network, as its sources state them,
     * and scaled here by {@link #share()}: the supply, the emission, the treasury's USD, the pool's
     * depth, and a subnet pool's TAO and alpha emission; a subnet's registration burn stays the
     * subnet's price, each registration in the slice counting as 1 / share of the subnet's (its
     * other UIDs taken to register alike). Per-node amounts (stake, the burn itself, prices) are
     * not scaled. So each simulated node earns what a node of the real network earns,
     * inflation is the network's, and the slice's sales move the price as the network's sales move
     * the network's pool.
     *
     * @param networkNodes           operator nodes (GPUs; UIDs for a subnet) of the real network
     * @param simulatedNodes         the scenario's: its decentralized nodes, or the UIDs
     *                               registration caps them at
     * @param citedRewardsPerNodeDay what a node of the real network earns a day in tokens, as cited
     *                               (NaN: none cited), set beside the run's own figure
     */
    public record Slice(double networkNodes, int simulatedNodes, String source, double citedRewardsPerNodeDay, String rewardsSource) {
        public double share() {
            return simulatedNodes / networkNodes;
        }
    }

    /** The slice's share of the network's budgets: 1 for a whole economy. */
    public double share() {
        return slice == null ? 1 : slice.share();
    }

    /** Tokens at the start in the simulated slice. */
    public double supplyInSlice() {
        return initialSupply * share();
    }

    /** The token/USD pool's USD depth at the start, in the simulated slice. */
    public double poolUsdInSlice() {
        return pool.usdReserve() * share();
    }

    /** The treasury's USD at the start, in the simulated slice. */
    public double treasuryUsdInSlice() {
        return treasuryUsd * share();
    }

    /** Tokens emitted a day (before any controller or schedule) in the simulated slice. */
    public double emissionPerDayInSlice() {
        return emission.tokensPerDay() * share();
    }

    /**
     * Bittensor UID registration (null: off). A joining operator node registers a UID by burning
     * {@code burnTokens}, which adjusts every {@code adjustmentIntervalSeconds} towards
     * {@code targetPerInterval} registrations (weight {@code adjustmentAlpha} on the old value)
     * within [{@code minBurnTokens}, {@code maxBurnTokens}]; a new UID is immune from
     * deregistration for {@code immunitySeconds}; with {@code maxUids} held, a registration
     * replaces the lowest-scoring non-immune UID, whose node leaves. See market.Registration.
     */
    public record Registration(double burnTokens, double minBurnTokens, double maxBurnTokens, double adjustmentIntervalSeconds,
            int targetPerInterval, double adjustmentAlpha, double immunitySeconds, int maxUids) {
    }

    /**
     * Bittensor dTAO (null: off): the subnet's pool of TAO (the token) and alpha opens with
     * {@code taoReserve} TAO at {@code alphaPriceTao}; each epoch the token emission is injected
     * into it with matching alpha (at most {@code maxInjectionAlphaPerDay}; the excess TAO buys
     * alpha that is burned), and {@code alphaPerDay} alpha is emitted to the owner, miners and
     * validators by the Yuma split; operators sell {@code sellShare} of their alpha into the pool
     * each epoch. Needs {@code emission.split: yuma}.
     */
    public record AlphaPool(double taoReserve, double alphaPriceTao, double fee, double alphaPerDay, double maxInjectionAlphaPerDay,
            double sellShare) {
    }

    /**
     * Liveness checker committees (Aethir's checker nodes): every {@code everySeconds} each
     * decentralized node is probed by a committee of {@code committee} checkers (an odd number,
     * 2N+1); each reports wrongly with probability {@code errorRate}; a majority "down" is an
     * offence that slashes {@code slashShare} of that node's part of its group's stake.
     */
    public record Checkers(double everySeconds, int committee, double errorRate, double slashShare) {
    }

    /**
     * Emission: how many tokens, and how they are split. {@code split}: {@code work} (among
     * operator groups by tokens served) or {@code yuma} (Bittensor-style: validators weigh the
     * operator groups by the work they saw, Yuma consensus clips outliers, and the emission goes
     * {@code yuma.ownerShare} to the treasury, the rest half to operators by incentive and half to
     * validators by dividends). {@code declinePerMonth}: the {@code decay} schedule's fall per 30
     * days. {@code upCheck}: a node must be up at the epoch's end (io.net's hourly proof-of-work)
     * to be paid its share; a withheld share goes to the treasury.
     */
    public record Emission(String schedule, double tokensPerDay, double halvingSeconds, String split, YumaSettings yuma,
            double declinePerMonth, boolean upCheck) {
        public static final List<String> SCHEDULES = List.of("constant", "halving", "decay", "controller");
        public static final List<String> SPLITS = List.of("work", "yuma");

        public Emission(String schedule, double tokensPerDay, double halvingSeconds) {
            this(schedule, tokensPerDay, halvingSeconds, "work", null, 0, false);
        }
    }

    /**
     * Yuma consensus settings: {@code validators} of equal stake, of which a share
     * {@code strayShare} put all their weight on one miner drawn at random each epoch.
     * {@code miners}: {@code groups} (each operator group is one miner, weighed by the tokens its
     * nodes served) or {@code nodes} (each operator node is a miner, a UID, weighed by its measured
     * quality: tokens of results that met their SLO, less the share of its results the
     * verification caught wrong, scaled up by how few results the scheme checks).
     */
    public record YumaSettings(int validators, double strayShare, double kappa, double bondAlpha, double ownerShare, String miners) {
        public static final List<String> MINERS = List.of("groups", "nodes");

        public boolean minersAreNodes() {
            return miners.equals("nodes");
        }
    }

    /** Every active node stakes {@code minStake} tokens; slashed shares go to {@code slashTo}. */
    public record Staking(double minStake, double unbondingSeconds) {
    }

    /** The constant-product token/USD pool: its USD depth at the start and its swap fee. */
    public record Pool(double usdReserve, double fee) {
    }

    /**
     * Exogenous buying and selling each epoch, as a share of the pool's USD reserve: a normal
     * random walk with standard deviation {@code volatility}, plus jumps of ± {@code jumpSize}
     * arriving with probability {@code jumpProbability} per epoch.
     */
    public record Speculation(double volatility, double jumpProbability, double jumpSize) {
    }

    /**
     * A PID controller with a leaky integral (RAI-style) steering one actuator towards a
     * target. Error = (setpoint − measured) / setpoint; the actuator moves by
     * {@code direction × output}.
     */
    public record Controller(
            String target,
            double setpoint,
            double kp,
            double ki,
            double kd,
            double leakPerHour,
            String actsOn,
            double direction,
            double updateSeconds,
            double minOutput,
            double maxOutput,
            double noiseBarrier) {

        /**
         * Which way an actuator should move when the error is positive (the measure is below
         * its setpoint): to raise a low token price, emit less, burn more, charge a higher fee
         * (more of it burned or bought back) or a higher token price per request (more tokens
         * bought); to raise low utilization, emit less and lower the service price; to attract
         * operators, emit more and lower the fee.
         */
        public static double defaultDirection(String target, String actuator) {
            return switch (target) {
                case "price" -> actuator.equals("emission") ? -1 : 1;
                case "utilization" -> actuator.equals("emission") || actuator.equals("price") ? -1 : 1;
                case "operators" -> actuator.equals("emission") ? 1 : -1;
                default -> throw new IllegalArgumentException(target);
            };
        }
    }
}
