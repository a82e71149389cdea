package io.dime.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.ScenarioLoader;
import io.dime.sim.scenario.ScenarioWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every scenario shipped in scenarios/ loads, round-trips, and runs (shortened) with conserved requests. */
class BundledScenariosTest {
    private static final Path SCENARIOS = Path.of("..", "scenarios");

    static List<Path> scenarios() throws IOException {
        try (Stream<Path> files = Files.list(SCENARIOS)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @org.junit.jupiter.api.Test
    void theStabilizationTwinsDifferOnlyInTheController() {
        Scenario on = new ScenarioLoader().load(SCENARIOS.resolve("token-controller-stabilization.yaml"));
        Scenario off = new ScenarioLoader().load(SCENARIOS.resolve("token-controller-stabilization-off.yaml"));
        assertEquals(1, on.token().controllers().size());
        assertEquals(0, off.token().controllers().size());
        io.dime.sim.scenario.TokenSpec t = on.token();
        io.dime.sim.scenario.TokenSpec withoutController = new io.dime.sim.scenario.TokenSpec(t.initialSupply(), t.initialPriceUsd(),
                t.epochSeconds(), t.emission(), t.burnShare(), t.treasuryUsd(), t.staking(), t.pool(), t.operatorSellShare(), t.speculation(), List.of(), t.checkers(),
                t.registration(), t.alphaPool(), t.slice());
        Scenario onWithout = new Scenario(off.name(), on.description(), on.seed(), on.durationSeconds(), on.warmupSeconds(), on.replications(),
                on.regions(), on.models(), on.network(), on.nodes(), on.workload(), on.routing(), on.market(), withoutController, on.demand(), on.output(),
                on.verification(), on.adversaries());
        assertEquals(off, onWithout, "the -off file must be the same market without its controller");
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void bundledScenarioLoadsRoundTripsAndRuns(Path file) throws IOException {
        Scenario full = new ScenarioLoader().load(file);
        assertEquals(full, new ScenarioLoader().parse(ScenarioWriter.toYaml(full), file.toAbsolutePath().getParent()),
                "the resolved scenario reads back the same");
        // The same scenario, shorter: 20 simulated minutes, one replication.
        String shortened = Files.readString(file)
                .replaceAll("(?m)^duration: .*$", "duration: 20min")
                .replaceAll("(?m)^warmup: .*$", "warmup: 2min")
                .replaceAll("(?m)^replications: .*$", "replications: 1");
        Scenario quick = new ScenarioLoader().parse(shortened, file.toAbsolutePath().getParent());
        RunOutcome outcome = RunOutcome.run(quick, 2);
        ReplicationResult r = outcome.replications().get(0);
        assertTrue(r.metric("requests.completed") > 100, file + ": " + r.metric("requests.completed") + " completed");
        assertEquals(r.metric("requests.arrived"), r.metric("requests.completed") + r.metric("requests.failed")
                + r.metric("requests.dropped") + r.metric("requests.in_flight"), file + ": requests conserved");
    }
}
