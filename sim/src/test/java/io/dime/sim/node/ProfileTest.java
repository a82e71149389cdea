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
