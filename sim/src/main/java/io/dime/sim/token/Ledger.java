package io.dime.sim.token;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.Optional;

/**
 * Named accounts holding tokens, a subnet's alpha and US dollars. Tokens enter only by
 * {@link #mint} (and the initial supply) and leave only by {@link #burn}; alpha likewise, from a
 * supply of zero; dollars are never created or destroyed, only moved, so money paid in from
 * outside the model comes from an account allowed to run a negative USD balance.
 * {@link #checkConservation()} verifies these facts from the balances themselves.
 *
 * <p>Accounts keep their creation order, so iteration (reports, sums) is repeatable to the bit.
 */
public final class Ledger {
    /**
     * How far below zero a balance may fall: rounding in a chain of double transfers that empties
     * an account can leave a residue of order 1e-12 of the amounts moved, never 1e-9 of a token.
     */
    public static final double OVERDRAFT_TOLERANCE = 1e-9;

    /** Relative tolerance of {@link #checkConservation()}. */
    public static final double CONSERVATION_TOLERANCE = 1e-9;

    /**
     * Fails, naming {@code owner}, when {@code value} differs from {@code expectedValue} by more
     * than the conservation tolerance relative to {@code scale}: the money checks of the markets.
     */
    public static void requireConserved(String owner, String what, double value, String expected, double expectedValue, double scale) {
        if (Math.abs(value - expectedValue) > CONSERVATION_TOLERANCE * scale) {
            throw new IllegalStateException(owner + ": " + what + " " + value + " differs from " + expected + " " + expectedValue);
        }
    }

    private final Map<String, Account> accounts = new LinkedHashMap<>();
    /** Where every movement is traced (a run's fingerprint); by default nowhere. */
    private LongConsumer trace = value -> { };
    private final double initialSupply;
    private double minted;
    private double burned;
    private double alphaMinted;
    private double alphaBurned;

    /** A ledger whose whole initial token supply sits in {@code genesisAccountName}. */
    public Ledger(double initialSupply, String genesisAccountName) {
        requireAmount(initialSupply, "initial supply");
        this.initialSupply = initialSupply;
        account(genesisAccountName).tokens = initialSupply;
    }

    /** The account of this name, created (with no negative balance allowed) on first use. */
    public Account account(String name) {
        Account existing = accounts.get(name);
        return existing != null ? existing : create(name, false);
    }

    /**
     * The account of this name, created on first use; {@code usdMayGoNegative} marks an outside
     * source or sink of dollars. Asking again with the other flag is an error, not a silent change.
     */
    public Account account(String name, boolean usdMayGoNegative) {
        Account existing = accounts.get(name);
        if (existing == null) {
            return create(name, usdMayGoNegative);
        }
        if (existing.usdMayGoNegative() != usdMayGoNegative) {
            throw new IllegalArgumentException("account '" + name + "' already exists with usdMayGoNegative="
                    + existing.usdMayGoNegative());
        }
        return existing;
    }

    public Optional<Account> find(String name) {
        return Optional.ofNullable(accounts.get(name));
    }

    /** Every account, in creation order. */
    public Collection<Account> accounts() {
        return Collections.unmodifiableCollection(accounts.values());
    }

    /**
     * Traces every later movement (transfer, mint, burn: its kind, asset, accounts and amount)
     * into {@code trace}, so that a run's fingerprint changes when money or tokens move
     * differently even where no event time does.
     */
    public void traceInto(LongConsumer trace) {
        this.trace = java.util.Objects.requireNonNull(trace);
    }

    private void traced(int kind, Asset asset, Account from, Account to, double amount) {
        trace.accept(kind * 8L + asset.ordinal());
        trace.accept(from == null ? 0 : from.name().hashCode());
        trace.accept(to == null ? 0 : to.name().hashCode());
        trace.accept(Double.doubleToLongBits(amount));
    }

    /** Moves {@code amount} of {@code asset}; nothing changes if {@code from} cannot pay. */
    public void transfer(Asset asset, Account from, Account to, double amount) {
        requireMine(from);
        requireMine(to);
        requireAmount(amount, "transfer amount");
        requireCanPay(from, asset, amount);
        if (from == to) {
            return;
        }
        traced(1, asset, from, to, amount);
        switch (asset) {
            case TOKEN -> {
                from.tokens -= amount;
                to.tokens += amount;
            }
            case ALPHA -> {
                from.alpha -= amount;
                to.alpha += amount;
            }
            case USD -> {
                from.usd -= amount;
                to.usd += amount;
            }
        }
    }

    /** Creates {@code tokens} new tokens in {@code to}. */
    public void mint(Account to, double tokens) {
        requireMine(to);
        requireAmount(tokens, "mint amount");
        traced(2, Asset.TOKEN, null, to, tokens);
        to.tokens += tokens;
        minted += tokens;
    }

    /** Destroys {@code tokens} held by {@code from}; nothing changes if it holds too few. */
    public void burn(Account from, double tokens) {
        requireMine(from);
        requireAmount(tokens, "burn amount");
        requireCanPay(from, Asset.TOKEN, tokens);
        traced(3, Asset.TOKEN, from, null, tokens);
        from.tokens -= tokens;
        burned += tokens;
    }

    /** Creates {@code amount} new {@code asset} in {@code to}: tokens or alpha; dollars are never created. */
    public void mint(Account to, Asset asset, double amount) {
        switch (asset) {
            case TOKEN -> mint(to, amount);
            case ALPHA -> {
                requireMine(to);
                requireAmount(amount, "mint amount");
                traced(2, Asset.ALPHA, null, to, amount);
                to.alpha += amount;
                alphaMinted += amount;
            }
            case USD -> throw new IllegalArgumentException("dollars are only moved, never minted");
        }
    }

    /** Destroys {@code amount} of {@code asset} held by {@code from}: tokens or alpha; dollars are never destroyed. */
    public void burn(Account from, Asset asset, double amount) {
        switch (asset) {
            case TOKEN -> burn(from, amount);
            case ALPHA -> {
                requireMine(from);
                requireAmount(amount, "burn amount");
                requireCanPay(from, Asset.ALPHA, amount);
                traced(3, Asset.ALPHA, from, null, amount);
                from.alpha -= amount;
                alphaBurned += amount;
            }
            case USD -> throw new IllegalArgumentException("dollars are only moved, never burned");
        }
    }

    /** Whether {@code account} could pay {@code amount} of {@code asset} now. */
    public boolean canPay(Account account, Asset asset, double amount) {
        requireMine(account);
        return (asset == Asset.USD && account.usdMayGoNegative())
                || account.balance(asset) - amount >= -OVERDRAFT_TOLERANCE;
    }

    /** Tokens in existence: the initial supply plus everything minted minus everything burned. */
    public double supply() {
        return initialSupply + minted - burned;
    }

    public double initialSupply() {
        return initialSupply;
    }

    public double minted() {
        return minted;
    }

    public double burned() {
        return burned;
    }

    /** Alpha in existence: everything minted minus everything burned (alpha starts at none). */
    public double alphaSupply() {
        return alphaMinted - alphaBurned;
    }

    public double alphaBurned() {
        return alphaBurned;
    }

    /** The sum of every account's balance of {@code asset}, recomputed from the balances. */
    public double total(Asset asset) {
        double sum = 0;
        for (Account account : accounts.values()) {
            sum += account.balance(asset);
        }
        return sum;
    }

    /** Dollars held when the ledger was created: none, since dollars are only ever moved. */
    public double initialUsdTotal() {
        return 0;
    }

    /**
     * Throws if the balances disagree with the books: token balances must add up to
     * {@link #supply()}, alpha balances to {@link #alphaSupply()}, dollar balances to
     * {@link #initialUsdTotal()}, and no account that may not go negative may be overdrawn.
     */
    public void checkConservation() {
        double tokenSum = 0;
        double tokenScale = Math.max(1, Math.abs(supply()));
        double alphaSum = 0;
        double alphaScale = Math.max(1, Math.abs(alphaSupply()));
        double usdSum = 0;
        double usdScale = 1;
        for (Account account : accounts.values()) {
            tokenSum += account.tokens;
            tokenScale = Math.max(tokenScale, Math.abs(account.tokens));
            alphaSum += account.alpha;
            alphaScale = Math.max(alphaScale, Math.abs(account.alpha));
            usdSum += account.usd;
            usdScale += Math.abs(account.usd);
            if (account.tokens < -OVERDRAFT_TOLERANCE || account.alpha < -OVERDRAFT_TOLERANCE
                    || (!account.usdMayGoNegative() && account.usd < -OVERDRAFT_TOLERANCE)) {
                throw new IllegalStateException("account '" + account.name() + "' is overdrawn: " + account);
            }
        }
        if (Math.abs(tokenSum - supply()) > CONSERVATION_TOLERANCE * tokenScale) {
            throw new IllegalStateException("tokens not conserved: balances add up to " + tokenSum
                    + " but supply is " + supply() + " (initial " + initialSupply + " + minted " + minted
                    + " - burned " + burned + ")");
        }
        if (Math.abs(alphaSum - alphaSupply()) > CONSERVATION_TOLERANCE * alphaScale) {
            throw new IllegalStateException("alpha not conserved: balances add up to " + alphaSum
                    + " but minted " + alphaMinted + " - burned " + alphaBurned + " = " + alphaSupply());
        }
        if (Math.abs(usdSum - initialUsdTotal()) > CONSERVATION_TOLERANCE * usdScale) {
            throw new IllegalStateException("dollars not conserved: balances add up to " + usdSum
                    + " but dollars are only moved, so they must add up to " + initialUsdTotal());
        }
    }

    private Account create(String name, boolean usdMayGoNegative) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an account needs a non-blank name");
        }
        Account account = new Account(this, name, usdMayGoNegative);
        accounts.put(name, account);
        return account;
    }

    private void requireCanPay(Account from, Asset asset, double amount) {
        if (!canPay(from, asset, amount)) {
            throw new InsufficientFundsException(from, asset, amount);
        }
    }

    private void requireMine(Account account) {
        if (account == null || !account.belongsTo(this)) {
            throw new IllegalArgumentException("account " + account + " does not belong to this ledger");
        }
    }

    private static void requireAmount(double amount, String what) {
        if (!(amount >= 0) || amount == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(what + " must be finite and >= 0, got " + amount);
        }
    }
}
