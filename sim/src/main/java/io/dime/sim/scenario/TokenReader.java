package io.dime.sim.scenario;

import io.dime.sim.input.YamlNode;
import io.dime.sim.input.Obj;
import io.dime.sim.input.Values;
import io.dime.sim.input.Units;
import io.dime.sim.input.ScenarioException;
import io.dime.sim.catalog.Catalog;
import io.dime.sim.scenario.TokenSpec.Controller;
import io.dime.sim.scenario.TokenSpec.Emission;
import io.dime.sim.scenario.TokenSpec.Pool;
import io.dime.sim.scenario.TokenSpec.Speculation;
import io.dime.sim.scenario.TokenSpec.Staking;
import io.dime.sim.input.YamlNode.YScalar;
import java.util.ArrayList;
import java.util.List;

/** Binds the {@code token:} and {@code demand:} sections. */
final class TokenReader {
    private static final double MAX_SECONDS = ScenarioLoader.MAX_DURATION_SECONDS;

    private TokenReader() {
    }

    /**
     * @param operatorNodesAtStart decentralized nodes active at the start (each holds a UID under
     *                             {@code registration}, so {@code max_uids} must hold them all)
     * @param operatorNodes        decentralized nodes in all (a slice's simulated nodes, unless
     *                             registration caps the UIDs they can hold)
     */
    static TokenSpec token(Obj t, Catalog catalog, int operatorNodesAtStart, int operatorNodes) {
        double supply = t.number("supply", 1e9, 1, 1e18);
        double price = t.number("price", 1.0, 1e-12, 1e9);
        double epoch = t.seconds("epoch", 3600, 1, MAX_SECONDS);
        Emission emission = emission(t.objectOrEmpty("emission"), supply);
        Obj b = t.objectOrEmpty("burn");
        double burnShare = b.number("share", 0.5, 0, 1);
        b.finish();
        double treasuryUsd = t.number("treasury_usd", 0, 0, 1e15);
        Obj s = t.objectOrEmpty("staking");
        Staking staking = new Staking(s.number("min_stake", 0, 0, supply), s.seconds("unbonding", 7 * 86400.0, 0, MAX_SECONDS));
        s.finish();
        Obj p = t.objectOrEmpty("pool");
        double poolUsd = p.number("usd", 5e7, 1, 1e15);
        if (poolUsd / price > supply) {
            throw p.error("usd", "the pool would hold " + Units.plain(poolUsd / price) + " tokens at the starting price, more than the supply of "
                    + Units.plain(supply) + "; accepted: a pool worth at most supply x price in USD");
        }
        Pool pool = new Pool(poolUsd, p.number("fee", 0.003, 0, 0.1));
        p.finish();
        Obj o = t.objectOrEmpty("operators");
        double sellShare = o.number("sell_share", 0.5, 0, 1);
        o.finish();
        Obj sp = t.objectOrEmpty("speculation");
        Speculation speculation = new Speculation(sp.number("volatility", 0.02, 0, 1), sp.number("jump_probability", 0.02, 0, 1),
                sp.number("jump_size", 0.1, 0, 1));
        sp.finish();
        TokenSpec.Checkers checkers = t.has("checkers") ? checkers(t.object("checkers")) : null;
        List<Controller> controllers = controllers(t, price, emission.schedule());
        TokenSpec.Registration registration = t.has("registration") ? registration(t.object("registration"), catalog, operatorNodesAtStart) : null;
        TokenSpec.AlphaPool alphaPool = null;
        if (t.has("alpha_pool")) {
            if (!emission.split().equals("yuma")) {
                throw t.error("alpha_pool", "the alpha pool pays its alpha by the Yuma split, so emission.split must be 'yuma'; found '" + emission.split() + "'");
            }
            alphaPool = alphaPool(t.object("alpha_pool"), catalog, supply);
        }
        TokenSpec.Slice slice = t.has("slice")
                ? slice(t.object("slice"), registration == null ? operatorNodes : Math.min(operatorNodes, registration.maxUids())) : null;
        t.finish();
        return new TokenSpec(supply, price, epoch, emission, burnShare, treasuryUsd,
                staking, pool, sellShare, speculation, controllers, checkers, registration, alphaPool, slice);
    }

    /** {@code slice:}, the part of a real network the scenario simulates; see {@link TokenSpec.Slice}. */
    private static TokenSpec.Slice slice(Obj s, int simulatedNodes) {
        if (simulatedNodes < 1) {
            throw s.error("network_nodes", "a slice is a share of a network's operator nodes, and this scenario has no decentralized nodes;"
                    + " accepted: no slice section, or decentralized node groups");
        }
        double networkNodes = s.integer("network_nodes", 1, 1_000_000_000_000L);
        if (networkNodes < simulatedNodes) {
            throw s.error("network_nodes", "the scenario simulates " + simulatedNodes + " operator nodes, more than the network's " + Units.plain(networkNodes)
                    + "; accepted: network_nodes >= " + simulatedNodes + " (the real network's operator nodes: GPUs, or UIDs for a subnet)");
        }
        String source = s.string("source");
        double rewards = s.number("rewards_per_node_day", Double.NaN, 0, 1e15);
        String rewardsSource = "";
        if (!Double.isNaN(rewards)) {
            rewardsSource = s.string("rewards_source");
        } else if (s.has("rewards_source")) {
            throw s.error("rewards_source", "rewards_source says where rewards_per_node_day comes from, and there is none;"
                    + " accepted: rewards_per_node_day (the tokens a node of the network earns a day) beside it, or neither");
        }
        s.finish();
        return new TokenSpec.Slice(networkNodes, simulatedNodes, source, rewards, rewardsSource);
    }

    /** {@code emission:}: the schedule, its rate, and how each epoch's emission is split. */
    private static Emission emission(Obj e, double supply) {
        String schedule = e.choice("schedule", "constant", Emission.SCHEDULES, "emission schedule");
        double perDay = e.number("per_day", supply * 1e-4, 0, supply);
        // Halvings come years apart (Bittensor's about every four years): up to a century.
        double halving = schedule.equals("halving") ? e.seconds("halving_every", 1, 100 * 366 * 86400.0) : 0;
        double declinePerMonth = schedule.equals("decay") ? e.number("decline_per_month", 0, 0.999) : 0;
        boolean upCheck = e.bool("up_check", false);
        String split = e.choice("split", "work", Emission.SPLITS, "emission split");
        TokenSpec.YumaSettings yuma = null;
        if (split.equals("yuma")) {
            Obj y = e.objectOrEmpty("yuma");
            yuma = new TokenSpec.YumaSettings((int) y.integer("validators", 16, 1, 4096), y.number("stray_share", 0, 0, 1),
                    y.number("kappa", 0.5, 0.01, 1), y.number("bond_alpha", 0.1, 0.001, 1), y.number("owner_share", 0.18, 0, 1),
                    y.choice("miners", "groups", TokenSpec.YumaSettings.MINERS, "Yuma miners"));
            y.finish();
        } else if (e.has("yuma")) {
            throw e.error("yuma", "yuma settings apply only with split: yuma");
        }
        e.finish();
        return new Emission(schedule, perDay, halving, split, yuma, declinePerMonth, upCheck);
    }

    /** {@code checkers:}, a committee that re-checks results every so often. */
    private static TokenSpec.Checkers checkers(Obj ch) {
        int committee = (int) ch.integer("committee", 3, 1, 101);
        if (committee % 2 == 0) {
            throw ch.error("committee", "a committee of " + committee + " can tie; accepted: an odd number (2N+1)");
        }
        TokenSpec.Checkers checkers = new TokenSpec.Checkers(ch.seconds("every", 1800, 1, MAX_SECONDS), committee, ch.number("error_rate", 0.01, 0, 0.5),
                ch.number("slash_share", 0.05, 0, 1));
        ch.finish();
        return checkers;
    }

    /** {@code controllers:}: at most one per actuator; one on emission needs the controller schedule. */
    private static List<Controller> controllers(Obj t, double price, String schedule) {
        List<Controller> controllers = new ArrayList<>();
        if (t.has("controllers")) {
            List<Obj> items = t.objects("controllers");
            List<String> actuators = new ArrayList<>();
            for (Obj c : items) {
                Controller controller = controller(c, price);
                if (actuators.contains(controller.actsOn())) {
                    throw c.error("acts_on", "two controllers act on '" + controller.actsOn() + "'; accepted: at most one controller per actuator ("
                            + String.join(", ", io.dime.sim.token.ControlLevers.actuators().names()) + ")");
                }
                actuators.add(controller.actsOn());
                controllers.add(controller);
            }
            for (Controller controller : controllers) {
                if (controller.actsOn().equals("emission") && !schedule.equals("controller")) {
                    throw t.error("emission", "a controller acts on emission, so the emission schedule must be 'controller'; found '" + schedule + "'");
                }
            }
        }
        return controllers;
    }

    /** {@code registration:}, Bittensor's UID registration by burn; defaults in the catalog (constants.bittensor.*). */
    private static TokenSpec.Registration registration(Obj r, Catalog catalog, int operatorNodesAtStart) {
        double maxBurn = r.number("max_burn", catalog.constant("bittensor.max_burn_tao"), 0, 1e12);
        double minBurn = r.number("min_burn", Math.min(maxBurn, catalog.constant("bittensor.min_burn_tao")), 0, maxBurn);
        double burn = r.number("burn", Math.max(minBurn, Math.min(maxBurn, catalog.constant("bittensor.registration_burn_tao"))), 0, 1e12);
        if (burn < minBurn || burn > maxBurn) {
            throw r.error("burn", "a starting burn of " + Units.plain(burn) + " lies outside [min_burn, max_burn] = [" + Units.plain(minBurn) + ", "
                    + Units.plain(maxBurn) + "]; accepted: min_burn <= burn <= max_burn");
        }
        double interval = r.seconds("adjustment_interval", catalog.constant("bittensor.adjustment_interval_s"), 1, MAX_SECONDS);
        int target = (int) r.integer("target_regs_per_interval", (long) catalog.constant("bittensor.target_regs_per_interval"), 1, 1_000_000);
        double alpha = r.number("adjustment_alpha", 0, 0, 0.999);
        double immunity = r.seconds("immunity_period", catalog.constant("bittensor.immunity_period_s"), 0, MAX_SECONDS);
        int maxUids = (int) r.integer("max_uids", Math.max(operatorNodesAtStart, (long) catalog.constant("bittensor.max_uids")), 1, 1_000_000);
        if (maxUids < operatorNodesAtStart) {
            throw r.error("max_uids", operatorNodesAtStart + " decentralized nodes are active at the start and each holds a UID, more than max_uids "
                    + maxUids + "; accepted: max_uids >= " + operatorNodesAtStart);
        }
        r.finish();
        return new TokenSpec.Registration(burn, minBurn, maxBurn, interval, target, alpha, immunity, maxUids);
    }

    /** {@code alpha_pool:}, a Bittensor subnet's dTAO pool of TAO and alpha. */
    private static TokenSpec.AlphaPool alphaPool(Obj a, Catalog catalog, double supply) {
        double tao = a.number("tao", 1e-9, supply);
        double price = a.number("price", 1e-12, 1e12);
        double fee = a.number("fee", 0, 0, 0.1);
        double perDay = a.number("alpha_per_day", catalog.constant("bittensor.alpha_per_day"), 0, 1e15);
        double maxInjection = a.number("max_injection_per_day", perDay, 0, 1e15);
        double sellShare = a.number("sell_share", 0.5, 0, 1);
        a.finish();
        return new TokenSpec.AlphaPool(tao, price, fee, perDay, maxInjection, sellShare);
    }

    private static Controller controller(Obj c, double initialPrice) {
        String target = c.choice("target", null, io.dime.sim.token.ControlLevers.targets().names(), "controller target");
        double fallbackSetpoint = switch (target) {
            case "price" -> initialPrice;
            case "utilization" -> 0.7;
            default -> 100;
        };
        double setpoint = c.number("setpoint", fallbackSetpoint, 1e-12, 1e12);
        if (target.equals("utilization") && setpoint > 1) {
            throw c.error("setpoint", "a utilization setpoint is a share; accepted: more than 0, at most 1");
        }
        String actsOn = c.choice("acts_on", null, io.dime.sim.token.ControlLevers.actuators().names(), "actuator");
        double direction = Controller.defaultDirection(target, actsOn);
        if (c.has("direction")) {
            direction = c.number("direction", -1, 1);
            if (direction != 1 && direction != -1) {
                throw c.error("direction", "direction " + Units.plain(direction) + "; accepted: 1 or -1");
            }
        }
        double min = -1;
        double max = 1;
        if (c.has("clamp")) {
            List<YamlNode> clamp = c.list("clamp");
            if (clamp.size() != 2) {
                throw c.error("clamp", "expected two numbers [min, max], found " + clamp.size());
            }
            min = Values.number(Values.scalar(clamp.get(0), c.pathOf("clamp") + "[0]", "a number"), c.pathOf("clamp") + "[0]");
            YScalar high = Values.scalar(clamp.get(1), c.pathOf("clamp") + "[1]", "a number");
            max = Values.number(high, c.pathOf("clamp") + "[1]");
            if (max <= min) {
                throw new ScenarioException(c.pathOf("clamp") + "[1]", high.mark(), "max " + Units.plain(max) + " is not above min " + Units.plain(min) + "; accepted: min < max");
            }
        }
        double leakPerHour = c.number("leak_per_hour", 0.99, 0, 1);
        if (leakPerHour <= 0) {
            // the integral keeps leak^hours of itself each hour: 0 would erase it and the controller cannot take the log of it
            throw c.error("leak_per_hour", "leak_per_hour 0 would forget the integral entirely; accepted: more than 0, at most 1 (1 = no leak)");
        }
        Controller controller = new Controller(target, setpoint,
                c.number("kp", 0.5, 0, 1e6), c.number("ki", 0.05, 0, 1e6), c.number("kd", 0, 0, 1e6),
                leakPerHour, actsOn, direction,
                c.seconds("update", 3600, 0, MAX_SECONDS), min, max, c.number("noise_barrier", 0.0, 0, 1));
        c.finish();
        return controller;
    }

    static DemandSpec demand(Obj d, double referencePrice) {
        DemandSpec spec = new DemandSpec(
                d.number("elasticity", 0.5, 0, 10),
                d.number("reference_price", referencePrice, 1e-9, 1e6),
                d.number("max_multiplier", 2, 1, 100),
                d.number("defect_rate", 0.5, 0, 10),
                d.number("return_rate", 0.05, 0, 1));
        d.finish();
        return spec;
    }
}
