package io.dime.sim.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SubnetPoolTest {
    private final Ledger ledger = new Ledger(1_000_000, "treasury");
    private final Account treasury = ledger.account("treasury");
    private final Account rewards = ledger.account("rewards");
    private final Account miner = ledger.account("miner");
    private final SubnetPool pool = SubnetPool.open(ledger, ledger.account("subnet-pool"), treasury, 20_000, 0.05, 0);

    @Test
    void opensAtThePriceGivenWithAlphaMintedForIt() {
        assertEquals(0.05, pool.alphaPriceTao(), 1e-15);
        assertEquals(20_000, pool.taoReserve(), 1e-9);
        assertEquals(400_000, pool.alphaReserve(), 1e-6);
        assertEquals(400_000, ledger.alphaSupply(), 1e-6);
        ledger.checkConservation();
    }

    @Test
    void taoInjectionLeavesTheAlphaPriceUnchanged() {
        double before = pool.alphaPriceTao();
        for (double tao : new double[] {1, 28.1, 500, 1e-6, 10_000}) {
            ledger.mint(rewards, tao);
            SubnetPool.Injection injection = pool.inject(rewards, tao, Double.POSITIVE_INFINITY);
            assertEquals(tao / before, injection.alphaMinted(), 1e-9 * tao / before, "alpha matching the TAO at the price");
            assertEquals(0, injection.alphaRecycled());
            assertEquals(before, pool.alphaPriceTao(), 1e-12 * before, "after injecting " + tao + " TAO");
        }
        assertEquals(0, rewards.tokens(), 1e-9, "all the TAO went in");
        ledger.checkConservation();
    }

    @Test
    void taoBeyondTheAlphaCapBuysAlphaThatIsRecycledAndLiftsThePrice() {
        double before = pool.alphaPriceTao();
        ledger.mint(rewards, 100);
        // The cap matches 50 TAO (1,000 alpha at 0.05); the other 50 TAO buy alpha, which is burned.
        SubnetPool.Injection injection = pool.inject(rewards, 100, 1_000);
        assertEquals(1_000, injection.alphaMinted(), 1e-9);
        assertTrue(injection.alphaRecycled() > 0 && injection.alphaRecycled() < 1_000, "50 TAO buy a little under 1,000 alpha: " + injection.alphaRecycled());
        assertTrue(pool.alphaPriceTao() > before, "the buy lifts the price");
        assertEquals(0, rewards.alpha(), 1e-12, "the bought alpha is burned");
        assertEquals(injection.alphaRecycled(), ledger.alphaBurned(), 1e-12);
        assertEquals(20_100, pool.taoReserve(), 1e-9);
        ledger.checkConservation();
    }

    @Test
    void sellingAlphaPaysTaoAndLowersThePrice() {
        ledger.mint(miner, Asset.ALPHA, 10_000);
        double before = pool.alphaPriceTao();
        double tao = pool.sellAlphaForTao(miner, 10_000);
        assertTrue(tao > 0 && tao < 10_000 * before, "a sale pays less than the marginal price: " + tao);
        assertTrue(pool.alphaPriceTao() < before);
        assertEquals(tao, miner.tokens(), 1e-12);
        assertEquals(0, miner.alpha(), 1e-12);
        double alpha = pool.buyAlphaWithTao(miner, tao);
        assertTrue(alpha < 10_000 + 1e-9, "buying back cannot return more than was sold: " + alpha);
        ledger.checkConservation();
    }

    @Test
    void alphaIsConservedAndNeverMixedWithTokensOrDollars() {
        ledger.mint(miner, Asset.ALPHA, 5);
        ledger.transfer(Asset.ALPHA, miner, rewards, 2);
        ledger.burn(rewards, Asset.ALPHA, 1);
        assertEquals(1_000_000, ledger.supply(), 1e-9, "the token supply does not see alpha");
        assertEquals(400_000 + 4, ledger.alphaSupply(), 1e-6);
        assertThrows(InsufficientFundsException.class, () -> ledger.burn(rewards, Asset.ALPHA, 2));
        assertThrows(IllegalArgumentException.class, () -> ledger.mint(miner, Asset.USD, 1));
        ledger.checkConservation();
    }
}
