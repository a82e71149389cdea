package io.dime.sim.market;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dime.sim.scenario.TokenSpec;
import org.junit.jupiter.api.Test;

/** The scenario reader validates controllers' names against TokenSpec's lists; the registries here act on them. They must agree. */
class ControllersTest {
    @Test
    void everyTargetAndActuatorTheReaderAcceptsIsRegisteredAndNoOther() {
        assertEquals(TokenSpec.Controller.TARGETS, Controllers.targets().names());
        assertEquals(TokenSpec.Controller.ACTUATORS, Controllers.actuators().names());
    }

    @Test
    void eachTargetMeasuresWhatItNames() {
        assertEquals(2.5, Controllers.targets().get("price").measure(2.5, 0.7, 40));
        assertEquals(0.7, Controllers.targets().get("utilization").measure(2.5, 0.7, 40));
        assertEquals(40, Controllers.targets().get("operators").measure(2.5, 0.7, 40));
    }
}
