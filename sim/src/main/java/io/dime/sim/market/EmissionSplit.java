package io.dime.sim.market;

import io.dime.sim.token.Account;
import io.dime.sim.token.Asset;
import io.dime.sim.token.Ledger;
import java.util.Map;

/**
 * Step one of an epoch: the emission is minted and paid to the operator groups by the work
 * their nodes did, or split by Yuma, or injected into the subnet's pool while alpha is paid
 * out; what no one earned goes to the treasury.
 */
final class EmissionSplit {
    /** What step one emitted and the work it was paid for, which step two books per node. */
    record Emitted(double tokens, long work, long[] groupWork) {
    }

    private final double epoch;
    private final boolean upCheck;
    private final EconomyAccounts accounts;
    private final EpochTally tally;
    private final Economy.Nodes nodes;
    /** Null when the split is by work. */
    private final YumaSplit yuma;
    /** Null when there is no subnet pool. */
    private final SubnetAlpha alpha;
    /** Tokens of work whose reward the end-of-epoch up check withheld, whole run. */
    private long withheldWork;

    EmissionSplit(double epochSeconds, boolean upCheck, EconomyAccounts accounts, EpochTally tally, Economy.Nodes nodes, YumaSplit yuma,
            SubnetAlpha alpha) {
        this.epoch = epochSeconds;
        this.upCheck = upCheck;
        this.accounts = accounts;
        this.tally = tally;
        this.nodes = nodes;
        this.yuma = yuma;
        this.alpha = alpha;
    }

    /** Emits the epoch ending now and pays it out at the given token price. */
    Emitted pay(double now, double price) {
        Ledger ledger = accounts.ledger;
        Account rewards = accounts.rewards;
        double emitted = accounts.emission.tokensBetween(now - epoch, now);
        long work = 0;
        long[] groupWork = new long[accounts.operators.length];
        for (int node = 0; node < nodes.count(); node++) {
            work += accounts.isOperator(nodes.group(node)) ? tally.nodeWorkTokens[node] : 0;
            // io.net-style check at the epoch's end: a node that is down then is not paid for
            // the epoch; its share stays with the rewards account and goes to the treasury.
            if (tally.rewardWithheld(node) && tally.nodeWorkTokens[node] > 0) {
                withheldWork += tally.nodeWorkTokens[node];
                continue;
            }
            groupWork[nodes.group(node)] += tally.nodeWorkTokens[node];
        }
        if (emitted > 0) {
            ledger.mint(rewards, emitted);
            if (alpha != null) {
                alpha.inject(emitted);
            } else if (yuma != null) {
                yuma.split(emitted, Asset.TOKEN, price, groupWork);
            } else {
                payByWork(emitted, work, groupWork);
            }
            if (rewards.tokens() > 0) {
                ledger.transfer(Asset.TOKEN, rewards, accounts.treasury, rewards.tokens()); // no work: to the treasury
            }
        }
        if (alpha != null) {
            alpha.emit(price, groupWork);
        }
        tally.clearMeasures();
        return new Emitted(emitted, work, groupWork);
    }

    private void payByWork(double emitted, long work, long[] groupWork) {
        for (int g = 0; g < groupWork.length; g++) {
            if (accounts.isOperator(g) && work > 0 && groupWork[g] > 0) {
                accounts.ledger.transfer(Asset.TOKEN, accounts.rewards, accounts.operators[g], emitted * groupWork[g] / work);
            }
        }
    }

    void putMetrics(Map<String, Double> m) {
        if (upCheck) {
            m.put("token.withheld_work_tokens", (double) withheldWork);
        }
    }
}
