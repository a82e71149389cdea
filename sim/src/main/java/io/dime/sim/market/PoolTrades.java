package io.dime.sim.market;

import io.dime.sim.kernel.Simulation;
import io.dime.sim.scenario.TokenSpec;
import io.dime.sim.token.Account;
import io.dime.sim.token.ConstantProductPool;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Steps three to five of an epoch, the trades on the token/USD pool: operators selling tokens to
 * pay their bills, the treasury's buyback-and-burn, and speculative flow.
 */
final class PoolTrades {
    private final TokenSpec spec;
    private final EconomyAccounts accounts;
    private final ConstantProductPool pool;
    private final Controllers controllers;
    private final RandomGenerator speculation;

    PoolTrades(TokenSpec spec, Simulation sim, EconomyAccounts accounts, Controllers controllers) {
        this.spec = spec;
        this.accounts = accounts;
        this.pool = accounts.pool;
        this.controllers = controllers;
        this.speculation = sim.random().stream("token/speculation");
    }

    /** Operators sell a share of their tokens to pay their bills. */
    void operatorsSell() {
        for (Account operator : accounts.operators) {
            if (operator != null && operator.tokens() > 0 && spec.operatorSellShare() > 0) {
                pool.sellTokensForUsd(operator, operator.tokens() * spec.operatorSellShare());
            }
        }
    }

    /**
     * Buyback-and-burn: the treasury spends a share of its dollars (fees, and any reserve) on
     * tokens and burns them. A controller on "burn" moves that share, so the treasury works as a
     * buffer: it spends more while the price is low and saves while it is high.
     */
    void buyBackAndBurn() {
        Account treasury = accounts.treasury;
        double buyback = controllers.burnShare() * treasury.usd();
        if (buyback > 1e-9) {
            double bought = pool.buyTokensWithUsd(treasury, buyback);
            accounts.ledger.burn(treasury, bought);
        }
    }

    /** Speculative flow: a random walk with jumps, as a share of the pool's depth. */
    void speculate() {
        TokenSpec.Speculation s = spec.speculation();
        double share = s.volatility() * speculation.nextGaussian();
        if (speculation.nextDouble() < s.jumpProbability()) {
            share += (speculation.nextBoolean() ? 1 : -1) * s.jumpSize();
        }
        Account speculators = accounts.speculators;
        double usd = share * pool.usdReserve();
        if (usd > 0) {
            pool.buyTokensWithUsd(speculators, usd);
        } else if (usd < 0) {
            double tokens = Math.min(speculators.tokens(), pool.tokensNeededForUsd(Math.min(-usd, pool.usdReserve() * 0.5)));
            if (tokens > 0) {
                pool.sellTokensForUsd(speculators, tokens);
            }
        }
    }
}
