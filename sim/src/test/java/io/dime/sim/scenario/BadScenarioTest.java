package io.dime.sim.scenario;

import io.dime.sim.input.ScenarioException;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of bad scenario is rejected with one located, single-line message: the key path,
 * the 1-based line and column, what is wrong and what is accepted.
 */
class BadScenarioTest {
    private static final String KNOWN_GPUS = "a100-40gb, a100-80gb, h100-sxm, h100-pcie, h200, l40s, l4, a10g, "
            + "rtx-3090, rtx-4090, rtx-5090, rtx-a6000, rtx-pro-6000, mi300x";

    /** Parses {@code yaml}, expects a ScenarioException, and checks the message is fit for a person. */
    private static ScenarioException reject(String yaml) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> new ScenarioLoader().parse(yaml));
        String message = e.getMessage();
        assertAll("message hygiene: " + message,
                () -> assertFalse(message.contains("\n"), "message is a single line"),
                () -> assertFalse(message.contains("\r"), "message is a single line"),
                () -> assertFalse(message.contains("Exception"), "message names no exception class"),
                () -> assertFalse(message.contains("at io.dime"), "message has no stack trace"));
        return e;
    }

    private static void assertLocated(ScenarioException e, String path, int line, int column) {
        assertAll("location of: " + e.getMessage(),
                () -> assertEquals(path, e.path(), "path"),
                () -> assertEquals(line, e.line(), "line"),
                () -> assertEquals(column, e.column(), "column"));
        if (line > 0) {
            assertTrue(e.getMessage().contains("(line " + line + ", column " + column + ")"),
                    "message quotes the location: " + e.getMessage());
        }
        if (!path.isEmpty()) {
            assertTrue(e.getMessage().startsWith(path + ": "), "message starts with the path: " + e.getMessage());
        }
    }

    private static void assertMentions(ScenarioException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- baseline

    @Test
    void theBaseScenarioUsedByTheseTestsIsValid() {
        assertDoesNotThrow(() -> new ScenarioLoader().parse("""
                name: t
                duration: 1min
                nodes:
                  - name: a
                    gpu: rtx-4090
                    model: llama-3-8b
                workload:
                  - name: chat
                    arrival: {rate: 5/s}
                """));
    }

    // ---------------------------------------------------------------- YAML itself

    @Test
    void badIndentationIsMalformedYamlAtTheOffendingLine() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - name: a
                   gpu: rtx-4090
                """);
        assertLocated(e, "", 4, 4);
        assertMentions(e, "malformed YAML", "check the indentation and quoting");
    }

    @Test
    void unclosedFlowMappingIsMalformedYaml() {
        ScenarioException e = reject("""
                name: t
                nodes: [{name: a, gpu: rtx-4090
                workload: []
                """);
        assertLocated(e, "", 3, 9);
        assertMentions(e, "malformed YAML", "flow mapping", "expected ',' or '}'");
    }

    @Test
    void tabIndentationIsLocatedAtTheTab() {
        ScenarioException e = reject("name: t\n"
                + "nodes:\n"
                + "  - {name: a, gpu: rtx-4090, model: llama-3-8b}\n"
                + "workload:\n"
                + "  - {name: chat, arrival: {rate: 5/s}}\n"
                + "\t\n");
        assertLocated(e, "", 6, 1);
        assertMentions(e, "malformed YAML", "TAB");
    }

    @Test
    void unclosedQuoteIsLocatedAtTheQuote() {
        ScenarioException e = reject("""
                name: "t
                nodes: []
                """);
        assertLocated(e, "", 1, 7);
    }

    @Test
    void duplicateKeyInOneMappingNamesBothPlaces() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - name: a
                    gpu: rtx-4090
                    model: llama-3-8b
                    count: 2
                    count: 3
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """);
        assertLocated(e, "nodes[0].count", 7, 5);
        assertMentions(e, "duplicate key 'count'", "first given on line 6, column 5", "give each key once");
    }

    @Test
    void duplicateTopLevelKeyIsReported() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b}
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                name: u
                """);
        assertLocated(e, "name", 6, 1);
        assertMentions(e, "duplicate key 'name'", "first given on line 1, column 1");
    }

    // ---------------------------------------------------------------- empty and wrong shape

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "\n\n", "# only a comment\n# and another\n", "---\n"})
    void emptyFileOrOnlyCommentsSaysTheFileIsEmpty(String yaml) {
        ScenarioException e = reject(yaml);
        assertLocated(e, "", 1, 1);
        assertMentions(e, "the scenario file is empty", "expected a mapping with at least 'name', 'nodes' and 'workload'");
    }

    @Test
    void documentThatIsAListIsNotAScenario() {
        ScenarioException e = reject("""
                - a
                - b
                """);
        assertLocated(e, "", 1, 1);
        assertMentions(e, "a scenario is a mapping of keys", "found a list");
    }

    // ---------------------------------------------------------------- unknown keys

    @Test
    void unknownTopLevelKeySuggestsTheNearMiss() {
        ScenarioException e = reject("""
                name: t
                durration: 1min
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b}
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """);
        assertLocated(e, "durration", 2, 1);
        assertMentions(e, "unknown key 'durration'", "did you mean 'duration'?",
                "accepted here: name, description, seed, duration, warmup, replications, regions, models, market, token, nodes, workload, routing, demand, output, verification, adversaries, network");
    }

    @Test
    void unknownNestedKeySuggestsTheNearMiss() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b}
                workload:
                  - name: chat
                    arrival: {rate: 5/s}
                    slo: {ttf: 1s}
                """);
        assertLocated(e, "workload[0].slo.ttf", 7, 11);
        assertMentions(e, "unknown key 'ttf'", "did you mean 'ttft'?", "accepted here: ttft, e2e");
    }

    @Test
    void unknownNestedKeyWithoutNearMissListsAcceptedKeys() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b}
                workload:
                  - name: chat
                    arrival: {rate: 5/s, burst: 3}
                """);
        assertLocated(e, "workload[0].arrival.burst", 6, 26);
        assertMentions(e, "unknown key 'burst'", "accepted here: process, rate");
        assertFalse(e.getMessage().contains("did you mean"), e.getMessage());
    }

    @Test
    void misspeltRequiredKeyIsReportedAsUnknownWithSuggestion() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b}
                workload:
                  - name: chat
                    arrival:
                      rat: 5/s
                """);
        assertLocated(e, "workload[0].arrival.rat", 7, 7);
        assertMentions(e, "unknown key 'rat'", "did you mean 'rate'?");
    }

    // ---------------------------------------------------------------- wrong types

    @Test
    void countThatIsNotANumberIsAWrongType() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - name: a
                    gpu: rtx-4090
                    model: llama-3-8b
                    count: many
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """);
        assertLocated(e, "nodes[0].count", 6, 12);
        assertMentions(e, "expected a whole number, found 'many'");
    }

    @Test
    void fractionalCountIsNotAWholeNumber() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b, count: 1.5}
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """);
        assertLocated(e, "nodes[0].count", 3, 56);
        assertMentions(e, "expected a whole number, found '1.5'");
    }

    @Test
    void nodesThatIsANumberInsteadOfAListIsAWrongType() {
        ScenarioException e = reject("""
                name: t
                nodes: 5
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """);
        assertLocated(e, "nodes", 2, 8);
        assertMentions(e, "expected a list", "found a number");
    }

    @Test
    void listItemThatIsNotAMappingIsAWrongType() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b}
                  - 5
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """);
        assertLocated(e, "nodes[1]", 4, 5);
        assertMentions(e, "expected a mapping of keys to values, found a number");
    }

    @Test
    void routingThatIsTextInsteadOfAMappingIsAWrongType() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b}
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                routing: fast
                """);
        assertLocated(e, "routing", 6, 10);
        assertMentions(e, "expected a mapping of keys to values, found text");
    }

    @Test
    void seedThatIsTextIsAWrongType() {
        ScenarioException e = reject("""
                name: t
                seed: abc
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b}
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """);
        assertLocated(e, "seed", 2, 7);
        assertMentions(e, "expected a whole number, found 'abc'");
    }

    // ---------------------------------------------------------------- missing keys

    @Test
    void missingArrivalRateIsLocatedAtItsMapping() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b}
                workload:
                  - name: chat
                    arrival: {process: poisson}
                """);
        assertLocated(e, "workload[0].arrival.rate", 6, 14);
        assertMentions(e, "missing required key 'rate'", "expected a rate such as 50/s or 3000/h");
    }

    @Test
    void missingGpuListsKnownGpus() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - name: a
                    model: llama-3-8b
                    count: 2
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """);
        assertLocated(e, "nodes[0].gpu", 3, 5);
        assertMentions(e, "missing required key 'gpu'", "expected one of " + KNOWN_GPUS);
    }

    @Test
    void missingModelIsRequiredWhenTheCatalogHasSeveral() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - name: a
                    gpu: rtx-4090
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """);
        assertLocated(e, "nodes[0].model", 3, 5);
        assertMentions(e, "missing required key 'model'", "expected one of llama-3-8b, llama-3-70b");
    }

    @ParameterizedTest(name = "missing {0}")
    @ValueSource(strings = {"name", "nodes", "workload"})
    void missingRequiredTopLevelKeyIsLocatedAtTheDocument(String key) {
        String yaml = ("name: t\n"
                + "nodes:\n"
                + "  - {name: a, gpu: rtx-4090, model: llama-3-8b}\n"
                + "workload:\n"
                + "  - {name: chat, arrival: {rate: 5/s}}\n")
                .replaceAll("(?m)^" + key + ":.*\\n(  - .*\\n)?", "");
        ScenarioException e = reject(yaml);
        assertLocated(e, key, 1, 1);
        assertMentions(e, "missing required key '" + key + "'");
    }

    @Test
    void emptyNodeListNeedsAtLeastOneGroup() {
        ScenarioException e = reject("""
                name: t
                nodes: []
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """);
        assertLocated(e, "nodes", 2, 8);
        assertMentions(e, "the node list is empty", "accepted: at least one node group");
    }

    // ---------------------------------------------------------------- units and ranges

    @Test
    void negativeRateIsRejected() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b}
                workload:
                  - name: chat
                    arrival: {rate: -5/s}
                """);
        assertLocated(e, "workload[0].arrival.rate", 6, 21);
        assertMentions(e, "negative rate '-5/s'", "accepted:");
    }

    @Test
    void zeroRateIsRejectedWithAnAcceptedRangeThatExcludesZero() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b}
                workload:
                  - name: chat
                    arrival: {rate: 0/s}
                """);
        assertLocated(e, "workload[0].arrival.rate", 6, 21);
        assertFalse(e.getMessage().contains("from 0/s"), e.getMessage());
    }

    @Test
    void unknownDurationUnitListsAcceptedUnits() {
        ScenarioException e = reject("""
                name: t
                duration: 5sec
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b}
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """);
        assertLocated(e, "duration", 2, 11);
        assertMentions(e, "unknown unit 'sec' in '5sec'", "accepted units: us, ms, s, min, h, d");
    }

    @Test
    void durationWithoutUnitIsRejected() {
        ScenarioException e = reject("""
                name: t
                duration: 60
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b}
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """);
        assertLocated(e, "duration", 2, 11);
        assertMentions(e, "'60' has no unit", "accepted units: us, ms, s, min, h, d", "e.g. 250ms, 5min, 1h");
    }

    @Test
    void negativeDurationIsRejected() {
        ScenarioException e = reject("""
                name: t
                duration: -5s
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b}
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """);
        assertLocated(e, "duration", 2, 11);
        assertMentions(e, "negative duration '-5s'", "accepted: from 1ms to 366d");
    }

    @Test
    void unknownRateUnitListsAcceptedUnits() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b}
                workload:
                  - name: chat
                    arrival: {rate: 5/sec}
                """);
        assertLocated(e, "workload[0].arrival.rate", 6, 21);
        assertMentions(e, "unknown unit '/sec' in '5/sec'", "accepted units: /ms, /s, /min, /h, /d");
    }

    @Test
    void rateWithoutTimeUnitIsRejected() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b}
                workload:
                  - name: chat
                    arrival: {rate: 5}
                """);
        assertLocated(e, "workload[0].arrival.rate", 6, 21);
        assertMentions(e, "'5' has no time unit", "accepted: /ms, /s, /min, /h, /d", "e.g. 50/s, 3000/h");
    }

    @Test
    void absurdCountIsOutOfRange() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - name: a
                    gpu: rtx-4090
                    model: llama-3-8b
                    count: 100000000
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """);
        assertLocated(e, "nodes[0].count", 6, 12);
        assertMentions(e, "value 100000000 is out of range", "accepted: from 1 to 1000000");
    }

    @Test
    void countTooLargeForANumberIsReportedAsTooLarge() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b, count: 99999999999999999999}
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """);
        assertLocated(e, "nodes[0].count", 3, 56);
        assertMentions(e, "'99999999999999999999' is too large", "expected a whole number");
    }

    @Test
    void zeroReplicationsIsOutOfRange() {
        ScenarioException e = reject("""
                name: t
                replications: 0
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b}
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """);
        assertLocated(e, "replications", 2, 15);
        assertMentions(e, "value 0 is out of range", "accepted: from 1 to 10000");
    }

    @Test
    void protocolFeeAboveOneIsOutOfRange() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b}
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                market: {protocol_fee: 1.5}
                """);
        assertLocated(e, "market.protocol_fee", 6, 24);
        assertMentions(e, "value 1.5 is out of range", "accepted: from 0 to 1");
    }

    @Test
    void warmupNotShorterThanDurationIsRejected() {
        ScenarioException e = reject("""
                name: t
                duration: 10min
                warmup: 10min
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b}
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """);
        assertLocated(e, "warmup", 3, 9);
        assertMentions(e, "warmup 10min is not shorter than duration 10min", "accepted: a warmup shorter than the duration");
    }

    // ---------------------------------------------------------------- unknown names

    @Test
    void unknownGpuNameIsLocatedAndListsKnownGpus() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - name: a
                    gpu: rtx-4090
                    model: llama-3-8b
                  - name: b
                    gpu: rtx-9090
                    model: llama-3-8b
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """);
        assertLocated(e, "nodes[1].gpu", 7, 10);
        assertEquals("nodes[1].gpu: unknown GPU 'rtx-9090' (line 7, column 10); did you mean 'rtx-3090'? known: " + KNOWN_GPUS,
                e.getMessage());
    }

    @Test
    void unknownRoutingPolicyListsKnownPolicies() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b}
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                routing:
                  policy: cheapests
                """);
        assertLocated(e, "routing.policy", 7, 11);
        assertMentions(e, "unknown routing policy 'cheapests'", "did you mean 'cheapest'?",
                "known: random, round-robin, least-loaded, power-of-two, nearest, cheapest, slo-aware, reputation");
    }

    @Test
    void unknownRegionInRegionListListsKnownRegions() {
        ScenarioException e = reject("""
                name: t
                regions: [us-east, mars-1]
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b}
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """);
        assertLocated(e, "regions[1]", 2, 20);
        assertMentions(e, "unknown region 'mars-1'", "known: us-east, us-west, us-central");
    }

    @Test
    void misspeltNodeRegionSuggestsTheNearMiss() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b, region: us-east}
                  - {name: b, gpu: rtx-4090, model: llama-3-8b, region: eu-wst}
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """);
        assertLocated(e, "nodes[1].region", 4, 57);
        assertMentions(e, "unknown region 'eu-wst'", "did you mean 'eu-west'?", "known: ");
    }

    @Test
    void nodeRegionNotDeclaredByTheScenarioIsRejected() {
        ScenarioException e = reject("""
                name: t
                regions: [eu-west]
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b, region: us-east}
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """);
        assertLocated(e, "nodes[0].region", 4, 57);
        assertMentions(e, "region 'us-east' is not in the scenario's regions", "declared: eu-west");
    }

    @Test
    void unknownNodeKindListsKnownKinds() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b, kind: p2p}
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """);
        assertLocated(e, "nodes[0].kind", 3, 55);
        assertMentions(e, "unknown node kind 'p2p'", "known: decentralized, centralized");
    }

    @Test
    void unknownDistributionListsKnownDistributions() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b}
                workload:
                  - name: chat
                    arrival: {rate: 5/s}
                    prompt_tokens: {dist: gaussian, mean: 5}
                """);
        assertLocated(e, "workload[0].prompt_tokens.dist", 7, 27);
        assertMentions(e, "unknown distribution 'gaussian'", "known: fixed, uniform, lognormal, exponential");
    }

    @Test
    void workloadModelThatNoNodeServesIsRejected() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b}
                workload:
                  - name: chat
                    model: llama-3-70b
                    arrival: {rate: 5/s}
                """);
        assertLocated(e, "workload[0].model", 6, 12);
        assertMentions(e, "no node group serves model 'llama-3-70b'", "served: llama-3-8b");
    }

    // ---------------------------------------------------------------- names and duplicates

    @Test
    void duplicateNodeGroupNameNamesTheFirstPlace() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - name: a
                    gpu: rtx-4090
                    model: llama-3-8b
                  - name: a
                    gpu: h100-sxm
                    model: llama-3-8b
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """);
        assertLocated(e, "nodes[1].name", 6, 11);
        assertMentions(e, "duplicate node group name 'a'", "first used by nodes[0] on line 3",
                "give each node group its own name");
    }

    @Test
    void duplicateRequestClassNameNamesTheFirstPlace() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b}
                workload:
                  - name: chat
                    arrival: {rate: 5/s}
                  - name: chat
                    arrival: {rate: 1/s}
                """);
        assertLocated(e, "workload[1].name", 7, 11);
        assertMentions(e, "duplicate request class name 'chat'", "first used by workload[0] on line 5",
                "give each request class its own name");
    }

    @Test
    void nameWithSpacesIsInvalid() {
        ScenarioException e = reject("""
                name: my scenario
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b}
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """);
        assertLocated(e, "name", 1, 7);
        assertMentions(e, "invalid name 'my scenario'", "accepted: letters, digits, '.', '_' and '-'");
    }

    // ---------------------------------------------------------------- distributions and node options

    @Test
    void uniformWithMaxBelowMinIsRejected() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b}
                workload:
                  - name: chat
                    arrival: {rate: 5/s}
                    prompt_tokens: {dist: uniform, min: 100, max: 50}
                """);
        assertLocated(e, "workload[0].prompt_tokens.max", 7, 51);
        assertMentions(e, "max is below min", "accepted: max at least min");
    }

    @Test
    void zeroTokenCountIsOutOfRange() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b}
                workload:
                  - {name: chat, arrival: {rate: 5/s}, prompt_tokens: 0}
                """);
        assertLocated(e, "workload[0].prompt_tokens", 5, 55);
        assertMentions(e, "value 0 is out of range", "accepted: from 1 to 10000000");
    }

    @Test
    void serviceTimeWithoutUnitIsRejected() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b, service: 5}
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """);
        assertLocated(e, "nodes[0].service", 3, 58);
        assertMentions(e, "'5' has no unit", "accepted units: us, ms, s, min, h, d");
    }

    @Test
    void regionAndRegionsTogetherAreRejected() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b, region: us-east, regions: {us-east: 1}}
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """);
        assertLocated(e, "nodes[0].regions", 3, 75);
        assertMentions(e, "give either 'region' or 'regions', not both");
    }

    @Test
    void regionSharesAddingUpToZeroAreRejected() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b, regions: {us-east: 0}}
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """);
        assertLocated(e, "nodes[0].regions", 3, 58);
        assertMentions(e, "shares of the nodes must add up to more than 0");
    }

    @Test
    void zeroSlotsIsOutOfRange() {
        ScenarioException e = reject("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b, slots: 0}
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                """);
        assertLocated(e, "nodes[0].slots", 3, 56);
        assertMentions(e, "value 0 is out of range", "accepted: from 1 to 4096");
    }
}
