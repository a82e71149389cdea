package io.dime.sim.market;

import io.dime.sim.scenario.Scenario;
import io.dime.sim.token.Account;
import io.dime.sim.token.Asset;
import io.dime.sim.token.ConstantProductPool;
import io.dime.sim.token.Ledger;

/**
 * Moves the money for each completed request: the user's payment to a centralized provider, or
 * to an operator group less the protocol fee (part of it burned), or, under burn-and-mint, into
 * tokens bought on the pool and burned.
 */
final class Settlement {
    private final EconomyAccounts accounts;
    private final Ledger ledger;
    private final ConstantProductPool pool;
    private final EpochTally tally;
    private final Controllers controllers;
    /** The market's settlement and currency, read once rather than compared as text on every completion. */
    private final boolean burnAndMint;
    private final boolean inTokens;
    /** What operators received from users' payments (USD, or tokens valued at the pool price), whole run. */
    private double operatorPaymentsUsd;

    Settlement(Scenario scenario, EconomyAccounts accounts, EpochTally tally, Controllers controllers) {
        this.accounts = accounts;
        this.ledger = accounts.ledger;
        this.pool = accounts.pool;
        this.tally = tally;
        this.controllers = controllers;
        this.burnAndMint = scenario.market().burnAndMint();
        this.inTokens = scenario.market().inTokens();
    }

    /** See {@link Economy#settle}. */
    Economy.Payment settle(int node, int group, long requestTokens, double amount, boolean sloMet) {
        tally.countRequest(requestTokens, sloMet);
        Account provider = accounts.centralized[group];
        if (provider != null) {
            ledger.transfer(Asset.USD, accounts.users, provider, amount);
            tally.addUserUsd(amount);
            return new Economy.Payment(amount, amount, 0);
        }
        tally.countWork(node, requestTokens, sloMet);
        if (burnAndMint) {
            return burnAndMint(amount);
        }
        Account users = accounts.users;
        Account operator = accounts.operators[group];
        double fee = amount * controllers.protocolFee();
        double userUsd;
        double price = pool.price();
        if (inTokens) {
            userUsd = amount > 0 ? pool.buyExactTokens(users, amount) : 0;
            ledger.transfer(Asset.TOKEN, users, operator, amount - fee);
            double burned = fee * controllers.burnShare();
            ledger.transfer(Asset.TOKEN, users, accounts.treasury, fee);
            if (burned > 0) {
                ledger.burn(accounts.treasury, burned);
            }
            tally.nodeRevenueUsd[node] += (amount - fee) * price;
        } else {
            userUsd = amount;
            ledger.transfer(Asset.USD, users, operator, amount - fee);
            ledger.transfer(Asset.USD, users, accounts.treasury, fee);
            tally.nodeRevenueUsd[node] += amount - fee;
        }
        tally.addUserUsd(userUsd);
        double operatorUsd = inTokens ? (amount - fee) * price : amount - fee;
        operatorPaymentsUsd += operatorUsd;
        return new Economy.Payment(userUsd, operatorUsd, userUsd - operatorUsd);
    }

    /**
     * Burn-and-mint: the USD price, less the protocol fee, buys tokens that are burned at once;
     * the operator's pay is its share of the epoch's emission (the work counted in the tally).
     */
    private Economy.Payment burnAndMint(double amount) {
        double bmeFee = amount * controllers.protocolFee();
        ledger.transfer(Asset.USD, accounts.users, accounts.treasury, bmeFee);
        if (amount - bmeFee > 0) {
            double bought = pool.buyTokensWithUsd(accounts.users, amount - bmeFee);
            ledger.burn(accounts.users, bought);
        }
        tally.addUserUsd(amount);
        return new Economy.Payment(amount, 0, amount);
    }

    double operatorPaymentsUsd() {
        return operatorPaymentsUsd;
    }
}
