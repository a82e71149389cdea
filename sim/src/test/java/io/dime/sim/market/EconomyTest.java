package io.dime.sim.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.ReplicationResult;
import io.dime.sim.RunOutcome;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.input.ScenarioException;
import io.dime.sim.scenario.ScenarioLoader;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The token economy in whole runs: bookkeeping invariants, and each mechanism moving the way it should. */
class EconomyTest {
    /** A small market with every mechanism on; %s slots: currency, controllers, extra token keys. */
    static final String MARKET = """
            name: economy
            seed: %d
            duration: 2d
            warmup: 6h
            replications: 1
            nodes:
              - name: community
                count: 16
                gpu: rtx-4090
                model: llama-3-8b
                supply: {initial: 8, join_threshold: 0.0, window: 3h, onboarding: 2h, join_step: 2, leave_after: 6h}
              - {name: cloud, kind: centralized, count: 1, gpu: h100-sxm, model: llama-3-8b, price_per_mtok: 15}
            workload:
              - name: chat
                arrival: {process: poisson, rate: 1/s}
                prompt_tokens: {dist: lognormal, median: 300, sigma: 0.7, max: 2048}
                output_tokens: {dist: lognormal, median: 150, sigma: 0.6, max: 1024}
                slo: {ttft: 1s, e2e: 20s}
            market: {pricing: posted, currency: %s, price_per_mtok: 2.5, protocol_fee: 0.1}
            token:
              supply: 1.0e7
              price: 1.0
              epoch: 1h
              emission: {schedule: %s, per_day: 500}
              burn: {share: 0.2}
              treasury_usd: 5000
              staking: {min_stake: 50, unbonding: 12h}
              pool: {usd: 20000, fee: 0.003}
              operators: {sell_share: 0.5}
              speculation: {volatility: 0.02, jump_probability: 0.05, jump_size: 0.2}
              %s
            demand: {elasticity: 0.5, max_multiplier: 2, defect_rate: 0.5, return_rate: 0.1}
            """;

    static Scenario market(long seed, String currency, String schedule, String controllers) {
        return new ScenarioLoader().parse(MARKET.formatted(seed, currency, schedule, controllers));
    }

    @ParameterizedTest
    @ValueSource(strings = {"usd", "token"})
    void tokensAndDollarsAreConservedOverManySeeds(String currency) {
        // World runs Ledger.checkConservation() and the pool-product check at the end of every
        // replication and throws if either fails; here we also check the time series adds up.
        String controllers = "controllers: [{target: price, setpoint: 1.0, acts_on: burn, kp: 0.1, ki: 0.01, clamp: [-0.2, 0.5]},"
                + " {target: utilization, setpoint: 0.5, acts_on: emission, kp: 0.5, ki: 0.05}]";
        for (long seed = 1; seed <= 12; seed++) {
            RunOutcome outcome = RunOutcome.run(market(seed, currency, "controller", controllers), 1);
            ReplicationResult r = outcome.replications().get(0);
            double supplyChange = r.metric("token.supply_end") - 1.0e7;
            assertEquals(r.metric("token.minted") - r.metric("token.burned"), supplyChange, 1e-6, "minted - burned = supply change, seed " + seed);
            assertTrue(r.metric("token.minted") > 0 && r.metric("token.burned") > 0, "both flows happen, seed " + seed);
            List<String> rows = r.timeseriesRows();
            assertEquals(48, rows.size(), "one row per hourly epoch");
            for (int i = 1; i < rows.size(); i++) {
                String[] a = rows.get(i - 1).split(",");
                String[] b = rows.get(i).split(",");
                double supplyStep = Double.parseDouble(b[3]) - Double.parseDouble(a[3]);
                double mintedStep = Double.parseDouble(b[5]) - Double.parseDouble(a[5]);
                double burnedStep = Double.parseDouble(b[6]) - Double.parseDouble(a[6]);
                assertEquals(mintedStep - burnedStep, supplyStep, 1e-3 * Math.max(1, Math.abs(supplyStep)), "epoch " + i + ", seed " + seed);
            }
        }
    }

    @Test
    void theEpochThatEndsWithTheWarmUpIsBilledAndMeasuredLikeAnyOther() {
        // The warm-up (6h) ends on an epoch boundary. Starting the measured window must not drop
        // the up time already accrued in that epoch: nodes would work unbilled for an hour and
        // the epoch's utilization would read 0 (found in the token-controller report).
        ReplicationResult r = RunOutcome.run(market(2, "usd", "constant", ""), 1).replications().get(0);
        List<String> rows = r.timeseriesRows();
        for (String row : rows) {
            String[] cells = row.split(",");
            double hour = Double.parseDouble(cells[1]);
            double utilization = Double.parseDouble(cells[10]);
            assertTrue(utilization > 0.005 && utilization < 1, "utilization at hour " + hour + ": " + utilization);
        }
    }

    @Test
    void underBurnAndMintMoreDemandBurnsMoreAndShrinksSupplyWhileOperatorsEarnOnlyEmissions() {
        // Render's burn-and-mint equilibrium: jobs priced in USD are paid by buying and burning
        // tokens; operators are paid from a fixed emission that does not depend on the burn.
        double[] burned = new double[2];
        double[] supplyEnd = new double[2];
        double[] operatorRevenue = new double[2];
        String[] rates = {"rate: 0.5/s", "rate: 2/s"};
        for (int i = 0; i < 2; i++) {
            Scenario bme = new ScenarioLoader().parse(MARKET.formatted(7, "usd", "constant", "")
                    .replace("rate: 1/s", rates[i])
                    .replace("protocol_fee: 0.1}", "protocol_fee: 0.1, settlement: burn-and-mint}")
                    .replace("burn: {share: 0.2}", "burn: {share: 0}")
                    .replace("speculation: {volatility: 0.02, jump_probability: 0.05, jump_size: 0.2}", "speculation: {volatility: 0, jump_probability: 0, jump_size: 0}")
                    .replace("operators: {sell_share: 0.5}", "operators: {sell_share: 0}"));
            ReplicationResult r = RunOutcome.run(bme, 1).replications().get(0);
            burned[i] = r.metric("token.burned");
            supplyEnd[i] = r.metric("token.supply_end");
            operatorRevenue[i] = r.metric("operators.payments_usd");
            assertEquals(r.metric("token.minted") - r.metric("token.burned"), supplyEnd[i] - 1.0e7, 1e-6, "minted - burned = supply change");
        }
        assertTrue(burned[1] > 3 * burned[0], "four times the demand burns about four times the tokens: " + burned[0] + " -> " + burned[1]);
        assertTrue(supplyEnd[1] < supplyEnd[0], "more demand, less supply: " + supplyEnd[0] + " -> " + supplyEnd[1]);
        assertEquals(0, operatorRevenue[0], 1e-9, "operators get no share of users' payments");
        assertEquals(0, operatorRevenue[1], 1e-9);
        ReplicationResult direct = RunOutcome.run(market(7, "usd", "constant", ""), 1).replications().get(0);
        assertTrue(direct.metric("operators.payments_usd") > 0, "under direct settlement they do");
    }

    @Test
    void underYumaTheOwnerMinersAndValidatorsShareTheEmissionAndStrayValidatorsAreClipped() {
        String yuma = MARKET.formatted(8, "usd", "constant", "")
                .replace("emission: {schedule: constant, per_day: 500}",
                        "emission: {schedule: constant, per_day: 500, split: yuma, yuma: {validators: 8, stray_share: 0.25, owner_share: 0.18}}")
                .replace("  - {name: cloud,", "  - {name: datacenter, count: 4, gpu: a100-80gb, model: llama-3-8b}\n  - {name: cloud,");
        ReplicationResult r = RunOutcome.run(new ScenarioLoader().parse(yuma), 1).replications().get(0);
        double minted = r.metric("token.minted");
        assertEquals(500 * 2, minted, 1e-6, "two days of 500 a day");
        // Validators' half of the non-owner share: 41% of what was minted.
        assertEquals(0.41 * minted, r.metric("yuma.validators_tokens"), 1e-6 * minted);
        // Two of eight validators stray: a quarter of the stake, but clipped, they earn well under a quarter.
        double stray = r.metric("yuma.stray_dividend_share");
        assertTrue(stray < 0.2, "stray validators' share of dividends: " + stray);
        assertTrue(stray > 0, "clipped weights still earn something when they agree partly: " + stray);
    }

    @Test
    void theEndOfEpochUpCheckWithholdsTheRewardsOfNodesThatAreDown() {
        // io.net-style: nodes that fail the hourly check (down at the epoch's end) are not paid for the hour.
        String churning = MARKET.formatted(9, "usd", "constant", "")
                .replace("supply: {initial: 8, join_threshold: 0.0, window: 3h, onboarding: 2h, join_step: 2, leave_after: 6h}",
                        "availability: {mtbf: 2h, mttr: 30min}")
                .replace("emission: {schedule: constant, per_day: 500}", "emission: {schedule: decay, decline_per_month: 0.0102, per_day: 500, up_check: true}");
        ReplicationResult checked = RunOutcome.run(new ScenarioLoader().parse(churning), 1).replications().get(0);
        assertTrue(checked.metric("token.withheld_work_tokens") > 0, "some nodes are down at some epoch ends");
        double minted = checked.metric("token.minted");
        assertTrue(minted < 1000 && minted > 1000 * (1 - 0.0102), "two days of a slowly decaying 500 a day: " + minted);
        ReplicationResult always = RunOutcome.run(new ScenarioLoader().parse(churning.replace(", up_check: true", "")), 1).replications().get(0);
        assertThrows(IllegalArgumentException.class, () -> always.metric("token.withheld_work_tokens"), "no check, no metric");
    }

    @Test
    void checkerCommitteesSlashDownNodesAndALargerCommitteeMakesFewerFalseSlashes() {
        // Aethir-style liveness checkers: 2N+1 checkers probe each node; a majority "down" slashes stake.
        String churning = MARKET.formatted(10, "usd", "constant", "")
                .replace("supply: {initial: 8, join_threshold: 0.0, window: 3h, onboarding: 2h, join_step: 2, leave_after: 6h}",
                        "availability: {mtbf: 3h, mttr: 30min}");
        double[] falseShare = new double[2];
        int[] committees = {1, 7};
        for (int i = 0; i < 2; i++) {
            String text = churning.replace("pool: {usd: 20000, fee: 0.003}",
                    "pool: {usd: 20000, fee: 0.003}\n  checkers: {every: 10min, committee: " + committees[i] + ", error_rate: 0.2, slash_share: 0.01}");
            ReplicationResult r = RunOutcome.run(new ScenarioLoader().parse(text), 1).replications().get(0);
            assertTrue(r.metric("checkers.slashes") > r.metric("checkers.false_slashes"), "some slashes hit nodes that were down");
            assertTrue(r.metric("token.burned") > 0, "slashed stake is burned");
            falseShare[i] = r.metric("checkers.false_slashes") / r.metric("checkers.checks");
        }
        // One checker wrong 20% of the time: about 0.2 x (share of checks on up nodes). Seven: P(4+ of 7 wrong) is about 3%.
        assertTrue(falseShare[0] > 0.12 && falseShare[0] < 0.22, "one checker: " + falseShare[0]);
        assertTrue(falseShare[1] < 0.05, "a committee of seven: " + falseShare[1]);
        ScenarioException even = assertThrows(ScenarioException.class, () -> new ScenarioLoader().parse(churning.replace("pool: {usd: 20000, fee: 0.003}",
                "pool: {usd: 20000, fee: 0.003}\n  checkers: {committee: 4}")));
        assertTrue(even.getMessage().contains("odd number"), even.getMessage());
    }

    @Test
    void usersBuyingTokensToPayRaisesThePriceWhenNobodySells() {
        String quiet = "operators: {sell_share: 0}";
        Scenario token = new ScenarioLoader().parse(MARKET.formatted(3, "token", "constant", "")
                .replace("operators: {sell_share: 0.5}", quiet)
                .replace("speculation: {volatility: 0.02, jump_probability: 0.05, jump_size: 0.2}", "speculation: {volatility: 0, jump_probability: 0, jump_size: 0}")
                .replace("burn: {share: 0.2}", "burn: {share: 0}"));
        ReplicationResult r = RunOutcome.run(token, 1).replications().get(0);
        assertTrue(r.metric("token.price_end") > r.metric("token.price_start"), "fees bought in tokens lift the price: " + r.metric("token.price_end"));
        assertTrue(r.metric("cost_per_mtok_usd.users") > 2.5, "users pay the token price in dollars, above 2.5 once it rose: " + r.metric("cost_per_mtok_usd.users"));
    }

    @Test
    void aPriceControllerOnBuybackKeepsThePriceCloserToItsSetpoint() {
        // Heavy selling (emissions sold at once) pushes the price down; the controller spends the
        // treasury on buybacks while the price is below 1.
        String heavy = "operators: {sell_share: 1.0}";
        String controller = "controllers: [{target: price, setpoint: 1.0, acts_on: burn, kp: 0.5, ki: 0.05, clamp: [-0.2, 0.8]}]";
        double off = 0;
        double on = 0;
        for (long seed = 1; seed <= 6; seed++) {
            String base = MARKET.formatted(seed, "usd", "constant", "%s").replace("operators: {sell_share: 0.5}", heavy).replace("per_day: 500", "per_day: 5000")
                    .replace("burn: {share: 0.2}", "burn: {share: 0.002}").replace("treasury_usd: 5000", "treasury_usd: 50000");
            off += Math.abs(1 - RunOutcome.run(new ScenarioLoader().parse(base.formatted("")), 1).replications().get(0).metric("token.price_end"));
            on += Math.abs(1 - RunOutcome.run(new ScenarioLoader().parse(base.formatted(controller)), 1).replications().get(0).metric("token.price_end"));
        }
        assertTrue(on < 0.75 * off, "mean distance from the setpoint: with controller " + on / 6 + ", without " + off / 6);
    }

    @Test
    void operatorsJoinWhileItPaysAndLeaveAfterSustainedLosses() {
        ReplicationResult paying = RunOutcome.run(market(4, "usd", "constant", "").withReplications(1), 1).replications().get(0);
        assertTrue(paying.metric("operators.active_mean") > 15.5, "rich emissions draw every waiting operator in: " + paying.metric("operators.active_mean"));
        assertEquals(0, paying.metric("operators.leaves"));
        Scenario losing = new ScenarioLoader().parse(MARKET.formatted(4, "usd", "constant", "")
                .replace("per_day: 500", "per_day: 0").replace("price_per_mtok: 2.5", "price_per_mtok: 0.01"));
        ReplicationResult poor = RunOutcome.run(losing, 1).replications().get(0);
        assertEquals(0, poor.metric("operators.joins"));
        // No income at all: every operator leaves once it has lost money for 6 hours, at the end of the warm-up.
        assertTrue(poor.metric("operators.active_mean") < 0.5, "active operators after the warm-up: " + poor.metric("operators.active_mean"));
    }

    @Test
    void demandFallsWithPriceAtTheGivenElasticity() {
        // Elasticity 0.5: doubling the price divides demand by sqrt(2).
        double cheap = arrivals("price_per_mtok: 2.5");
        double dear = arrivals("price_per_mtok: 5.0");
        assertEquals(Math.sqrt(2), cheap / dear, 0.05 * Math.sqrt(2));
    }

    private static double arrivals(String price) {
        Scenario scenario = new ScenarioLoader().parse(MARKET.formatted(6, "usd", "constant", "")
                .replace("price_per_mtok: 2.5", price)
                .replace("  - {name: cloud, kind: centralized, count: 1, gpu: h100-sxm, model: llama-3-8b, price_per_mtok: 15}\n", "")
                .replace("replications: 1", "replications: 2")
                .replace("demand: {elasticity: 0.5, max_multiplier: 2, defect_rate: 0.5, return_rate: 0.1}",
                        "demand: {elasticity: 0.5, max_multiplier: 2, defect_rate: 0, return_rate: 0, reference_price: 2.5}"));
        return RunOutcome.run(scenario, 2).summary().get("requests.arrived").mean();
    }
}
