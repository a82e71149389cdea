package io.dime.sim.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.ReplicationResult;
import io.dime.sim.RunOutcome;
import io.dime.sim.input.ScenarioException;
import io.dime.sim.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A profile file replaces the roofline: its coefficients are exactly the step times a request sees. */
class ProfileTest {
    @TempDir
    Path folder;

    private static final String SCENARIO = """
            name: profiled
            duration: 10min
            replications: 1
            network: {base_rtt: 0s, bandwidth: 1000Gbit/s}
            nodes:
              - {name: server, gpu: a100-80gb, model: llama-3-8b, profile: profiles/measured.yaml}
            workload:
              - {name: one, arrival: {process: trace, file: one.csv}}
            output: {requests_sample: 1}
            """;

    @Test
    void profileCoefficientsSetTheStepTimesExactly() throws IOException {
        Files.createDirectories(folder.resolve("profiles"));
        Files.writeString(folder.resolve("profiles/measured.yaml"), """
                name: a100-llama3-8b-test
                gpu: a100-80gb
                model: llama-3-8b
                engine: vLLM 0.6.0
                step: {base: 10ms, per_prefill_token: 100us, per_decode_request: 1ms, per_context_token: 0us}
                cpu_gap: {per_step: 0us, per_request: 0us}
                request_overhead: 5ms
                kv_capacity_tokens: 100000
                source: "hand-made for this test"
                """);
        // One request at t = 1 s (1000-token prompt, 3 output tokens), a second far later.
        Files.writeString(folder.resolve("one.csv"), "timestamp,prompt_tokens,output_tokens\n1,1000,3\n3000,1,1\n");
        RunOutcome outcome = RunOutcome.run(new ScenarioLoader().parse(SCENARIO, folder), 1);
        ReplicationResult r = outcome.replications().get(0);
        assertEquals(1, r.metric("requests.completed"));
        // TTFT = overhead 5 ms + prefill step (10 ms + 1000 x 0.1 ms) = 115 ms.
        assertEquals(115.0, r.metric("ttft_ms.mean"), 1e-3); // plus 32 ns to send 4 kB at 1 Tbit/s
        // Then two decode steps of 10 ms + 1 decoding request x 1 ms each.
        assertEquals(115.0 + 2 * 11.0, r.metric("e2e_ms.mean"), 1e-3);
        assertEquals(11.0, r.metric("tpot_ms.mean"), 1e-6);
    }

    /**
     * A profile that says how its engine builds a step sets the group's scheduler defaults; a key
     * the group gives itself wins. With prompts beside decodes (llama.cpp), a prompt arriving while
     * another request decodes delays that request's next token by its prefill, and the decoder
     * still advances in that step; without, the step only prefills.
     */
    @Test
    void aProfilesBatchingSectionSetsTheGroupsSchedulerAndTheStepsItBuilds() throws IOException {
        Files.createDirectories(folder.resolve("profiles"));
        Files.writeString(folder.resolve("profiles/measured.yaml"), """
                name: cpu-llama-cpp
                model: llama-3-8b
                engine: llama.cpp
                step: {base: 10ms, per_prefill_token: 100us, per_decode_request: 1ms, per_context_token: 0us}
                request_overhead: 0ms
                kv_capacity_tokens: 100000
                batching: {chunked_prefill: true, max_batched_tokens: 2048}
                """);
        // A long answer from t = 1 s; a 500-token prompt arrives at 1.2 s, while the first decodes.
        Files.writeString(folder.resolve("one.csv"), "timestamp,prompt_tokens,output_tokens\n1,100,40\n1.2,500,2\n");
        var scenario = new ScenarioLoader().parse(SCENARIO, folder);
        assertTrue(scenario.nodes().get(0).batching().chunkedPrefill());
        assertEquals(2048, scenario.nodes().get(0).batching().maxBatchedTokens());
        ReplicationResult mixed = RunOutcome.run(scenario, 1).replications().get(0);
        var own = new ScenarioLoader().parse(SCENARIO.replace("profile: profiles/measured.yaml}", "profile: profiles/measured.yaml, chunked_prefill: false}"),
                folder);
        assertTrue(!own.nodes().get(0).batching().chunkedPrefill(), "the group's own key wins");
        ReplicationResult separate = RunOutcome.run(own, 1).replications().get(0);
        // First request: prefill 10 + 10 = 20 ms, then 39 decode steps of 11 ms; one of them also
        // prefills the second prompt (+50 ms) and the next decodes both (+1 ms): it ends at
        // 20 + 39 x 11 + 50 + 1 = 500 ms. When that step only prefills (10 + 50 ms) and the
        // decode waits for the next one, at 20 + 39 x 11 + 60 + 1 = 510 ms.
        double firstMixed = firstE2eMs(mixed);
        double firstSeparate = firstE2eMs(separate);
        assertEquals(500.0, firstMixed, 1e-3);
        assertEquals(510.0, firstSeparate, 1e-3);
    }

    /** The end-to-end time of the request with a 100-token prompt (requests.csv: prompt_tokens 9th, e2e_ms 13th). */
    private static double firstE2eMs(ReplicationResult r) {
        return r.requestRows().stream().map(row -> row.split(",", -1)).filter(c -> c[8].equals("100")).mapToDouble(c -> Double.parseDouble(c[12]))
                .findFirst().orElseThrow();
    }

    @Test
    void aProfileOfAnotherModelIsALocatedError() throws IOException {
        Files.createDirectories(folder.resolve("profiles"));
        Files.writeString(folder.resolve("profiles/measured.yaml"), """
                model: qwen2.5-7b
                step: {base: 10ms, per_prefill_token: 100us, per_decode_request: 1ms}
                """);
        Files.writeString(folder.resolve("one.csv"), "timestamp,prompt_tokens,output_tokens\n1,1000,3\n3000,1,1\n");
        ScenarioException e = assertThrows(ScenarioException.class, () -> new ScenarioLoader().parse(SCENARIO, folder));
        assertEquals("nodes[0].profile", e.path());
        assertEquals(6, e.line());
        assertTrue(e.getMessage().contains("was measured with model 'qwen2.5-7b'"), e.getMessage());
    }

    @Test
    void aMistakeInsideTheProfileNamesBothFiles() throws IOException {
        Files.createDirectories(folder.resolve("profiles"));
        Files.writeString(folder.resolve("profiles/measured.yaml"), """
                model: llama-3-8b
                step: {base: 10 parsecs, per_prefill_token: 100us, per_decode_request: 1ms}
                """);
        Files.writeString(folder.resolve("one.csv"), "timestamp,prompt_tokens,output_tokens\n1,1000,3\n3000,1,1\n");
        ScenarioException e = assertThrows(ScenarioException.class, () -> new ScenarioLoader().parse(SCENARIO, folder));
        assertEquals("nodes[0].profile", e.path());
        assertTrue(e.getMessage().contains("measured.yaml: step.base: unknown unit 'parsecs'"), e.getMessage());
        assertTrue(e.getMessage().contains("(line 2, column"), e.getMessage());
    }
}
