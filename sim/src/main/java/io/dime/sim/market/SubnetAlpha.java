package io.dime.sim.market;

import io.dime.sim.scenario.TokenSpec;
import io.dime.sim.token.Account;
import io.dime.sim.token.Asset;
import io.dime.sim.token.SubnetPool;
import java.util.Locale;
import java.util.Map;

/**
 * The subnet's dTAO pool over the run ({@code token.alpha_pool}): the epoch's token emission
 * injected into it, the alpha minted for participants and split by Yuma, and operators' alpha
 * sold back for tokens.
 */
final class SubnetAlpha {
    private final TokenSpec.AlphaPool settings;
    private final double epoch;
    private final EconomyAccounts accounts;
    private final SubnetPool pool;
    private final YumaSplit yuma;
    /** The slice's share of the subnet: its alpha emission and injection limit are the subnet's times this. */
    private final double share;
    private double priceAtWarmup = Double.NaN;
    private double injectedTao;
    private double injected;
    private double recycled;
    private double emitted;
    private double sold;

    SubnetAlpha(TokenSpec spec, EconomyAccounts accounts, YumaSplit yuma) {
        this.settings = spec.alphaPool();
        this.share = spec.share();
        this.epoch = spec.epochSeconds();
        this.accounts = accounts;
        this.pool = accounts.subnetPool;
        this.yuma = yuma;
    }

    /**
     * The epoch's token emission goes into the subnet's pool with matching alpha (the price
     * stays), capped at the alpha injection limit; the excess buys alpha that is recycled.
     */
    void inject(double emittedTao) {
        double maxAlpha = settings.maxInjectionAlphaPerDay() * share * epoch / 86400;
        SubnetPool.Injection injection = pool.inject(accounts.rewards, emittedTao, maxAlpha);
        injectedTao += injection.tao();
        injected += injection.alphaMinted();
        recycled += injection.alphaRecycled();
    }

    /** The epoch's alpha for participants, minted and split by Yuma (owner, miners, validators). */
    void emit(double tokenPriceUsd, long[] groupWork) {
        double alpha = settings.alphaPerDay() * share * epoch / 86400;
        if (alpha <= 0) {
            return;
        }
        Account rewards = accounts.rewards;
        accounts.ledger.mint(rewards, Asset.ALPHA, alpha);
        emitted += alpha;
        yuma.split(alpha, Asset.ALPHA, pool.alphaPriceTao() * tokenPriceUsd, groupWork);
        if (rewards.alpha() > 0) {
            accounts.ledger.transfer(Asset.ALPHA, rewards, accounts.treasury, rewards.alpha()); // unclaimed: to the owner
        }
    }

    /** Operators sell a share of their alpha for tokens, before they sell tokens for dollars. */
    void sellOperatorsAlpha() {
        if (settings.sellShare() <= 0) {
            return;
        }
        for (Account operator : accounts.operators) {
            if (operator != null && operator.alpha() > 0) {
                sold += operator.alpha() * settings.sellShare();
                pool.sellAlphaForTao(operator, operator.alpha() * settings.sellShare());
            }
        }
    }

    /** Notes the alpha price at the first measured epoch. */
    void noteWarmup() {
        if (Double.isNaN(priceAtWarmup)) {
            priceAtWarmup = pool.alphaPriceTao();
        }
    }

    /** The timeseries columns alpha_price_tao and alpha_pool_tao. */
    void appendColumns(StringBuilder row) {
        row.append(String.format(Locale.ROOT, ",%.8g,%.10g", pool.alphaPriceTao(), pool.taoReserve()));
    }

    void putMetrics(Map<String, Double> m) {
        m.put("alpha.price_tao_start", Double.isNaN(priceAtWarmup) ? pool.alphaPriceTao() : priceAtWarmup);
        m.put("alpha.price_tao_end", pool.alphaPriceTao());
        m.put("alpha.pool_tao_end", pool.taoReserve());
        m.put("alpha.injected_tao", injectedTao);
        m.put("alpha.injected_alpha", injected);
        m.put("alpha.recycled", recycled);
        m.put("alpha.emitted", emitted);
        m.put("alpha.sold", sold);
        m.put("alpha.validators", accounts.validators.alpha());
        m.put("alpha.supply_end", accounts.ledger.alphaSupply());
    }
}
