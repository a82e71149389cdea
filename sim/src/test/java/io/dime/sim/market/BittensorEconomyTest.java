package io.dime.sim.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.ReplicationResult;
import io.dime.sim.RunOutcome;
import io.dime.sim.input.ScenarioException;
import io.dime.sim.scenario.ScenarioLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bittensor's parts in whole runs: Yuma over single nodes, UID registration by burn, the subnet's alpha pool. */
class BittensorEconomyTest {
    /** A subnet of two equal miner groups; %s slots: seed, yuma miners, supply of both groups, extra token keys, verification, adversaries. */
    private static final String SUBNET = """
            name: subnet
            seed: %d
            duration: %s
            warmup: 1h
            replications: 1
            nodes:
              - {name: honest, count: 10, gpu: rtx-4090, model: llama-3-8b%s}
              - {name: cheats, count: 10, gpu: rtx-4090, model: llama-3-8b%s}
            workload:
              - {name: chat, arrival: {rate: 2/s}, prompt_tokens: 300, output_tokens: 150, slo: {ttft: 2s, e2e: 30s}}
            market: {pricing: posted, price_per_mtok: 0.1, protocol_fee: 0.18}
            token:
              supply: 1.0e7
              price: 300
              epoch: 1h
              emission: {schedule: constant, per_day: 28.1, split: yuma, yuma: {validators: 16, stray_share: 0.1, miners: %s}}
              burn: {share: 0}
              pool: {usd: 5.0e6, fee: 0.003}
              speculation: {volatility: 0, jump_probability: 0, jump_size: 0}
              %s
            verification: {%s}
            adversaries: [%s]
            """;

    private static final String LAZY_CHEATS = "{strategy: lazy, share: 1.0, group: cheats, cheat_rate: 0.5}";

    private static ReplicationResult run(long seed, String duration, String miners, String supply, String tokenKeys, String verification, String adversaries) {
        String yaml = SUBNET.formatted(seed, duration, supply, supply, miners, tokenKeys, verification, adversaries);
        return RunOutcome.run(new ScenarioLoader().parse(yaml), 1).replications().get(0);
    }

    @Test
    void validatorsScoringSingleNodesPayCaughtCheatersLessThanTheWorkTheyServed() {
        // Half the nodes return garbage on half their results; spot checks look at 40% of results.
        // Weighing groups by tokens served pays both halves alike; weighing nodes by measured
        // quality (SLO-met tokens less the share estimated wrong) cuts the cheats' share to about a third.
        String checks = "scheme: spot-check, rate: 0.4, eject_after: 0, penalty_usd: 0";
        ReplicationResult byWork = run(3, "8h", "groups", "", "", checks, LAZY_CHEATS);
        ReplicationResult byQuality = run(3, "8h", "nodes", "", "", checks, LAZY_CHEATS);
        assertThrows(IllegalArgumentException.class, () -> byWork.metric("yuma.miner_share.cheats"), "group weights report no per-node shares");
        double cheats = byQuality.metric("yuma.miner_share.cheats");
        double honest = byQuality.metric("yuma.miner_share.honest");
        assertEquals(1, cheats + honest, 1e-9);
        // Quality 1 - 0.5 against 1: a share of 1/3, with sampling noise and the stray validators' picks.
        assertEquals(1.0 / 3, cheats, 0.06, "the cheats' share of the miners' emission");
        ReplicationResult unchecked = run(3, "8h", "nodes", "", "", "scheme: none", LAZY_CHEATS);
        assertEquals(0.5, unchecked.metric("yuma.miner_share.cheats"), 0.06, "what validators do not catch they cannot score");
    }

    @Test
    void registrationsBurnTokensAndAFullSubnetReplacesAUidForEveryNewOne() {
        // 7 of each group's 10 nodes start with UIDs; the subnet holds 14, so every later
        // registration replaces the lowest-scoring UID out of immunity.
        String supply = ", supply: {initial: 7, join_threshold: -1000, window: 2h, onboarding: 30min, join_step: 1, leave_after: 300d}";
        String registration = "registration: {burn: 0.2, min_burn: 0.001, max_burn: 50, adjustment_interval: 72min, target_regs_per_interval: 1,"
                + " immunity_period: 3h, max_uids: 14}";
        ReplicationResult r = run(4, "2d", "nodes", supply, registration, "scheme: none", "");
        double registrations = r.metric("registration.registrations");
        assertTrue(registrations > 10, "operators keep registering: " + registrations);
        assertEquals(registrations, r.metric("registration.deregistrations"), "a full subnet: each registration replaces a UID");
        assertEquals(14, r.metric("registration.uids_end"));
        assertTrue(r.metric("registration.burned_tokens") > 0);
        assertEquals(r.metric("token.minted") - r.metric("token.burned"), r.metric("token.supply_end") - 1.0e7, 1e-6, "burns leave the supply");
        assertTrue(r.metric("token.burned") >= r.metric("registration.burned_tokens") - 1e-9, "registration burns are burns");
        List<String> rows = r.timeseriesRows();
        for (String row : rows) {
            String[] cells = row.split(",");
            int uids = Integer.parseInt(cells[cells.length - 1]);
            double burn = Double.parseDouble(cells[cells.length - 2]);
            assertTrue(uids <= 14, "never more UIDs than max_uids: " + row);
            assertTrue(burn >= 0.001 - 1e-15 && burn <= 50 + 1e-12, "the burn stays in its bounds: " + row);
        }
    }

    @Test
    void anOperatorJoinsOnlyWhenItsProfitWouldRepayTheBurnWithinImmunity() {
        String supply = ", supply: {initial: 7, join_threshold: -1000, window: 2h, onboarding: 30min, join_step: 1, leave_after: 300d}";
        String dear = "registration: {burn: 1000, min_burn: 1000, max_burn: 1000, immunity_period: 3h, max_uids: 20}";
        ReplicationResult r = run(4, "12h", "nodes", supply, dear, "scheme: none", "");
        assertEquals(0, r.metric("registration.registrations"), "300,000 USD for a UID is never repaid in 3 hours");
        assertEquals(14, r.metric("registration.uids_end"));
    }

    @Test
    void taoInjectionLeavesTheAlphaPriceUnchangedAndSellingAlphaMovesIt() {
        // No participant sells: injections alone leave alpha's price where it opened.
        String holding = "alpha_pool: {tao: 5000, price: 0.005, alpha_per_day: 7200, sell_share: 0}";
        ReplicationResult still = run(5, "1d", "nodes", "", holding, "scheme: none", "");
        assertEquals(0.005, still.metric("alpha.price_tao_end"), 1e-12, "injection keeps the price");
        assertEquals(28.1, still.metric("alpha.injected_tao"), 1e-6, "a day of the subnet's TAO emission went into the pool");
        assertEquals(28.1 / 0.005, still.metric("alpha.injected_alpha"), 1e-6, "with alpha at the pool's price");
        assertEquals(5000 + 28.1, still.metric("alpha.pool_tao_end"), 1e-6);
        assertEquals(7200, still.metric("alpha.emitted"), 1e-6);
        assertEquals(0.41 * 7200, still.metric("alpha.validators"), 1e-6, "validators' 41% is paid in alpha");
        assertEquals(0, still.metric("yuma.validators_tokens"), "and not in TAO");
        ReplicationResult selling = run(5, "1d", "nodes", "", holding.replace("sell_share: 0", "sell_share: 0.5"), "scheme: none", "");
        assertTrue(selling.metric("alpha.price_tao_end") < 0.005 * (1 - 1e-3), "miners selling alpha lower its price: " + selling.metric("alpha.price_tao_end"));
        assertTrue(selling.metric("alpha.sold") > 0);
        // The cap: 28.1 TAO at 0.005 would match 5,620 alpha a day; capped at 1,000, the rest of the TAO buys alpha that is recycled.
        ReplicationResult capped = run(5, "1d", "nodes", "", holding.replace("sell_share: 0", "sell_share: 0, max_injection_per_day: 1000"), "scheme: none", "");
        assertEquals(1000, capped.metric("alpha.injected_alpha"), 1e-6);
        assertTrue(capped.metric("alpha.recycled") > 0);
        assertTrue(capped.metric("alpha.price_tao_end") > 0.005, "recycling buys lift the price: " + capped.metric("alpha.price_tao_end"));
    }

    @Test
    void tokensAndAlphaAreConservedWithBurnsAndPoolsOverSeveralSeeds() {
        // World checks the ledger (tokens, alpha, dollars) and both pools' products at the end of
        // every replication and throws on a mismatch; here the supplies also add up by their flows.
        String supply = ", supply: {initial: 7, join_threshold: -1000, window: 2h, onboarding: 30min, join_step: 1, leave_after: 300d}";
        String keys = "registration: {burn: 0.2, immunity_period: 3h, max_uids: 14}\n  staking: {min_stake: 1, unbonding: 6h}\n"
                + "  alpha_pool: {tao: 5000, price: 0.005, alpha_per_day: 7200, max_injection_per_day: 3000, sell_share: 0.5}";
        for (long seed = 1; seed <= 4; seed++) {
            ReplicationResult r = run(seed, "1d", "nodes", supply, keys, "scheme: spot-check, rate: 0.2", LAZY_CHEATS);
            assertEquals(r.metric("token.minted") - r.metric("token.burned"), r.metric("token.supply_end") - 1.0e7, 1e-6, "tokens, seed " + seed);
            double alphaOpened = 5000 / 0.005;
            assertEquals(alphaOpened + r.metric("alpha.injected_alpha") + r.metric("alpha.emitted") - r.metric("alpha.recycled"),
                    r.metric("alpha.supply_end"), 1e-6 * alphaOpened, "alpha, seed " + seed);
            assertTrue(r.metric("registration.burned_tokens") > 0 && r.metric("alpha.recycled") > 0, "both burns happen, seed " + seed);
        }
    }

    @Test
    void misconfiguredBittensorKeysAreLocatedErrors() {
        String base = SUBNET.formatted(1, "2h", "", "", "nodes", "%s", "scheme: none", "");
        ScenarioException full = assertThrows(ScenarioException.class,
                () -> new ScenarioLoader().parse(base.formatted("registration: {max_uids: 12}")));
        assertTrue(full.getMessage().contains("max_uids") && full.getMessage().contains("20"), full.getMessage());
        ScenarioException noYuma = assertThrows(ScenarioException.class, () -> new ScenarioLoader().parse(
                base.formatted("alpha_pool: {tao: 10, price: 0.01}").replace("split: yuma, yuma: {validators: 16, stray_share: 0.1, miners: nodes}", "split: work")));
        assertTrue(noYuma.getMessage().contains("split must be 'yuma'"), noYuma.getMessage());
        ScenarioException burn = assertThrows(ScenarioException.class,
                () -> new ScenarioLoader().parse(base.formatted("registration: {burn: 200, max_burn: 100}")));
        assertTrue(burn.getMessage().contains("min_burn <= burn <= max_burn"), burn.getMessage());
    }
}
