package io.dime.sim.token;

/** Where slashed stake goes: out of existence, or to an account such as the treasury. */
public sealed interface SlashDestination permits SlashDestination.Burn, SlashDestination.ToAccount {

    static SlashDestination burn() {
        return new Burn();
    }

    static SlashDestination to(Account account) {
        return new ToAccount(account);
    }

    /** The slashed tokens are burned, lowering the supply. */
    record Burn() implements SlashDestination {
    }

    /** The slashed tokens move to {@code account} (a treasury, a challenger's reward). */
    record ToAccount(Account account) implements SlashDestination {
        public ToAccount {
            if (account == null) {
                throw new IllegalArgumentException("slash destination account is null");
            }
        }
    }
}
