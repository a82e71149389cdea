package io.dime.sim.market;

import io.dime.sim.kernel.Simulation;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.Scenario.NodeGroup;
import io.dime.sim.scenario.Scenario.NodeKind;
import io.dime.sim.scenario.TokenSpec;
import io.dime.sim.token.Account;
import io.dime.sim.token.Asset;
import io.dime.sim.token.ConstantProductPool;
import io.dime.sim.token.EmissionSchedule;
import io.dime.sim.token.Ledger;
import io.dime.sim.token.SlashDestination;
import io.dime.sim.token.Staking;
import io.dime.sim.token.SubnetPool;
import java.util.List;

/**
 * The ledger of one replication's token economy and what genesis opens on it: the accounts, the
 * token/USD pool, staking, the emission schedule and the subnet's dTAO pool; and the checks that
 * the pools' products never fall.
 *
 * <p>Accounts are created in a fixed order (the ledger iterates them in that order), and the
 * genesis transfers are the first movements of the run's fingerprint.
 */
final class EconomyAccounts {
    final Ledger ledger;
    final Account treasury;
    final Account users;
    final Account speculators;
    final Account gpuProviders;
    final Account rewards;
    final Account validators;
    final ConstantProductPool pool;
    final Staking staking;
    final EmissionSchedule emission;
    /** Per group: its operators' account, or null for a centralized provider. */
    final Account[] operators;
    /** Per group: a centralized provider's account, or null for operators. */
    final Account[] centralized;
    /** The subnet's dTAO pool, when token.alpha_pool is set; else null. */
    final SubnetPool subnetPool;
    private final double initialPoolK;
    private final double initialSubnetK;
    private long kDecreases;
    private long subnetKDecreases;

    EconomyAccounts(Scenario scenario, Simulation sim) {
        TokenSpec spec = scenario.token();
        this.ledger = new Ledger(spec.supplyInSlice(), "treasury");
        this.ledger.traceInto(sim::trace);
        this.treasury = ledger.account("treasury");
        Account outside = ledger.account("outside-usd", true);
        this.users = ledger.account("users", true);
        this.speculators = ledger.account("speculators", true);
        this.gpuProviders = ledger.account("gpu-providers");
        this.rewards = ledger.account("rewards");
        this.validators = ledger.account("validators");
        // The pool opens at the starting price with the USD depth given; its tokens come from the treasury.
        Account poolAccount = ledger.account("pool");
        ledger.transfer(Asset.TOKEN, treasury, poolAccount, spec.poolUsdInSlice() / spec.initialPriceUsd());
        ledger.transfer(Asset.USD, outside, poolAccount, spec.poolUsdInSlice());
        this.pool = new ConstantProductPool(ledger, poolAccount, spec.pool().fee());
        if (spec.treasuryUsdInSlice() > 0) {
            ledger.transfer(Asset.USD, outside, treasury, spec.treasuryUsdInSlice());
        }
        this.initialPoolK = pool.k();
        // Speculators hold as many tokens as the pool, so they can sell as well as buy.
        ledger.transfer(Asset.TOKEN, treasury, speculators, Math.min(pool.tokenReserve(), treasury.tokens()));
        this.staking = new Staking(ledger, spec.staking().unbondingSeconds());
        this.emission = schedule(spec.emission(), spec.emissionPerDayInSlice() / 86400);
        List<NodeGroup> groups = scenario.nodes();
        this.operators = new Account[groups.size()];
        this.centralized = new Account[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            String name = groups.get(g).name();
            if (groups.get(g).kind() == NodeKind.CENTRALIZED) {
                centralized[g] = ledger.account("provider/" + name);
            } else {
                operators[g] = ledger.account("operators/" + name, true);
            }
        }
        if (spec.alphaPool() != null) {
            var a = spec.alphaPool();
            this.subnetPool = SubnetPool.open(ledger, ledger.account("subnet-pool"), treasury, a.taoReserve() * spec.share(), a.alphaPriceTao(), a.fee());
            this.initialSubnetK = subnetPool.k();
        } else {
            this.subnetPool = null;
            this.initialSubnetK = 0;
        }
    }

    /** The schedule of {@code e}, starting at {@code tokensPerSecond} (the slice's share of the network's emission). */
    private static EmissionSchedule schedule(TokenSpec.Emission e, double tokensPerSecond) {
        return switch (e.schedule()) {
            case "constant" -> new EmissionSchedule.Constant(tokensPerSecond);
            case "halving" -> new EmissionSchedule.Halving(tokensPerSecond, e.halvingSeconds());
            case "decay" -> new EmissionSchedule.Decay(tokensPerSecond, e.declinePerMonth(), 30 * 86400.0);
            case "controller" -> new EmissionSchedule.Controlled(tokensPerSecond);
            default -> throw new IllegalStateException(e.schedule());
        };
    }

    /** Whether the group is operators of the network (not a centralized provider). */
    boolean isOperator(int group) {
        return operators[group] != null;
    }

    /** Slashes a share of a group's stake (verification, liveness); returns the tokens slashed. */
    double slash(int group, double fraction) {
        if (operators[group] == null) {
            return 0;
        }
        return staking.slashFraction(operators[group], fraction, SlashDestination.burn());
    }

    /** Counts an epoch that ended with a pool's product x*y below its opening value. */
    void checkPoolProducts() {
        if (pool.k() < initialPoolK * (1 - 1e-9)) {
            kDecreases++;
        }
        if (subnetPool != null && subnetPool.k() < initialSubnetK * (1 - 1e-9)) {
            subnetKDecreases++;
        }
    }

    /** Bookkeeping checks run at the end of every replication: conservation and the pools' products. */
    void checkInvariants() {
        ledger.checkConservation();
        if (kDecreases > 0) {
            throw new IllegalStateException("the pool's product x*y fell below its opening value in " + kDecreases + " epochs");
        }
        if (subnetKDecreases > 0) {
            throw new IllegalStateException("the subnet pool's product fell below its opening value in " + subnetKDecreases + " epochs");
        }
    }
}
