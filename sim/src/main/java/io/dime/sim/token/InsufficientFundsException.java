package io.dime.sim.token;

/**
 * A transfer or burn would have taken an account below zero. Nothing has changed when it is
 * thrown, so a caller may catch it and treat it as "cannot pay" (a user who cannot afford a fee).
 */
public final class InsufficientFundsException extends IllegalStateException {
    private final String accountName;
    private final Asset asset;
    private final double balance;
    private final double amount;

    InsufficientFundsException(Account account, Asset asset, double amount) {
        super("account '" + account.name() + "' holds " + account.balance(asset) + " " + asset
                + " and cannot pay " + amount);
        this.accountName = account.name();
        this.asset = asset;
        this.balance = account.balance(asset);
        this.amount = amount;
    }

    public String accountName() {
        return accountName;
    }

    public Asset asset() {
        return asset;
    }

    public double balance() {
        return balance;
    }

    public double amount() {
        return amount;
    }
}
