package io.dime.sim.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LedgerTest {

    @Test
    void everyMovementIsTracedWithItsAmountAndAccounts() {
        List<List<Long>> traces = new java.util.ArrayList<>();
        for (double amount : new double[] {5, 6}) {
            Ledger ledger = new Ledger(100, "treasury");
            List<Long> trace = new java.util.ArrayList<>();
            ledger.traceInto(trace::add);
            Account treasury = ledger.account("treasury");
            Account operator = ledger.account("operator");
            ledger.transfer(Asset.TOKEN, treasury, operator, amount);
            ledger.mint(operator, Asset.ALPHA, 1);
            ledger.burn(operator, 1);
            ledger.transfer(Asset.TOKEN, operator, operator, 1); // to itself: nothing moves, nothing traced
            assertEquals(12, trace.size(), "four values for each of the three movements");
            traces.add(trace);
        }
        assertEquals(traces.get(0).subList(4, 12), traces.get(1).subList(4, 12), "the same mint and burn");
        assertFalse(traces.get(0).equals(traces.get(1)), "another amount, another trace");
    }

    @Test
    void tokensAndDollarsAreConservedAcrossThousandsOfRandomOperations() {
        Ledger ledger = new Ledger(1_000_000, "treasury");
        List<Account> accounts = List.of(
                ledger.account("treasury"),
                ledger.account("users", true),
                ledger.account("external", true),
                ledger.account("operators/gamers"),
                ledger.account("operators/datacenters"),
                ledger.account("pool"),
                ledger.account("stake/gamers"));
        SplittableRandom random = new SplittableRandom(42);
        double mintedByTest = 0;
        double burnedByTest = 0;
        for (int step = 0; step < 20_000; step++) {
            Account from = accounts.get(random.nextInt(accounts.size()));
            Account to = accounts.get(random.nextInt(accounts.size()));
            switch (random.nextInt(4)) {
                case 0 -> ledger.transfer(Asset.TOKEN, from, to, from.tokens() * random.nextDouble());
                case 1 -> {
                    double usdAvailable = from.usdMayGoNegative() ? 1_000 : from.usd();
                    ledger.transfer(Asset.USD, from, to, usdAvailable * random.nextDouble());
                }
                case 2 -> {
                    double tokens = 100 * random.nextDouble();
                    ledger.mint(to, tokens);
                    mintedByTest += tokens;
                }
                default -> {
                    double tokens = from.tokens() * random.nextDouble() * 0.1;
                    ledger.burn(from, tokens);
                    burnedByTest += tokens;
                }
            }
            if (step % 500 == 0) {
                ledger.checkConservation();
            }
        }
        ledger.checkConservation();
        assertEquals(mintedByTest, ledger.minted(), 1e-9 * mintedByTest);
        assertEquals(burnedByTest, ledger.burned(), 1e-9 * burnedByTest);
        assertEquals(ledger.minted() - ledger.burned(), ledger.supply() - ledger.initialSupply(), 1e-6);
        assertEquals(ledger.supply(), ledger.total(Asset.TOKEN), 1e-9 * ledger.supply());
        assertEquals(0, ledger.total(Asset.USD), 1e-6);
        assertTrue(ledger.find("external").orElseThrow().usd() < 0 || ledger.find("users").orElseThrow().usd() < 0,
                "outside dollar sources should have paid in");
    }

    @Test
    void theInitialSupplySitsInTheGenesisAccount() {
        Ledger ledger = new Ledger(5_000, "genesis");
        assertEquals(5_000, ledger.account("genesis").tokens());
        assertEquals(5_000, ledger.supply());
        assertEquals(0, ledger.minted());
        assertEquals(0, ledger.burned());
        assertEquals(0, ledger.initialUsdTotal());
    }

    @Test
    void anOverdraftThrowsWithTheAccountNameAndChangesNothing() {
        Ledger ledger = new Ledger(100, "treasury");
        Account treasury = ledger.account("treasury");
        Account gamers = ledger.account("operators/gamers");
        InsufficientFundsException tokens = assertThrows(InsufficientFundsException.class,
                () -> ledger.transfer(Asset.TOKEN, treasury, gamers, 100.5));
        assertTrue(tokens.getMessage().contains("treasury"), tokens.getMessage());
        assertEquals(100, treasury.tokens());
        assertEquals(0, gamers.tokens());

        InsufficientFundsException dollars = assertThrows(InsufficientFundsException.class,
                () -> ledger.transfer(Asset.USD, gamers, treasury, 1));
        assertTrue(dollars.getMessage().contains("operators/gamers"), dollars.getMessage());
        assertEquals("operators/gamers", dollars.accountName());
        assertEquals(Asset.USD, dollars.asset());

        InsufficientFundsException burn = assertThrows(InsufficientFundsException.class, () -> ledger.burn(gamers, 1));
        assertTrue(burn.getMessage().contains("operators/gamers"));
        assertEquals(0, ledger.burned());
        ledger.checkConservation();
    }

    @Test
    void onlyMarkedAccountsRunNegativeDollarsAndNoAccountRunsNegativeTokens() {
        Ledger ledger = new Ledger(10, "treasury");
        Account external = ledger.account("external", true);
        Account users = ledger.account("users", true);
        Account operator = ledger.account("operators/gamers");
        ledger.transfer(Asset.USD, external, operator, 250);
        ledger.transfer(Asset.USD, users, operator, 50);
        assertEquals(-250, external.usd());
        assertEquals(300, operator.usd());
        assertThrows(InsufficientFundsException.class, () -> ledger.transfer(Asset.TOKEN, external, operator, 1));
        assertFalse(ledger.canPay(external, Asset.TOKEN, 1));
        assertTrue(ledger.canPay(external, Asset.USD, 1e12));
        ledger.checkConservation();
    }

    @Test
    void aBalanceMayEndWithinTheToleranceBelowZero() {
        Ledger ledger = new Ledger(1, "treasury");
        Account treasury = ledger.account("treasury");
        Account other = ledger.account("other");
        assertThrows(InsufficientFundsException.class, () -> ledger.transfer(Asset.TOKEN, treasury, other, 1 + 2e-9));
        ledger.transfer(Asset.TOKEN, treasury, other, 1 + 0.5e-9);
        assertEquals(-0.5e-9, treasury.tokens(), 1e-15);
        ledger.checkConservation();
    }

    @Test
    void accountsAreHandlesLookedUpByName() {
        Ledger ledger = new Ledger(0, "treasury");
        Account first = ledger.account("operators/gamers");
        assertSame(first, ledger.account("operators/gamers"));
        assertSame(first, ledger.find("operators/gamers").orElseThrow());
        assertTrue(ledger.find("nobody").isEmpty());
        Account external = ledger.account("external", true);
        assertSame(external, ledger.account("external"));
        assertThrows(IllegalArgumentException.class, () -> ledger.account("external", false));
        assertEquals(List.of("treasury", "operators/gamers", "external"),
                ledger.accounts().stream().map(Account::name).toList());
    }

    @Test
    void badAmountsAndForeignAccountsAreRejected() {
        Ledger ledger = new Ledger(10, "treasury");
        Account treasury = ledger.account("treasury");
        Account other = ledger.account("other");
        assertThrows(IllegalArgumentException.class, () -> ledger.transfer(Asset.TOKEN, treasury, other, -1));
        assertThrows(IllegalArgumentException.class, () -> ledger.transfer(Asset.TOKEN, treasury, other, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> ledger.mint(other, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new Ledger(-1, "treasury"));
        Account foreign = new Ledger(10, "treasury").account("treasury");
        assertThrows(IllegalArgumentException.class, () -> ledger.transfer(Asset.TOKEN, foreign, other, 1));
    }

    @Test
    void theConservationCheckCatchesABalanceChangedBehindTheLedgersBack() {
        Ledger ledger = new Ledger(1_000, "treasury");
        Account treasury = ledger.account("treasury");
        Account external = ledger.account("external", true);
        ledger.checkConservation();

        treasury.tokens += 0.01;
        IllegalStateException tokens = assertThrows(IllegalStateException.class, ledger::checkConservation);
        assertTrue(tokens.getMessage().contains("tokens not conserved"), tokens.getMessage());
        treasury.tokens -= 0.01;

        external.usd -= 5;
        IllegalStateException dollars = assertThrows(IllegalStateException.class, ledger::checkConservation);
        assertTrue(dollars.getMessage().contains("dollars not conserved"), dollars.getMessage());
    }
}
