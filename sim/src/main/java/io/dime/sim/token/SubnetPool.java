package io.dime.sim.token;

/**
 * A Bittensor subnet's dynamic-TAO pool: a constant-product pool of TAO (the network's
 * {@link Asset#TOKEN}) and the subnet's own {@link Asset#ALPHA}, whose ratio is alpha's price in
 * TAO (NETWORKS.md, Bittensor, "Dynamic TAO"; docs.learnbittensor.org/navigating-subtensor/
 * emissions-coinbase, read 2026).
 *
 * <p>Emission enters the subnet as an {@link #inject injection}: TAO goes into the pool together
 * with alpha minted at the pool's price, so both reserves grow by the same factor and the price
 * does not move. Alpha injected per block is capped; TAO beyond what the cap matches buys alpha on
 * the pool, and that alpha is recycled (burned), so only that part moves the price up
 * (docs.taostats.io/docs/tao-emission). Participants' alpha is minted apart from the pool (see the
 * economy) and may be sold into it for TAO.
 */
public final class SubnetPool {
    private final Ledger ledger;
    private final ConstantProductPool pool;

    /** What one injection did: TAO in, alpha minted into the pool, and alpha bought with the excess and recycled. */
    public record Injection(double tao, double alphaMinted, double alphaRecycled) {
    }

    private SubnetPool(Ledger ledger, ConstantProductPool pool) {
        this.ledger = ledger;
        this.pool = pool;
    }

    /**
     * Opens the pool in {@code poolAccount}: {@code tao} from {@code taoFrom}, and alpha minted at
     * {@code alphaPriceTao} TAO per alpha; {@code fee} is the swap fee.
     */
    public static SubnetPool open(Ledger ledger, Account poolAccount, Account taoFrom, double tao, double alphaPriceTao, double fee) {
        if (!(tao > 0) || !(alphaPriceTao > 0)) {
            throw new IllegalArgumentException("a subnet pool opens with TAO > 0 at a price > 0, got " + tao + " TAO at " + alphaPriceTao);
        }
        ledger.transfer(Asset.TOKEN, taoFrom, poolAccount, tao);
        ledger.mint(poolAccount, Asset.ALPHA, tao / alphaPriceTao);
        return new SubnetPool(ledger, new ConstantProductPool(ledger, poolAccount, fee, Asset.ALPHA, Asset.TOKEN));
    }

    /** TAO per alpha, at the pool's marginal price. */
    public double alphaPriceTao() {
        return pool.price();
    }

    public double taoReserve() {
        return pool.usdReserve();
    }

    public double alphaReserve() {
        return pool.tokenReserve();
    }

    /** The constant product alpha · TAO. */
    public double k() {
        return pool.k();
    }

    public Account account() {
        return pool.account();
    }

    /**
     * Injects {@code tao} from {@code from}: at most {@code maxAlpha} alpha is minted into the pool
     * at the current price (with the TAO it matches, leaving the price as it was); any TAO left
     * over buys alpha on the pool, which is burned.
     */
    public Injection inject(Account from, double tao, double maxAlpha) {
        if (!(tao >= 0) || !(maxAlpha >= 0)) {
            throw new IllegalArgumentException("injection amounts must be >= 0, got " + tao + " TAO, cap " + maxAlpha);
        }
        double price = pool.price();
        double alphaIn = Math.min(tao / price, maxAlpha);
        double matchedTao = alphaIn == tao / price ? tao : alphaIn * price;
        ledger.transfer(Asset.TOKEN, from, pool.account(), matchedTao);
        ledger.mint(pool.account(), Asset.ALPHA, alphaIn);
        double excess = tao - matchedTao;
        double recycled = 0;
        if (excess > 0) {
            recycled = pool.buyTokensWithUsd(from, excess);
            ledger.burn(from, Asset.ALPHA, recycled);
        }
        return new Injection(tao, alphaIn, recycled);
    }

    /** {@code trader} sells {@code alpha} into the pool; returns the TAO it received. */
    public double sellAlphaForTao(Account trader, double alpha) {
        return pool.sellTokensForUsd(trader, alpha);
    }

    /** {@code trader} pays {@code tao}; returns the alpha it received. */
    public double buyAlphaWithTao(Account trader, double tao) {
        return pool.buyTokensWithUsd(trader, tao);
    }
}
