package io.dime.sim.token;

/**
 * A handle on one named account of one {@link Ledger}. Balances change only through the ledger
 * that created the account, so every change is a transfer, a mint or a burn it has counted.
 */
public final class Account {
    private final Ledger ledger;
    private final String name;
    private final boolean usdMayGoNegative;
    double tokens;
    double alpha;
    double usd;

    Account(Ledger ledger, String name, boolean usdMayGoNegative) {
        this.ledger = ledger;
        this.name = name;
        this.usdMayGoNegative = usdMayGoNegative;
    }

    public String name() {
        return name;
    }

    /**
     * True for the outside world's dollar sources and sinks ("external", "users"): dollars are
     * never created, so whoever pays in from outside the model runs a negative USD balance.
     * Token and alpha balances never go negative, because they come only from {@link Ledger#mint}.
     */
    public boolean usdMayGoNegative() {
        return usdMayGoNegative;
    }

    public double balance(Asset asset) {
        return switch (asset) {
            case TOKEN -> tokens;
            case ALPHA -> alpha;
            case USD -> usd;
        };
    }

    public double tokens() {
        return tokens;
    }

    public double usd() {
        return usd;
    }

    /** Alpha: a subnet's own token (see {@link Asset#ALPHA}). */
    public double alpha() {
        return alpha;
    }

    boolean belongsTo(Ledger candidate) {
        return ledger == candidate;
    }

    @Override
    public String toString() {
        return name + " (" + tokens + " TOKEN, " + (alpha != 0 ? alpha + " ALPHA, " : "") + usd + " USD)";
    }
}
