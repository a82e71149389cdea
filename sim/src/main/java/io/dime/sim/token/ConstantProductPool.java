package io.dime.sim.token;

/**
 * A token/USD constant-product market maker in the style of Uniswap v2, whose reserves are the
 * balances of one ledger account. Each swap is exactly two ledger transfers, trader to pool in
 * one asset and pool to trader in the other, so the ledger's conservation check covers the pool.
 *
 * <p>Formulas follow Adams, Zinsmeister and Robinson, "Uniswap v2 Core" (2020), section 3.2.1,
 * and the v2 periphery's {@code getAmountOut}/{@code getAmountIn}: a trader paying {@code in} of
 * one asset keeps the fee {@code f·in} in the pool and swaps the rest along
 * {@code x·y = k}, so {@code out = reserveOut·in·(1−f) / (reserveIn + in·(1−f))}, and the input
 * needed for an exact output is {@code in = reserveIn·out / ((reserveOut − out)·(1−f))}.
 * With f = 0 a swap leaves k unchanged (up to rounding); with f > 0 the kept fee makes k grow.
 * Liquidity is added or removed by plain ledger transfers into or out of the pool account;
 * liquidity-provider shares are not modelled.
 *
 * <p>The same pool can price one token in another: a Bittensor subnet's alpha in TAO
 * ({@link SubnetPool}). Then "tokens" below are the priced asset and "USD" the asset it is priced
 * in (the constructor's {@code priced} and {@code numeraire}).
 */
public final class ConstantProductPool {
    /** Uniswap v2's fixed 0.30% swap fee (whitepaper, section 3.2.1). */
    public static final double DEFAULT_FEE = 0.003;
    public static final double MAX_FEE = 0.1;

    private final Ledger ledger;
    private final Account poolAccount;
    private final double fee;
    private final Asset priced;
    private final Asset numeraire;

    public ConstantProductPool(Ledger ledger, Account poolAccount) {
        this(ledger, poolAccount, DEFAULT_FEE);
    }

    /** A token/USD pool. */
    public ConstantProductPool(Ledger ledger, Account poolAccount, double fee) {
        this(ledger, poolAccount, fee, Asset.TOKEN, Asset.USD);
    }

    /** A pool pricing {@code priced} in {@code numeraire}, e.g. {@link Asset#ALPHA} in {@link Asset#TOKEN}. */
    public ConstantProductPool(Ledger ledger, Account poolAccount, double fee, Asset priced, Asset numeraire) {
        if (priced == numeraire) {
            throw new IllegalArgumentException("a pool trades two different assets, got " + priced + " twice");
        }
        if (!(fee >= 0 && fee <= MAX_FEE)) {
            throw new IllegalArgumentException("swap fee must lie in [0, " + MAX_FEE + "], got " + fee);
        }
        if (poolAccount.usdMayGoNegative() || !poolAccount.belongsTo(ledger)) {
            throw new IllegalArgumentException("pool account '" + poolAccount.name()
                    + "' must belong to the ledger and may not run a negative USD balance");
        }
        this.ledger = ledger;
        this.poolAccount = poolAccount;
        this.fee = fee;
        this.priced = priced;
        this.numeraire = numeraire;
    }

    public Account account() {
        return poolAccount;
    }

    /** Fraction of each swap's input kept in the pool. */
    public double fee() {
        return fee;
    }

    /** The reserve of the priced asset. */
    public double tokenReserve() {
        return poolAccount.balance(priced);
    }

    /** The reserve of the numeraire. */
    public double usdReserve() {
        return poolAccount.balance(numeraire);
    }

    /** Marginal price in USD per token, before fee: usdReserve / tokenReserve. */
    public double price() {
        requireLiquidity();
        return usdReserve() / tokenReserve();
    }

    /** The constant product k = tokenReserve · usdReserve. */
    public double k() {
        return tokenReserve() * usdReserve();
    }

    /** Tokens a buyer paying {@code usdIn} would receive now (a quote; nothing moves). */
    public double tokensOutForUsdIn(double usdIn) {
        return amountOut(usdIn, usdReserve(), tokenReserve());
    }

    /** Dollars a seller paying {@code tokensIn} would receive now (a quote; nothing moves). */
    public double usdOutForTokensIn(double tokensIn) {
        return amountOut(tokensIn, tokenReserve(), usdReserve());
    }

    /** Dollars a buyer must pay to receive exactly {@code tokensOut}, e.g. to pay a fee in tokens. */
    public double usdNeededForTokens(double tokensOut) {
        return amountIn(tokensOut, usdReserve(), tokenReserve(), "tokens");
    }

    /** Tokens a seller must pay to receive exactly {@code usdOut}. */
    public double tokensNeededForUsd(double usdOut) {
        return amountIn(usdOut, tokenReserve(), usdReserve(), "USD");
    }

    /** {@code trader} pays {@code usdIn}; returns the tokens it received. */
    public double buyTokensWithUsd(Account trader, double usdIn) {
        double tokensOut = tokensOutForUsdIn(usdIn);
        swap(trader, numeraire, usdIn, tokensOut);
        return tokensOut;
    }

    /** {@code trader} pays {@code tokensIn}; returns the dollars it received. */
    public double sellTokensForUsd(Account trader, double tokensIn) {
        double usdOut = usdOutForTokensIn(tokensIn);
        swap(trader, priced, tokensIn, usdOut);
        return usdOut;
    }

    /** {@code trader} receives exactly {@code tokensOut}; returns the dollars it paid. */
    public double buyExactTokens(Account trader, double tokensOut) {
        double usdIn = usdNeededForTokens(tokensOut);
        swap(trader, numeraire, usdIn, tokensOut);
        return usdIn;
    }

    /** {@code trader} receives exactly {@code usdOut}; returns the tokens it paid. */
    public double sellTokensForExactUsd(Account trader, double usdOut) {
        double tokensIn = tokensNeededForUsd(usdOut);
        swap(trader, priced, tokensIn, usdOut);
        return tokensIn;
    }

    private void swap(Account trader, Asset paid, double amountIn, double amountOut) {
        Asset received = paid == numeraire ? priced : numeraire;
        // The trader's leg goes first: if it cannot pay, it throws before anything has moved, and
        // the pool's leg cannot fail because an output is always below the reserve it comes from.
        ledger.transfer(paid, trader, poolAccount, amountIn);
        ledger.transfer(received, poolAccount, trader, amountOut);
    }

    private double amountOut(double amountIn, double reserveIn, double reserveOut) {
        requireAmount(amountIn);
        requireLiquidity();
        double inAfterFee = amountIn * (1 - fee);
        return reserveOut * inAfterFee / (reserveIn + inAfterFee);
    }

    private double amountIn(double amountOut, double reserveIn, double reserveOut, String outName) {
        requireAmount(amountOut);
        requireLiquidity();
        if (amountOut >= reserveOut) {
            throw new IllegalArgumentException("cannot take " + amountOut + " " + outName
                    + " out of a pool holding " + reserveOut);
        }
        return reserveIn * amountOut / ((reserveOut - amountOut) * (1 - fee));
    }

    private void requireLiquidity() {
        if (!(tokenReserve() > 0 && usdReserve() > 0)) {
            throw new IllegalStateException("pool '" + poolAccount.name() + "' has no liquidity: " + poolAccount);
        }
    }

    private static void requireAmount(double amount) {
        if (!(amount >= 0) || amount == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("swap amount must be finite and >= 0, got " + amount);
        }
    }
}
