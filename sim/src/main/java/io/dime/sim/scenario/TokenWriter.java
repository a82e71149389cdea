package io.dime.sim.scenario;

import io.dime.sim.input.Units;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code token:} section of {@code scenario.resolved.yaml}: every key as a user writes it, defaults included ({@link TokenReader} reads it back). */
final class TokenWriter {
    private TokenWriter() {
    }

    static Map<String, Object> token(TokenSpec t) {
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("supply", t.initialSupply());
        token.put("price", t.initialPriceUsd());
        token.put("epoch", Units.formatSeconds(t.epochSeconds()));
        token.put("emission", emission(t.emission()));
        if (t.checkers() != null) {
            Map<String, Object> checkers = new LinkedHashMap<>();
            checkers.put("every", Units.formatSeconds(t.checkers().everySeconds()));
            checkers.put("committee", t.checkers().committee());
            checkers.put("error_rate", t.checkers().errorRate());
            checkers.put("slash_share", t.checkers().slashShare());
            token.put("checkers", checkers);
        }
        token.put("burn", Map.of("share", t.burnShare()));
        token.put("treasury_usd", t.treasuryUsd());
        Map<String, Object> staking = new LinkedHashMap<>();
        staking.put("min_stake", t.staking().minStake());
        staking.put("unbonding", Units.formatSeconds(t.staking().unbondingSeconds()));
        token.put("staking", staking);
        Map<String, Object> pool = new LinkedHashMap<>();
        pool.put("usd", t.pool().usdReserve());
        pool.put("fee", t.pool().fee());
        token.put("pool", pool);
        token.put("operators", Map.of("sell_share", t.operatorSellShare()));
        Map<String, Object> speculation = new LinkedHashMap<>();
        speculation.put("volatility", t.speculation().volatility());
        speculation.put("jump_probability", t.speculation().jumpProbability());
        speculation.put("jump_size", t.speculation().jumpSize());
        token.put("speculation", speculation);
        token.put("controllers", controllers(t.controllers()));
        if (t.registration() != null) {
            token.put("registration", registration(t.registration()));
        }
        if (t.alphaPool() != null) {
            token.put("alpha_pool", alphaPool(t.alphaPool()));
        }
        if (t.slice() != null) {
            Map<String, Object> slice = new LinkedHashMap<>();
            slice.put("network_nodes", (long) t.slice().networkNodes());
            slice.put("source", t.slice().source());
            if (!Double.isNaN(t.slice().citedRewardsPerNodeDay())) {
                slice.put("rewards_per_node_day", t.slice().citedRewardsPerNodeDay());
                slice.put("rewards_source", t.slice().rewardsSource());
            }
            token.put("slice", slice);
        }
        return token;
    }

    private static Map<String, Object> emission(TokenSpec.Emission e) {
        Map<String, Object> emission = new LinkedHashMap<>();
        emission.put("schedule", e.schedule());
        emission.put("per_day", e.tokensPerDay());
        if (e.schedule().equals("halving")) {
            emission.put("halving_every", Units.formatSeconds(e.halvingSeconds()));
        }
        if (e.schedule().equals("decay")) {
            emission.put("decline_per_month", e.declinePerMonth());
        }
        emission.put("up_check", e.upCheck());
        emission.put("split", e.split());
        if (e.yuma() != null) {
            var y = e.yuma();
            Map<String, Object> yuma = new LinkedHashMap<>();
            yuma.put("validators", y.validators());
            yuma.put("stray_share", y.strayShare());
            yuma.put("kappa", y.kappa());
            yuma.put("bond_alpha", y.bondAlpha());
            yuma.put("owner_share", y.ownerShare());
            yuma.put("miners", y.miners());
            emission.put("yuma", yuma);
        }
        return emission;
    }

    private static List<Object> controllers(List<TokenSpec.Controller> list) {
        List<Object> controllers = new ArrayList<>();
        for (TokenSpec.Controller c : list) {
            Map<String, Object> controller = new LinkedHashMap<>();
            controller.put("target", c.target());
            controller.put("setpoint", c.setpoint());
            controller.put("acts_on", c.actsOn());
            controller.put("direction", c.direction());
            controller.put("kp", c.kp());
            controller.put("ki", c.ki());
            controller.put("kd", c.kd());
            controller.put("leak_per_hour", c.leakPerHour());
            controller.put("update", Units.formatSeconds(c.updateSeconds()));
            controller.put("clamp", List.of(c.minOutput(), c.maxOutput()));
            controller.put("noise_barrier", c.noiseBarrier());
            controllers.add(controller);
        }
        return controllers;
    }

    private static Map<String, Object> registration(TokenSpec.Registration r) {
        Map<String, Object> registration = new LinkedHashMap<>();
        registration.put("burn", r.burnTokens());
        registration.put("min_burn", r.minBurnTokens());
        registration.put("max_burn", r.maxBurnTokens());
        registration.put("adjustment_interval", Units.formatSeconds(r.adjustmentIntervalSeconds()));
        registration.put("target_regs_per_interval", r.targetPerInterval());
        registration.put("adjustment_alpha", r.adjustmentAlpha());
        registration.put("immunity_period", Units.formatSeconds(r.immunitySeconds()));
        registration.put("max_uids", r.maxUids());
        return registration;
    }

    private static Map<String, Object> alphaPool(TokenSpec.AlphaPool a) {
        Map<String, Object> alphaPool = new LinkedHashMap<>();
        alphaPool.put("tao", a.taoReserve());
        alphaPool.put("price", a.alphaPriceTao());
        alphaPool.put("fee", a.fee());
        alphaPool.put("alpha_per_day", a.alphaPerDay());
        alphaPool.put("max_injection_per_day", a.maxInjectionAlphaPerDay());
        alphaPool.put("sell_share", a.sellShare());
        return alphaPool;
    }
}
