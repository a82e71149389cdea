package io.dime.sim.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Staking over a ledger; named Ledger* so the token build's test filter runs it. */
class LedgerStakingTest {
    private static final double WEEK_SECONDS = 7 * 24 * 3600;

    private final Ledger ledger = new Ledger(1_000_000, "treasury");
    private final Account treasury = ledger.account("treasury");
    private final Account gamers = ledger.account("operators/gamers");
    private final Account datacenters = ledger.account("operators/datacenters");
    private final Staking staking = new Staking(ledger, WEEK_SECONDS);

    LedgerStakingTest() {
        ledger.transfer(Asset.TOKEN, treasury, gamers, 10_000);
        ledger.transfer(Asset.TOKEN, treasury, datacenters, 50_000);
    }

    @Test
    void stakingMovesTokensIntoAPerOwnerStakeAccount() {
        staking.stake(gamers, 4_000);
        assertEquals(6_000, gamers.tokens());
        assertEquals(4_000, staking.staked(gamers));
        assertEquals(4_000, ledger.find("stake/operators/gamers").orElseThrow().tokens());
        assertEquals(4_000, staking.totalStaked());
        assertTrue(staking.meetsMinimum(gamers, 4_000));
        assertFalse(staking.meetsMinimum(gamers, 4_001));
        assertFalse(staking.meetsMinimum(datacenters, 1));
        ledger.checkConservation();
    }

    @Test
    void unbondedTokensReturnOnlyAfterTheUnbondingPeriod() {
        staking.stake(gamers, 4_000);
        double releaseAt = staking.requestUnbond(gamers, 1_500, 100);
        assertEquals(100 + WEEK_SECONDS, releaseAt);
        assertEquals(2_500, staking.staked(gamers), "unbonding tokens no longer count as stake");
        assertEquals(1_500, staking.unbonding(gamers));

        assertEquals(0, staking.releaseUnbonded(100 + WEEK_SECONDS - 1));
        assertEquals(6_000, gamers.tokens());
        assertEquals(1_500, staking.releaseUnbonded(100 + WEEK_SECONDS));
        assertEquals(7_500, gamers.tokens());
        assertEquals(0, staking.unbonding(gamers));
        assertEquals(0, staking.releaseUnbonded(1e9), "released once only");
        ledger.checkConservation();
    }

    @Test
    void unbondingMoreThanIsStakedThrowsWithTheStakeAccountName() {
        staking.stake(gamers, 100);
        InsufficientFundsException e = assertThrows(InsufficientFundsException.class,
                () -> staking.requestUnbond(gamers, 101, 0));
        assertTrue(e.getMessage().contains("stake/operators/gamers"), e.getMessage());
        assertEquals(100, staking.staked(gamers));
    }

    @Test
    void slashingAFractionMovesThatFractionOfBondedAndUnbondingStakeToTheTreasury() {
        staking.stake(gamers, 4_000);
        staking.requestUnbond(gamers, 1_000, 0);
        double treasuryBefore = treasury.tokens();
        double slashed = staking.slashFraction(gamers, 0.1, SlashDestination.to(treasury));
        assertEquals(400, slashed, 1e-9);
        assertEquals(2_700, staking.staked(gamers), 1e-9);
        assertEquals(900, staking.unbonding(gamers), 1e-9);
        assertEquals(treasuryBefore + 400, treasury.tokens(), 1e-9);
        assertEquals(900, staking.releaseUnbonded(WEEK_SECONDS), 1e-9);
        assertEquals(6_900, gamers.tokens(), 1e-9);
        ledger.checkConservation();
    }

    @Test
    void slashingAnAmountTakesBondedStakeFirstThenTheNewestUnbondingAndBurnsIt() {
        staking.stake(gamers, 4_000);
        staking.requestUnbond(gamers, 1_000, 0);
        staking.requestUnbond(gamers, 500, 10);
        double supplyBefore = ledger.supply();
        double slashed = staking.slashTokens(gamers, 2_800, SlashDestination.burn());
        assertEquals(2_800, slashed);
        assertEquals(0, staking.staked(gamers));
        assertEquals(1_200, staking.unbonding(gamers), 1e-9);
        assertEquals(supplyBefore - 2_800, ledger.supply(), 1e-9);
        assertEquals(2_800, ledger.burned(), 1e-9);
        // The newer request (500) was slashed to 200; the older one (1,000) is intact.
        assertEquals(1_000, staking.releaseUnbonded(WEEK_SECONDS));
        assertEquals(200, staking.releaseUnbonded(WEEK_SECONDS + 10), 1e-9);
        ledger.checkConservation();
    }

    @Test
    void slashingCannotTakeMoreThanIsAtStake() {
        staking.stake(gamers, 300);
        assertEquals(300, staking.slashTokens(gamers, 1_000, SlashDestination.to(treasury)));
        assertEquals(0, staking.staked(gamers));
        assertEquals(0, staking.slashTokens(datacenters, 5, SlashDestination.burn()));
        ledger.checkConservation();
    }

    @Test
    void tokensAreConservedThroughRandomStakingUnbondingAndSlashing() {
        List<Account> operators = List.of(gamers, datacenters);
        SplittableRandom random = new SplittableRandom(5);
        double now = 0;
        for (int i = 0; i < 5_000; i++) {
            now += 3_600 * random.nextDouble();
            Account owner = operators.get(random.nextInt(operators.size()));
            switch (random.nextInt(5)) {
                case 0 -> staking.stake(owner, owner.tokens() * random.nextDouble());
                case 1 -> staking.requestUnbond(owner, staking.staked(owner) * random.nextDouble(), now);
                case 2 -> staking.releaseUnbonded(now);
                case 3 -> staking.slashFraction(owner, 0.05 * random.nextDouble(),
                        random.nextBoolean() ? SlashDestination.burn() : SlashDestination.to(treasury));
                default -> staking.slashTokens(owner, 50 * random.nextDouble(), SlashDestination.to(treasury));
            }
            double held = gamers.tokens() + datacenters.tokens() + treasury.tokens()
                    + staking.totalStaked() + staking.totalUnbonding();
            assertEquals(ledger.supply(), held, 1e-9 * ledger.supply(), "step " + i);
        }
        ledger.checkConservation();
        staking.releaseUnbonded(now + WEEK_SECONDS);
        assertEquals(0, staking.totalUnbonding(), 1e-9);
        ledger.checkConservation();
    }
}
