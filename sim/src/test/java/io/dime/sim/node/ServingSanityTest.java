package io.dime.sim.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dime.sim.RunOutcome;
import io.dime.sim.metrics.Summary;
import io.dime.sim.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The serving model against a real measurement: vLLM 0.6.0 serving Llama-3-8B-Instruct in
 * BF16, ten ShareGPT prompts sent at once (LambdaLabsML/vllm-benchmark,
 * results/prompt_10/1x{A100,H100}-80GB-SXM/Meta-Llama-3-8B-Instruct_tp1_len2048.json,
 * 2024-09-08). The prompt and output lengths below are that run's {@code input_lens} and
 * {@code output_lens}; it measured median TTFT 127 ms / 62 ms and median TPOT 12.0 ms / 7.6 ms
 * (FACTS.md). The simulator, with only catalog defaults, must land within ±30%.
 */
class ServingSanityTest {
    private static final int[] PROMPTS = {13, 25, 27, 10, 329, 29, 399, 328, 4, 205};
    private static final int[] OUTPUTS = {120, 507, 233, 194, 101, 741, 9, 3, 6, 31};

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0}: TTFT {1} ms, TPOT {2} ms")
    @CsvSource({"a100-80gb, 127, 12.0", "h100-sxm, 62, 7.6"})
    void tenConcurrentShareGptRequestsMatchVllmWithinThirtyPercent(String gpu, double ttftMs, double tpotMs) throws IOException {
        StringBuilder trace = new StringBuilder("timestamp,prompt_tokens,output_tokens\n");
        for (int i = 0; i < PROMPTS.length; i++) {
            trace.append("0,").append(PROMPTS[i]).append(',').append(OUTPUTS[i]).append('\n');
        }
        trace.append("3600,1,1\n"); // a last row after the run, so the ten arrive together and alone
        Files.writeString(folder.resolve("prompt10.csv"), trace);
        Summary summary = RunOutcome.run(new ScenarioLoader().parse("""
                name: vllm-prompt-10
                duration: 1min
                replications: 1
                network: {base_rtt: 0s, bandwidth: 100Gbit/s}   # the benchmark client ran beside the server
                nodes:
                  - {name: server, gpu: %s, model: llama-3-8b, region: us-east}
                workload:
                  - {name: sharegpt, arrival: {process: trace, file: prompt10.csv}, regions: {us-east: 1}}
                """.formatted(gpu), folder), 1).summary();
        assertEquals(10, summary.get("requests.completed").mean());
        double simulatedTtft = summary.get("ttft_ms.p50").mean();
        double simulatedTpot = summary.get("tpot_ms.p50").mean();
        assertEquals(ttftMs, simulatedTtft, 0.3 * ttftMs, "median TTFT on " + gpu);
        assertEquals(tpotMs, simulatedTpot, 0.3 * tpotMs, "median TPOT on " + gpu);
    }
}
