package io.dime.sim.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PoolTest {

    /** A ledger with a pool seeded from the treasury (tokens) and the outside world (dollars). */
    private static final class Market {
        final Ledger ledger = new Ledger(10_000_000, "treasury");
        final Account treasury = ledger.account("treasury");
        final Account external = ledger.account("external", true);
        final Account trader = ledger.account("users", true);
        final ConstantProductPool pool;

        Market(double tokens, double usd, double fee) {
            Account poolAccount = ledger.account("pool");
            ledger.transfer(Asset.TOKEN, treasury, poolAccount, tokens);
            ledger.transfer(Asset.USD, external, poolAccount, usd);
            pool = new ConstantProductPool(ledger, poolAccount, fee);
        }
    }

    @Test
    void priceIsDollarsPerTokenAndRisesOnBuysAndFallsOnSells() {
        Market market = new Market(1_000_000, 500_000, 0.003);
        ConstantProductPool pool = market.pool;
        assertEquals(0.5, pool.price(), 1e-15);
        double before = pool.price();
        double tokens = pool.buyTokensWithUsd(market.trader, 10_000);
        assertTrue(pool.price() > before, "a buy takes tokens out, so each remaining token costs more");
        double afterBuy = pool.price();
        pool.sellTokensForUsd(market.trader, tokens / 2);
        assertTrue(pool.price() < afterBuy, "a sell adds tokens, so the price falls");
    }

    @Test
    void priceImpactOfABuyGrowsWithTradeSize() {
        Market market = new Market(1_000_000, 1_000_000, 0.003);
        double previousImpact = 0;
        for (double usdIn : new double[] {100, 1_000, 10_000, 100_000}) {
            double impact = executionPriceOverSpot(market.pool, usdIn) - 1;
            assertTrue(impact > previousImpact, "impact " + impact + " at " + usdIn + " USD");
            previousImpact = impact;
        }
    }

    @Test
    void priceImpactOfABuyShrinksWithPoolDepth() {
        Market shallow = new Market(100_000, 100_000, 0.003);
        Market deep = new Market(1_000_000, 1_000_000, 0.003);
        double shallowImpact = executionPriceOverSpot(shallow.pool, 10_000) - 1;
        double deepImpact = executionPriceOverSpot(deep.pool, 10_000) - 1;
        assertTrue(deepImpact < shallowImpact / 5, "deep " + deepImpact + " vs shallow " + shallowImpact);
        // Price after the trade, not just the average paid, moves less in the deep pool too.
        double shallowBefore = shallow.pool.price();
        double deepBefore = deep.pool.price();
        shallow.pool.buyTokensWithUsd(shallow.trader, 10_000);
        deep.pool.buyTokensWithUsd(deep.trader, 10_000);
        assertTrue(deep.pool.price() / deepBefore < shallow.pool.price() / shallowBefore);
    }

    @Test
    void withoutFeeTheProductIsUnchangedOverTenThousandRandomSwaps() {
        Market market = new Market(1_000_000, 2_000_000, 0);
        ConstantProductPool pool = market.pool;
        market.ledger.transfer(Asset.TOKEN, market.treasury, market.trader, 5_000_000);
        double k0 = pool.k();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            double kBefore = pool.k();
            if (random.nextBoolean()) {
                pool.buyTokensWithUsd(market.trader, pool.usdReserve() * 0.02 * random.nextDouble());
            } else {
                pool.sellTokensForUsd(market.trader, pool.tokenReserve() * 0.02 * random.nextDouble());
            }
            assertEquals(kBefore, pool.k(), 1e-12 * kBefore, "swap " + i);
        }
        assertEquals(k0, pool.k(), 1e-9 * k0);
        market.ledger.checkConservation();
    }

    @Test
    void withAFeeTheProductNeverDecreases() {
        Market market = new Market(1_000_000, 2_000_000, 0.003);
        ConstantProductPool pool = market.pool;
        market.ledger.transfer(Asset.TOKEN, market.treasury, market.trader, 5_000_000);
        double k0 = pool.k();
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 10_000; i++) {
            double kBefore = pool.k();
            switch (random.nextInt(3)) {
                case 0 -> pool.buyTokensWithUsd(market.trader, pool.usdReserve() * 0.02 * random.nextDouble());
                case 1 -> pool.sellTokensForUsd(market.trader, pool.tokenReserve() * 0.02 * random.nextDouble());
                default -> pool.buyExactTokens(market.trader, pool.tokenReserve() * 0.02 * random.nextDouble());
            }
            assertTrue(pool.k() >= kBefore, "swap " + i + " lowered k from " + kBefore + " to " + pool.k());
        }
        assertTrue(pool.k() > k0 * 1.01, "fees kept in the pool should have grown k noticeably");
        market.ledger.checkConservation();
    }

    @Test
    void aRoundTripWithoutFeeGivesBackTheSameDollars() {
        Market market = new Market(1_000_000, 500_000, 0);
        double tokens = market.pool.buyTokensWithUsd(market.trader, 25_000);
        double usdBack = market.pool.sellTokensForUsd(market.trader, tokens);
        assertEquals(25_000, usdBack, 1e-9 * 25_000);
        assertEquals(1_000_000, market.pool.tokenReserve(), 1e-9 * 1_000_000);
        assertEquals(500_000, market.pool.usdReserve(), 1e-9 * 500_000);
    }

    @Test
    void aRoundTripLosesExactlyTheFeeChargedOnBothLegs() {
        double fee = 0.003;
        double usdReserve = 500_000;
        double usdIn = 25_000;
        Market market = new Market(1_000_000, usdReserve, fee);
        double tokens = market.pool.buyTokensWithUsd(market.trader, usdIn);
        double usdBack = market.pool.sellTokensForUsd(market.trader, tokens);
        // Closed form from the two swap formulas with g = 1 − f: the buy leaves (T·U/(U+x·g), U+x);
        // selling its output back returns x·g²·(U+x)/(U+x·g²). With g = 1 it is x exactly.
        double g = 1 - fee;
        double expected = usdIn * g * g * (usdReserve + usdIn) / (usdReserve + usdIn * g * g);
        assertEquals(expected, usdBack, 1e-9 * usdIn);
        double loss = usdIn - usdBack;
        assertTrue(loss > 0 && loss < usdIn * (1 - g * g), "the loss " + loss + " is below two full fees because the fee stays in the pool");
        assertEquals(usdIn - usdBack, market.pool.usdReserve() - usdReserve, 1e-9 * usdIn,
                "what the trader lost, the pool kept");
    }

    @Test
    void usdNeededForTokensInvertsBuyingWithUsd() {
        Market market = new Market(1_000_000, 500_000, 0.003);
        ConstantProductPool pool = market.pool;
        for (double tokensWanted : new double[] {1e-3, 1, 1_000, 100_000, 900_000}) {
            double usd = pool.usdNeededForTokens(tokensWanted);
            assertEquals(tokensWanted, pool.tokensOutForUsdIn(usd), 1e-9 * tokensWanted);
        }
        for (double usdWanted : new double[] {1e-3, 1, 1_000, 100_000}) {
            double tokens = pool.tokensNeededForUsd(usdWanted);
            assertEquals(usdWanted, pool.usdOutForTokensIn(tokens), 1e-9 * usdWanted);
        }
        assertThrows(IllegalArgumentException.class, () -> pool.usdNeededForTokens(1_000_000));
    }

    @Test
    void buyingExactTokensDeliversThemAndChargesTheQuotedDollars() {
        Market market = new Market(1_000_000, 500_000, 0.003);
        double quote = market.pool.usdNeededForTokens(1_234);
        double paid = market.pool.buyExactTokens(market.trader, 1_234);
        assertEquals(quote, paid);
        assertEquals(1_234, market.trader.tokens());
        assertEquals(-paid, market.trader.usd());
        double tokensPaid = market.pool.sellTokensForExactUsd(market.trader, 100);
        assertEquals(1_234 - tokensPaid, market.trader.tokens(), 1e-9);
        assertEquals(-paid + 100, market.trader.usd(), 1e-9);
    }

    @Test
    void everySwapIsTwoLedgerTransfersAndConservesBothAssets() {
        Market market = new Market(1_000_000, 500_000, 0.003);
        Account gamer = market.ledger.account("operators/gamers");
        market.ledger.transfer(Asset.USD, market.external, gamer, 1_000);
        double poolTokens = market.pool.tokenReserve();
        double poolUsd = market.pool.usdReserve();
        double tokens = market.pool.buyTokensWithUsd(gamer, 1_000);
        assertEquals(0, gamer.usd());
        assertEquals(tokens, gamer.tokens());
        assertEquals(poolTokens - tokens, market.pool.tokenReserve());
        assertEquals(poolUsd + 1_000, market.pool.usdReserve());
        double usd = market.pool.sellTokensForUsd(gamer, tokens);
        assertEquals(usd, gamer.usd());
        assertEquals(0, gamer.tokens());
        market.ledger.checkConservation();
        assertEquals(0, market.ledger.total(Asset.USD), 1e-9);
    }

    @Test
    void aTraderWhoCannotPayLeavesThePoolUntouched() {
        Market market = new Market(1_000_000, 500_000, 0.003);
        Account gamer = market.ledger.account("operators/gamers");
        double kBefore = market.pool.k();
        InsufficientFundsException e = assertThrows(InsufficientFundsException.class,
                () -> market.pool.buyTokensWithUsd(gamer, 10));
        assertTrue(e.getMessage().contains("operators/gamers"));
        assertEquals(kBefore, market.pool.k());
        assertEquals(0, gamer.tokens());
    }

    @Test
    void feesOutsideTheAllowedRangeAndEmptyPoolsAreRejected() {
        Ledger ledger = new Ledger(1, "treasury");
        Account poolAccount = ledger.account("pool");
        assertThrows(IllegalArgumentException.class, () -> new ConstantProductPool(ledger, poolAccount, -0.01));
        assertThrows(IllegalArgumentException.class, () -> new ConstantProductPool(ledger, poolAccount, 0.2));
        assertThrows(IllegalArgumentException.class,
                () -> new ConstantProductPool(ledger, ledger.account("external", true), 0.003));
        ConstantProductPool empty = new ConstantProductPool(ledger, poolAccount);
        assertEquals(ConstantProductPool.DEFAULT_FEE, empty.fee());
        assertThrows(IllegalStateException.class, empty::price);
    }

    private static double executionPriceOverSpot(ConstantProductPool pool, double usdIn) {
        return usdIn / pool.tokensOutForUsdIn(usdIn) / pool.price();
    }
}
