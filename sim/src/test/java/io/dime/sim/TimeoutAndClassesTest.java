package io.dime.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.catalog.Catalog;
import io.dime.sim.node.StepModel;
import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client timeouts, several request classes with their own metrics, and replayed traces. */
class TimeoutAndClassesTest {

    static void assertConserved(ReplicationResult r) {
        assertEquals(r.metric("requests.arrived"), r.metric("requests.completed") + r.metric("requests.failed")
                + r.metric("requests.dropped") + r.metric("requests.in_flight"), "conservation in replication " + r.replication());
    }

    // ---------------------------------------------------------------- timeouts

    /**
     * Two RTX 4090s serve about 21 requests/s of this shape; at 16/s the mean end-to-end time is
     * about 2.3 s without a timeout, so a 2 s timeout cuts about half of them.
     */
    private static final String TIMEOUTS = """
            name: timeouts
            seed: 8
            duration: 3min
            replications: 2
            nodes:
              - {name: pool, count: 2, gpu: rtx-4090, model: llama-3-8b, region: us-east}
            workload:
              - {name: chat, arrival: {process: poisson, rate: 16/s}, region: %s, prompt_tokens: 512, output_tokens: 20, timeout: 2s}
            """;

    @Test
    void requestsThatOutliveTheirTimeoutAreCountedAsTimedOutFailures() {
        RunOutcome outcome = RunOutcome.run(new ScenarioLoader().parse(TIMEOUTS.formatted("us-east")), 2);
        for (ReplicationResult r : outcome.replications()) {
            assertConserved(r);
            double timedOut = r.metric("requests.timed_out");
            assertTrue(timedOut > 0.2 * r.metric("requests.arrived"), "timed out " + timedOut + " of " + r.metric("requests.arrived"));
            assertEquals(timedOut, r.metric("requests.failed"), "a timeout is a failure; no node fails here, so every failure is one");
            assertTrue(r.metric("requests.completed") > 0.2 * r.metric("requests.arrived"), "the rest still complete");
            assertEquals(0, r.metric("requests.dropped"));
            // Local clients: the response crosses 0.5 ms of network after the node finishes.
            assertTrue(r.metric("e2e_ms.p99") <= 2000 + 1, "completed requests took at most the timeout: " + r.metric("e2e_ms.p99"));
            assertTrue(r.metric("slo_attainment") < 0.8, "timed-out requests miss their SLO");
        }
    }

    @Test
    void farClientsNeverReceiveACompletedResponseAfterTheirTimeout() {
        RunOutcome outcome = RunOutcome.run(new ScenarioLoader().parse(TIMEOUTS.formatted("ap-south")), 2);
        for (ReplicationResult r : outcome.replications()) {
            assertConserved(r);
            assertTrue(r.metric("requests.timed_out") > 0);
            assertTrue(r.metric("e2e_ms.p99") <= 2000, "a completed request took " + r.metric("e2e_ms.p99") + " ms at p99 with a 2 s timeout");
        }
    }

    // ---------------------------------------------------------------- request classes

    private static final String TWO_CLASSES = """
            name: classes
            seed: 8
            duration: 10min
            replications: 2
            nodes:
              - {name: pool, count: 4, gpu: rtx-4090, model: llama-3-8b, region: us-east}
            workload:
              - {name: short, arrival: {process: poisson, rate: 1/s}, region: us-east, prompt_tokens: 128, output_tokens: 100}
              - {name: long, arrival: {process: poisson, rate: 1/s}, region: us-east, prompt_tokens: 4096, output_tokens: 100}
            """;

    @Test
    void eachClassGetsItsOwnMetricsAndLongerPromptsGetLongerTtft() {
        Scenario scenario = new ScenarioLoader().parse(TWO_CLASSES);
        RunOutcome outcome = RunOutcome.run(scenario, 2);
        Catalog catalog = Catalog.builtIn();
        double perPrefillTokenMs = StepModel.roofline(catalog.gpus().get("rtx-4090"), scenario.model("llama-3-8b"), 1, catalog).perPrefillTokenSeconds() * 1e3;
        double extraPrefillMs = (4096 - 128) * perPrefillTokenMs;
        assertEquals(576, extraPrefillMs, 10, "2 x 8.03e9 FLOPs per token at 67% of 165.2 TFLOP/s, for 3,968 more tokens");
        for (ReplicationResult r : outcome.replications()) {
            assertConserved(r);
            double shortP50 = r.metric("classes.short.ttft_ms.p50");
            double longP50 = r.metric("classes.long.ttft_ms.p50");
            assertTrue(longP50 > shortP50, "long " + longP50 + " ms, short " + shortP50 + " ms");
            assertEquals(extraPrefillMs, longP50 - shortP50, 0.15 * extraPrefillMs, "the median gap is the extra prefill");
            assertTrue(r.metric("classes.long.ttft_ms.mean") > r.metric("classes.short.ttft_ms.mean"));
            assertEquals(r.metric("requests.completed"), r.metric("classes.short.completed") + r.metric("classes.long.completed"));
            assertTrue(r.metric("classes.short.completed") > 500 && r.metric("classes.long.completed") > 500);
            // Decoding does not depend on the prompt much: both classes emit tokens at about the same pace.
            assertEquals(r.metric("classes.short.tpot_ms.mean"), r.metric("classes.long.tpot_ms.mean"), 0.2 * r.metric("classes.short.tpot_ms.mean"));
        }
    }

    // ---------------------------------------------------------------- traces

    private static final String TRACE = """
            name: trace
            seed: 8
            duration: %s
            replications: 2
            nodes:
              - {name: pool, count: 2, gpu: rtx-4090, model: llama-3-8b, region: us-east}
            workload:
              - {name: replay, arrival: {process: trace, file: trace.csv}, region: us-east}
            routing: {policy: least-loaded}
            """;

    @Test
    void aTraceReplaysExactlyItsRows(@TempDir Path dir) throws IOException {
        // 40 rows 0.75 s apart (timestamps start at 100 s: only offsets matter), growing prompts.
        StringBuilder csv = new StringBuilder("timestamp,prompt_tokens,output_tokens\n");
        long tokens = 0;
        int rows = 40;
        for (int i = 0; i < rows; i++) {
            int prompt = 100 + 10 * i;
            int output = 20 + i;
            csv.append(String.format(Locale.ROOT, "%.2f,%d,%d%n", 100 + 0.75 * i, prompt, output));
            tokens += prompt + output;
        }
        Files.writeString(dir.resolve("trace.csv"), csv);

        RunOutcome whole = RunOutcome.run(new ScenarioLoader().parse(TRACE.formatted("2min"), dir), 2);
        for (ReplicationResult r : whole.replications()) {
            assertEquals(rows, r.metric("requests.arrived"));
            assertEquals(rows, r.metric("requests.completed"), "a long enough run completes every row");
            assertEquals(tokens, r.metric("throughput.tokens_per_s") * 120, 1e-6, "each request has its row's prompt and output lengths");
        }
        assertEquals(whole.replications().get(0).metric("ttft_ms.mean"), whole.replications().get(1).metric("ttft_ms.mean"), 1e-9,
                "a trace draws no random numbers and least-loaded over identical nodes breaks ties symmetrically:"
                        + " replications see the same requests and the same latencies");

        // Rows at offsets 0, 0.75, ..., 14.25 s arrive within 15 s; the 21st, at 15 s, does not.
        RunOutcome cut = RunOutcome.run(new ScenarioLoader().parse(TRACE.formatted("15s"), dir), 2);
        for (ReplicationResult r : cut.replications()) {
            assertEquals(20, r.metric("requests.arrived"));
            assertConserved(r);
        }
    }
}
