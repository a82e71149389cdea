package io.dime.sim.scenario;

import io.dime.sim.scenario.TokenSpec.Controller;
import io.dime.sim.scenario.TokenSpec.Emission;
import io.dime.sim.scenario.TokenSpec.Pool;
import io.dime.sim.scenario.TokenSpec.Speculation;
import io.dime.sim.scenario.TokenSpec.Staking;
import io.dime.sim.scenario.YamlNode.YScalar;
import java.util.ArrayList;
import java.util.List;

/** Binds the {@code token:} and {@code demand:} sections. */
final class TokenReader {
    private static final double MAX_SECONDS = ScenarioLoader.MAX_DURATION_SECONDS;

    private TokenReader() {
    }

    static TokenSpec token(Obj t) {
        double supply = t.number("supply", 1e9, 1, 1e18);
        double price = t.number("price", 1.0, 1e-12, 1e9);
        double epoch = t.seconds("epoch", 3600, 1, MAX_SECONDS);
        Obj e = t.objectOrEmpty("emission");
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
                    y.number("kappa", 0.5, 0.01, 1), y.number("bond_alpha", 0.1, 0.001, 1), y.number("owner_share", 0.18, 0, 1));
            y.finish();
        } else if (e.has("yuma")) {
            throw e.error("yuma", "yuma settings apply only with split: yuma");
        }
        e.finish();
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
        TokenSpec.Checkers checkers = null;
        if (t.has("checkers")) {
            Obj ch = t.object("checkers");
            int committee = (int) ch.integer("committee", 3, 1, 101);
            if (committee % 2 == 0) {
                throw ch.error("committee", "a committee of " + committee + " can tie; accepted: an odd number (2N+1)");
            }
            checkers = new TokenSpec.Checkers(ch.seconds("every", 1800, 1, MAX_SECONDS), committee, ch.number("error_rate", 0.01, 0, 0.5),
                    ch.number("slash_share", 0.05, 0, 1));
            ch.finish();
        }
        List<Controller> controllers = new ArrayList<>();
        if (t.has("controllers")) {
            List<Obj> items = t.objects("controllers");
            List<String> actuators = new ArrayList<>();
            for (Obj c : items) {
                Controller controller = controller(c, price);
                if (actuators.contains(controller.actsOn())) {
                    throw c.error("acts_on", "two controllers act on '" + controller.actsOn() + "'; accepted: at most one controller per actuator ("
                            + String.join(", ", Controller.ACTUATORS) + ")");
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
        t.finish();
        return new TokenSpec(supply, price, epoch, new Emission(schedule, perDay, halving, split, yuma, declinePerMonth, upCheck), burnShare, treasuryUsd, staking, pool, sellShare, speculation, controllers, checkers);
    }

    private static Controller controller(Obj c, double initialPrice) {
        String target = c.choice("target", null, Controller.TARGETS, "controller target");
        double fallbackSetpoint = switch (target) {
            case "price" -> initialPrice;
            case "utilization" -> 0.7;
            default -> 100;
        };
        double setpoint = c.number("setpoint", fallbackSetpoint, 1e-12, 1e12);
        if (target.equals("utilization") && setpoint > 1) {
            throw c.error("setpoint", "a utilization setpoint is a share; accepted: more than 0, at most 1");
        }
        String actsOn = c.choice("acts_on", null, Controller.ACTUATORS, "actuator");
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
        Controller controller = new Controller(target, setpoint,
                c.number("kp", 0.5, 0, 1e6), c.number("ki", 0.05, 0, 1e6), c.number("kd", 0, 0, 1e6),
                c.number("leak_per_hour", 0.99, 0, 1), actsOn, direction,
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
