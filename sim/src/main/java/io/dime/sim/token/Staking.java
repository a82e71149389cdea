package io.dime.sim.token;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operators' token stakes, held in ledger accounts {@code stake/<owner>} (bonded) and
 * {@code unbonding/<owner>} (requested back, waiting out the unbonding period). Unbonding tokens
 * stay slashable until released, as in Cosmos SDK staking, so that a misbehaving operator cannot
 * escape a penalty by asking for its stake back the moment it cheats.
 */
public final class Staking {
    private final Ledger ledger;
    private final double unbondingPeriodSeconds;
    private final Map<Account, Stake> stakes = new LinkedHashMap<>();

    public Staking(Ledger ledger, double unbondingPeriodSeconds) {
        if (!(unbondingPeriodSeconds >= 0) || unbondingPeriodSeconds == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("unbonding period must be finite and >= 0 s, got " + unbondingPeriodSeconds);
        }
        this.ledger = ledger;
        this.unbondingPeriodSeconds = unbondingPeriodSeconds;
    }

    public double unbondingPeriodSeconds() {
        return unbondingPeriodSeconds;
    }

    /** Moves {@code tokens} from {@code owner}'s account into its bonded stake. */
    public void stake(Account owner, double tokens) {
        ledger.transfer(Asset.TOKEN, owner, stakeOf(owner).bonded, tokens);
    }

    /**
     * Starts unbonding {@code tokens} of {@code owner}'s bonded stake; they stop counting as
     * staked now and come back at the returned time, via {@link #releaseUnbonded}.
     */
    public double requestUnbond(Account owner, double tokens, double nowSeconds) {
        Stake stake = stakeOf(owner);
        ledger.transfer(Asset.TOKEN, stake.bonded, stake.unbonding, tokens);
        double releaseAtSeconds = nowSeconds + unbondingPeriodSeconds;
        stake.pending.add(new Unbond(tokens, releaseAtSeconds));
        return releaseAtSeconds;
    }

    /** Returns every unbonding whose period has ended by {@code nowSeconds}; gives the tokens returned. */
    public double releaseUnbonded(double nowSeconds) {
        double released = 0;
        for (Stake stake : stakes.values()) {
            for (int i = 0; i < stake.pending.size(); ) {
                Unbond unbond = stake.pending.get(i);
                if (unbond.releaseAtSeconds() > nowSeconds) {
                    i++;
                    continue;
                }
                stake.pending.remove(i);
                // The last entry takes whatever is left, so rounding never strands dust in the account.
                double held = Math.max(0, stake.unbonding.tokens());
                double tokens = stake.pending.isEmpty() ? held : Math.min(unbond.tokens(), held);
                ledger.transfer(Asset.TOKEN, stake.unbonding, stake.owner, tokens);
                released += tokens;
            }
        }
        return released;
    }

    /**
     * Slashes {@code tokens} from {@code owner}: bonded stake first, then unbonding stake, newest
     * request first. Takes at most what the owner has at stake; returns the tokens taken.
     */
    public double slashTokens(Account owner, double tokens, SlashDestination destination) {
        if (!(tokens >= 0) || tokens == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("slash amount must be finite and >= 0, got " + tokens);
        }
        Stake stake = stakeOf(owner);
        double fromBonded = Math.min(tokens, Math.max(0, stake.bonded.tokens()));
        move(stake.bonded, fromBonded, destination);
        double fromUnbonding = 0;
        for (int i = stake.pending.size() - 1; i >= 0 && fromBonded + fromUnbonding < tokens; i--) {
            Unbond unbond = stake.pending.get(i);
            double take = Math.min(unbond.tokens(), tokens - fromBonded - fromUnbonding);
            stake.pending.set(i, new Unbond(unbond.tokens() - take, unbond.releaseAtSeconds()));
            fromUnbonding += take;
        }
        fromUnbonding = Math.min(fromUnbonding, Math.max(0, stake.unbonding.tokens()));
        move(stake.unbonding, fromUnbonding, destination);
        return fromBonded + fromUnbonding;
    }

    /** Slashes {@code fraction} of everything {@code owner} has at stake, bonded and unbonding; returns the tokens taken. */
    public double slashFraction(Account owner, double fraction, SlashDestination destination) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("slash fraction must lie in [0, 1], got " + fraction);
        }
        Stake stake = stakeOf(owner);
        double fromBonded = fraction * Math.max(0, stake.bonded.tokens());
        double fromUnbonding = fraction * Math.max(0, stake.unbonding.tokens());
        stake.pending.replaceAll(u -> new Unbond(u.tokens() * (1 - fraction), u.releaseAtSeconds()));
        move(stake.bonded, fromBonded, destination);
        move(stake.unbonding, fromUnbonding, destination);
        return fromBonded + fromUnbonding;
    }

    /** Bonded stake of {@code owner}; unbonding tokens do not count. */
    public double staked(Account owner) {
        Stake stake = stakes.get(owner);
        return stake == null ? 0 : stake.bonded.tokens();
    }

    /** Tokens of {@code owner} waiting out the unbonding period. */
    public double unbonding(Account owner) {
        Stake stake = stakes.get(owner);
        return stake == null ? 0 : stake.unbonding.tokens();
    }

    public double totalStaked() {
        double sum = 0;
        for (Stake stake : stakes.values()) {
            sum += stake.bonded.tokens();
        }
        return sum;
    }

    public double totalUnbonding() {
        double sum = 0;
        for (Stake stake : stakes.values()) {
            sum += stake.unbonding.tokens();
        }
        return sum;
    }

    /** Whether {@code owner}'s bonded stake reaches {@code minStakeTokens}, up to ledger rounding. */
    public boolean meetsMinimum(Account owner, double minStakeTokens) {
        return staked(owner) >= minStakeTokens - Ledger.OVERDRAFT_TOLERANCE;
    }

    /** The ledger account holding {@code owner}'s bonded stake. */
    public Account stakeAccount(Account owner) {
        return stakeOf(owner).bonded;
    }

    private void move(Account from, double tokens, SlashDestination destination) {
        // Java 17 has no pattern switch outside preview; the sealed type has exactly these two cases.
        if (destination instanceof SlashDestination.ToAccount to) {
            ledger.transfer(Asset.TOKEN, from, to.account(), tokens);
        } else {
            ledger.burn(from, tokens);
        }
    }

    private Stake stakeOf(Account owner) {
        if (owner == null || !owner.belongsTo(ledger)) {
            throw new IllegalArgumentException("staker " + owner + " does not belong to this ledger");
        }
        return stakes.computeIfAbsent(owner, o -> new Stake(o,
                ledger.account("stake/" + o.name()), ledger.account("unbonding/" + o.name())));
    }

    private record Unbond(double tokens, double releaseAtSeconds) {
    }

    private static final class Stake {
        final Account owner;
        final Account bonded;
        final Account unbonding;
        final List<Unbond> pending = new ArrayList<>();

        Stake(Account owner, Account bonded, Account unbonding) {
            this.owner = owner;
            this.bonded = bonded;
            this.unbonding = unbonding;
        }
    }
}
