package io.dime.cli;

import io.dime.sim.live.LiveBackend;
import io.dime.sim.live.LiveBackends;
import io.dime.sim.scenario.Scenario;

/**
 * Opens and at once closes every live node's backend before anything runs, so that a setting
 * its type refuses (a url that is not http, a misspelt key) is the user's mistake with exit
 * code 2, from {@code dime validate} as from {@code dime run}, rather than an error out of the
 * middle of a run. The scenario loader checks what the simulator knows of a backend section
 * (type, slots, timeout); the other keys are the type's own, and the live backend SPI has no
 * way to check them but opening. Opening does not contact the server ({@code openai} only builds
 * its client), so this costs next to nothing.
 */
final class LiveBackendCheck {
    private LiveBackendCheck() {
    }

    static void check(Scenario scenario) {
        if (!scenario.hasLiveNodes()) {
            return;
        }
        LiveBackends backends = LiveBackends.discover();
        for (int g = 0; g < scenario.nodes().size(); g++) {
            Scenario.NodeGroup group = scenario.nodes().get(g);
            Scenario.Backend backend = group.backend();
            if (backend == null) {
                continue;
            }
            try (LiveBackend opened = backends.open(backend.type(), backend.factorySettings())) {
                // opened only to see that its settings are accepted
            } catch (IllegalArgumentException e) {
                throw new BadInputException("nodes[" + g + "].backend: node group '" + group.name() + "' cannot open its backend"
                        + " (type '" + backend.type() + "'): " + e.getMessage());
            }
        }
    }
}
