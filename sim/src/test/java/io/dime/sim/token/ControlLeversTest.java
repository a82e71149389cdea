package io.dime.sim.token;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What each controller target measures and where each lever moves, clamped to what it can take. */
class ControlLeversTest {
    /** The economy's settings, as plain numbers. */
    private static final class Settings implements ControlLevers.Levers {
        double emission = 1;
        double burn = 0.2;
        double fee = 0.1;
        double price = 1;

        @Override
        public void setEmissionMultiplier(double multiplier) {
            emission = multiplier;
        }

        @Override
        public double burnShare() {
            return burn;
        }

        @Override
        public void setBurnShare(double share) {
            burn = share;
        }

        @Override
        public double protocolFee() {
            return fee;
        }

        @Override
        public void setProtocolFee(double value) {
            fee = value;
        }

        @Override
        public void setPriceMultiplier(double multiplier) {
            price = multiplier;
        }
    }

    @Test
    void eachTargetMeasuresWhatItNames() {
        assertEquals(2.5, ControlLevers.targets().get("price").measure(2.5, 0.7, 40));
        assertEquals(0.7, ControlLevers.targets().get("utilization").measure(2.5, 0.7, 40));
        assertEquals(40, ControlLevers.targets().get("operators").measure(2.5, 0.7, 40));
    }

    @Test
    void eachLeverMovesFromItsBaseAndStaysWithinWhatItCanTake() {
        Settings s = new Settings();
        ControlLevers.Actuator burn = ControlLevers.actuators().get("burn");
        double base = burn.base(s);
        assertEquals(0.2, base);
        burn.apply(s, base, 0.3);
        assertEquals(0.5, s.burn, 1e-12, "burn share: base + move");
        burn.apply(s, base, 2);
        assertEquals(1.0, s.burn, "at most all of it");
        ControlLevers.Actuator fee = ControlLevers.actuators().get("fee");
        fee.apply(s, fee.base(s), 0.5);
        assertEquals(0.15, s.fee, 1e-12, "fee: base x (1 + move)");
        fee.apply(s, 0.1, 20);
        assertEquals(0.9, s.fee, "at most 90%");
        ControlLevers.Actuator price = ControlLevers.actuators().get("price");
        assertEquals(1.0, price.base(s));
        price.apply(s, 1, -5);
        assertEquals(0.01, s.price, "a price multiplier stays positive");
        ControlLevers.Actuator emission = ControlLevers.actuators().get("emission");
        emission.apply(s, 1, -3);
        assertEquals(0.0, s.emission, "emission stops, never turns negative");
        assertEquals(java.util.List.of("emission", "burn", "fee", "price"), ControlLevers.actuators().names());
    }
}
