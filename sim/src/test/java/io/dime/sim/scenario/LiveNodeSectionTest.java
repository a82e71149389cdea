package io.dime.sim.scenario;

import io.dime.sim.input.ScenarioException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.live.FakeLiveBackendFactory;
import io.dime.sim.live.LiveBackends;
import io.dime.sim.scenario.Scenario.Backend;
import io.dime.sim.scenario.Scenario.Engine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code backend} section of a node group: what it binds to, the rules a live group obeys,
 * located errors when it breaks them, and its place in the resolved scenario. Type {@code fake}
 * is the test double registered in this module's test resources.
 */
class LiveNodeSectionTest {
    private static final String TEMPLATE = """
            name: t
            %s
            nodes:
              - name: server
                gpu: rtx-4090
                model: llama-3-8b
                %s
                backend: {type: %s}
            workload:
              - {name: chat, arrival: {rate: 5/s}}
            """;

    @Test
    void aBackendSectionMakesALiveGroupWithItsSettingsAsText() {
        Scenario s = new ScenarioLoader().parse("""
                name: t
                nodes:
                  - name: server
                    gpu: h100-sxm
                    model: llama-3-8b
                    backend: {type: fake, url: http://127.0.0.1:8080, model: tiny, slots: 8, timeout: 2min, api_key_env: DIME_API_KEY, port: 8080}
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """);
        Scenario.NodeGroup group = s.nodes().get(0);
        assertEquals(Engine.LIVE, group.engine());
        assertNull(group.batching());
        assertNull(group.queue());
        Backend backend = group.backend();
        assertEquals(new Backend("fake", 8, 1000, 120,
                Map.of("url", "http://127.0.0.1:8080", "model", "tiny", "api_key_env", "DIME_API_KEY", "port", "8080")), backend);
        assertEquals(List.of("url", "model", "api_key_env", "port", "slots", "timeout"), List.copyOf(backend.factorySettings().keySet()),
                "file order, then the two the simulator normalised");
        assertEquals("120", backend.factorySettings().get("timeout"));
        assertEquals(1, s.replications(), "the default of 3 becomes 1 with a live node");
        assertTrue(s.hasLiveNodes());
        assertEquals(io.dime.sim.catalog.Catalog.builtIn().gpus().get("h100-sxm").pricePerHourUsd(), group.costPerHourUsd(),
                "cost still comes from the GPU named");
    }

    @ParameterizedTest(name = "{3}")
    @CsvSource(delimiter = '|', value = {
        // top-level line | node line | type | expected path | line | column | message parts (;-separated)
        "seed: 1 | count: 1 | openai | nodes[0].backend.type | 8 | 21 | backend type 'openai' needs the real-backend module on the class path;available: fake",
        "seed: 1 | count: 1 | fak | nodes[0].backend.type | 8 | 21 | unknown backend type 'fak';did you mean 'fake'? available: fake",
        "seed: 1 | count: 2 | fake | nodes[0].count | 7 | 12 | one real server, found count 2;accepted: count: 1",
        "replications: 5 | count: 1 | fake | replications | 2 | 15 | runs exactly one replication;accepted: replications: 1",
        "seed: 1 | 'availability: {mtbf: 8h, mttr: 30min}' | fake | nodes[0].availability | 7 | 19 | availability (churn) does not apply to a live node",
        "seed: 1 | slots: 4 | fake | nodes[0].slots | 7 | 12 | configures a simulated engine;backend.slots",
        "seed: 1 | max_batch: 64 | fake | nodes[0].max_batch | 7 | 16 | configures a simulated engine",
        "seed: 1 | engine: queue | fake | nodes[0].engine | 7 | 13 | served by its real server, not by the queue model;accepted: engine: live",
        "seed: 1 | count: 1 | 'fake, slots: 0' | nodes[0].backend.slots | 8 | 34 | value 0 is out of range",
        "seed: 1 | count: 1 | 'fake, timeout: soon' | nodes[0].backend.timeout | 8 | 36 | 'soon' is not a duration",
        "seed: 1 | count: 1 | 'fake, api_key: sk-123' | nodes[0].backend.api_key | 8 | 36 | copied into the run folder;api_key_env",
        "seed: 1 | count: 1 | 'fake, headers: {a: b}' | nodes[0].backend.headers | 8 | 36 | expected text",
    })
    void aBrokenLiveGroupIsLocated(String topLine, String nodeLine, String type, String path, int line, int column, String parts) {
        LocatedErrorAssertions.assertRejected(TEMPLATE.formatted(topLine, nodeLine, type), path, line, column, parts);
    }

    @Test
    void engineLiveWithoutABackendIsLocated() {
        LocatedErrorAssertions.assertRejected("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b, engine: live}
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """, "nodes[0].engine", 3, 57, "engine: live needs a backend section");
    }

    @Test
    void withNoBackendModuleOnTheClassPathTheErrorSaysSo() {
        ScenarioException e = org.junit.jupiter.api.Assertions.assertThrows(ScenarioException.class,
                () -> new ScenarioLoader(io.dime.sim.catalog.Catalog.builtIn(), LiveBackends.of(List.of()))
                        .parse(TEMPLATE.formatted("seed: 1", "count: 1", "openai")));
        assertTrue(e.getMessage().endsWith("needs the real-backend module on the class path (line 8, column 21);"
                + " available: none (no live backend module is on the class path)"), e.getMessage());
    }

    @Test
    void theResolvedScenarioKeepsTheBackendAndReadsBackEqual() {
        ScenarioLoader loader = new ScenarioLoader(io.dime.sim.catalog.Catalog.builtIn(), LiveBackends.of(List.of(new FakeLiveBackendFactory())));
        Scenario original = loader.parse(TEMPLATE.formatted("seed: 4", "max_queue: 20",
                "fake, url: 'http://127.0.0.1:8080/v1', model: tiny, slots: 8, timeout: 90s, api_key_env: DIME_API_KEY, port: 8080"));
        String resolved = ScenarioWriter.toYaml(original);
        for (String expected : new String[] {"engine: live", "max_queue: 20", "type: fake", "slots: 8", "timeout: 90s",
            "api_key_env: DIME_API_KEY", "replications: 1"}) {
            assertTrue(resolved.contains(expected), "expected '" + expected + "' in:\n" + resolved);
        }
        Scenario again = loader.parse(resolved);
        assertEquals(original, again, resolved);
        assertEquals(resolved, ScenarioWriter.toYaml(again));
    }
}
