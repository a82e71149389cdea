package io.dime.sim.scenario;

import io.dime.sim.input.ScenarioException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad values in the serving sections (engine settings, pipeline, availability, profile,
 * client regions, serving groups, timeout, routing, output) are reported at their key path,
 * line and column, with what is accepted.
 */
class ServingSectionErrorsTest {
    private static final String TEMPLATE = """
            name: t
            regions: [us-east, eu-west]
            nodes:
              - name: a
                gpu: rtx-4090
                model: llama-3-8b
                %s
            workload:
              - name: chat
                arrival: {rate: 5/s}
                %s
            routing:
              policy: power-of-two
              %s
            """;

    @ParameterizedTest(name = "{3}")
    @CsvSource(delimiter = '|', value = {
        // node line | workload line | routing line | expected path | line | column | message parts (;-separated)
        "engine: vllm | x: 1 | retries: 2 | nodes[0].engine | 7 | 13 | unknown engine 'vllm';known: batching, queue",
        "tensor_parallel: 0 | x: 1 | retries: 2 | nodes[0].tensor_parallel | 7 | 22 | value 0 is out of range;from 1 to 64",
        "pipeline: {stages: 200} | x: 1 | retries: 2 | nodes[0].pipeline.stages | 7 | 24 | value 200 is out of range;from 1 to 64",
        "pipeline: {stage: 2} | x: 1 | retries: 2 | nodes[0].pipeline.stage | 7 | 16 | unknown key 'stage';did you mean 'stages'?",
        "max_batch: -4 | x: 1 | retries: 2 | nodes[0].max_batch | 7 | 16 | negative value -4",
        "chunked_prefill: maybe | x: 1 | retries: 2 | nodes[0].chunked_prefill | 7 | 22 | expected true or false",
        "gpu_memory_utilization: 1.5 | x: 1 | retries: 2 | nodes[0].gpu_memory_utilization | 7 | 29 | out of range;from 0.05 to 1",
        "availability: {mtbf: 8 hours, mttr: 30min} | x: 1 | retries: 2 | nodes[0].availability.mtbf | 7 | 26 | unknown unit 'hours'",
        "availability: {daily: [0.5, 0.5]} | x: 1 | retries: 2 | nodes[0].availability.daily | 7 | 27 | expected 24 values",
        "profile: no-such-profile.yaml | x: 1 | retries: 2 | nodes[0].profile | 7 | 14 | no such profile file 'no-such-profile.yaml'",
        "region: mars-north | x: 1 | retries: 2 | nodes[0].region | 7 | 13 | unknown region 'mars-north';known: us-east",
        "region: ap-south | x: 1 | retries: 2 | nodes[0].region | 7 | 13 | region 'ap-south' is not in the scenario's regions;declared: us-east, eu-west",
        "count: 1 | nodes: [b] | retries: 2 | workload[0].nodes[0] | 11 | 13 | unknown node group 'b';known: a",
        "count: 1 | regions: {us-east: 0, eu-west: 0} | retries: 2 | workload[0].regions | 11 | 14 | shares of the clients must add up to more than 0",
        "count: 1 | timeout: soon | retries: 2 | workload[0].timeout | 11 | 14 | 'soon' is not a duration",
        "count: 1 | slo: {ttft: 500} | retries: 2 | workload[0].slo.ttft | 11 | 17 | '500' has no unit",
        "count: 1 | x: 1 | staleness: -1s | routing.staleness | 14 | 14 | negative duration '-1s'",
        "count: 1 | x: 1 | retries: many | routing.retries | 14 | 12 | expected a whole number, found 'many'",
        "count: 1 | x: 1 | admission: {max_ttft: 1s} | routing.admission.max_ttft | 14 | 15 | unknown key 'max_ttft'",
    })
    void badServingValueIsLocated(String nodeLine, String workloadLine, String routingLine, String path, int line, int column, String parts) {
        String workload = workloadLine.equals("x: 1") ? "prompt_tokens: 100" : workloadLine;
        LocatedErrorAssertions.assertRejected(TEMPLATE.formatted(nodeLine, workload, routingLine), path, line, column, parts);
    }

    @org.junit.jupiter.api.Test
    void queueKeysOnABatchingNodeAreRejected() {
        ScenarioException e = assertThrows(ScenarioException.class, () -> new ScenarioLoader().parse("""
                name: t
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b, engine: batching, slots: 4}
                workload:
                  - {name: chat, arrival: {rate: 1/s}}
                """));
        assertEquals("nodes[0].slots", e.path());
        assertEquals(3, e.line());
        assertTrue(e.getMessage().contains("'slots' belongs to engine: queue"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "llama-3-70b | rtx-4090 | 1 | 7",
        "llama-3-70b | h100-sxm | 1 | 3",
    })
    void aModelThatDoesNotFitSaysHowManyGpusItNeeds(String model, String gpu, int stages, int needed) {
        ScenarioException e = assertThrows(ScenarioException.class, () -> new ScenarioLoader().parse("""
                name: t
                nodes:
                  - {name: a, gpu: %s, model: %s, pipeline: {stages: %d}}
                workload:
                  - {name: chat, arrival: {rate: 1/s}}
                """.formatted(gpu, model, stages)));
        assertEquals("nodes[0].gpu", e.path());
        assertTrue(e.getMessage().contains("leaves no room for a KV cache"), e.getMessage());
        assertTrue(e.getMessage().contains("about " + needed + " in all"), e.getMessage());
    }
}
