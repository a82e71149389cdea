package io.dime.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** scenario.resolved.yaml spells out every default, and reading it back gives an equal scenario. */
class ResolvedScenarioTest {
    /** Surefire runs with the module folder as working directory. */
    private static final Path QUICKSTART = Path.of("../scenarios/quickstart.yaml");

    @Test
    void quickstartResolvedFileRoundTrips() {
        assertTrue(Files.isRegularFile(QUICKSTART), "run from the sim module: " + QUICKSTART.toAbsolutePath());
        ScenarioLoader loader = new ScenarioLoader();
        Scenario original = loader.load(QUICKSTART);
        String resolved = ScenarioWriter.toYaml(original);
        Scenario again = loader.parse(resolved);
        assertEquals(original, again, resolved);
        assertEquals(resolved, ScenarioWriter.toYaml(again), "writing the re-read scenario gives the same text");
    }

    @Test
    void quickstartResolvedFileSpellsOutTheDefaults() {
        String resolved = ScenarioWriter.toYaml(new ScenarioLoader().load(QUICKSTART));
        for (String expected : new String[] {
            "max_queue: 1000", "engine: batching", "max_batch: 256", "max_batched_tokens: 8192", "chunked_prefill: false",
            "gpu_memory_utilization: 0.9", "block_size: 16", "tensor_parallel: 1", "kind: decentralized", "kind: centralized",
            "staleness: 1s", "retries: 2", "timeout: 1min", "max_predicted_ttft: none", "requests_sample: 0.01", "base_rtt: 1ms",
            "policy: slo-aware", "process: poisson", "rate: 20/s", "duration: 1h", "warmup: 5min",
            "pricing: posted", "protocol_fee: 0.05", "ttft: 1s", "e2e: 20s", "mtbf: 8h", "mttr: 30min",
            // gpu catalog price filled in where the file gives none, market price where no node price is given
            "cost_per_hour: 1.39", "price_per_mtok: 2.5",
            // the model shape from the catalog
            "name: llama-3-8b", "layers: 32", "kv_heads: 8", "head_dim: 128",
        }) {
            assertTrue(resolved.contains(expected), "expected '" + expected + "' in:\n" + resolved);
        }
    }

    @Test
    void minimalScenarioGetsEveryDefaultWrittenOut() {
        Scenario minimal = new ScenarioLoader().parse("""
                name: tiny
                nodes:
                  - {name: a, gpu: rtx-4090, model: llama-3-8b}
                workload:
                  - {name: chat, arrival: {rate: 3000/h}}
                """);
        String resolved = ScenarioWriter.toYaml(minimal);
        for (String expected : new String[] {
            "seed: 1", "duration: 1h", "warmup: 0s", "replications: 3", "regions:\n- us-east",
            "count: 1", "engine: batching", "max_queue: 1000", "kind: decentralized",
            "policy: power-of-two", "process: poisson", "rate: 50/min",
            "prompt_tokens:\n    dist: fixed\n    value: 512", "output_tokens:\n    dist: fixed\n    value: 200",
            "ttft: 1s", "e2e: 30s", "price_per_mtok: 2.5", "protocol_fee: 0.05",
        }) {
            assertTrue(resolved.contains(expected), "expected '" + expected + "' in:\n" + resolved);
        }
        assertEquals(minimal, new ScenarioLoader().parse(resolved), resolved);
    }

    @Test
    void leaseAndJobMarketSettingsAreSpelledOutAndRoundTrip() {
        ScenarioLoader loader = new ScenarioLoader();
        Scenario leases = loader.parse("""
                name: leases
                nodes:
                  - {name: a, count: 3, gpu: a100-80gb, model: llama-3-8b, ask_spread: 0.2}
                  - {name: b, count: 2, gpu: h100-sxm, model: llama-3-8b, ask_per_hour: 2.58}
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                market: {pricing: lease, lease: {leases: 2, max_price_per_hour: 2.0}}
                """);
        String resolved = ScenarioWriter.toYaml(leases);
        for (String expected : new String[] {
            "pricing: lease", "block: 6s", "leases: 2", "max_price_per_hour: 2.0", "escrow_deposit: 5.0", "take_rate: 0.2", "bid_deposit: 0.0",
            // a provider asks its GPU-hour cost unless told otherwise
            "ask_per_hour: 1.39", "ask_per_hour: 2.58", "ask_spread: 0.2", "policy: least-loaded",
        }) {
            assertTrue(resolved.contains(expected), "expected '" + expected + "' in:\n" + resolved);
        }
        for (String absent : new String[] {"price_per_mtok", "protocol_fee", "ask_per_mtok", "ask_cap_per_mtok", "job_market"}) {
            assertFalse(resolved.contains(absent), "per-token keys do not apply to leases: '" + absent + "' in:\n" + resolved);
        }
        assertEquals(leases, loader.parse(resolved), resolved);
        assertEquals(resolved, ScenarioWriter.toYaml(loader.parse(resolved)));

        Scenario jobs = loader.parse("""
                name: jobs
                nodes:
                  - {name: m4090, count: 3, gpu: rtx-4090, model: llama-3-8b, price_per_hour: 0.34}
                  - {name: m3090, count: 2, gpu: rtx-3090, model: llama-3-8b, job_timeout: 30s}
                workload:
                  - {name: chat, arrival: {rate: 5/s}}
                routing: {retries: 1}
                market: {pricing: job-market, job_market: {timeout: 1min}}
                """);
        resolved = ScenarioWriter.toYaml(jobs);
        for (String expected : new String[] {
            "pricing: job-market", "job_market:\n    timeout: 1min\n    network_fee: 0.1", "price_per_hour: 0.34", "price_per_hour: 0.22",
            "job_timeout: 1min", "job_timeout: 30s", "routing:\n  retries: 1\n  retry_delay: 100ms\nmarket",
        }) {
            assertTrue(resolved.contains(expected), "expected '" + expected + "' in:\n" + resolved);
        }
        for (String absent : new String[] {"price_per_mtok", "protocol_fee", "ask_", "policy", "staleness", "admission", "lease"}) {
            assertFalse(resolved.contains(absent), "'" + absent + "' does not apply to job markets, in:\n" + resolved);
        }
        assertEquals(jobs, loader.parse(resolved), resolved);
        assertEquals(resolved, ScenarioWriter.toYaml(loader.parse(resolved)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // service-time distributions, an uncapped exponential ('max: none')
        """
        name: svc
        nodes:
          - {name: a, gpu: rtx-4090, model: llama-3-8b, service: {dist: exponential, mean: 250ms}}
          - {name: b, gpu: h100-sxm, model: llama-3-8b, service: {dist: uniform, min: 1ms, max: 3ms}, slots: 4}
          - {name: c, gpu: l4, model: llama-3-8b, service: 100us}
        workload:
          - {name: chat, arrival: {rate: 0.14285714285714285/s}}
        """,
        // region shares that do not add up to 1 are normalised once, and stay put on re-reading
        """
        name: shares
        regions: [us-east, eu-west, ap-south]
        nodes:
          - {name: a, gpu: rtx-4090, model: llama-3-8b, regions: {us-east: 0.1, eu-west: 0.2}}
          - {name: b, gpu: rtx-4090, model: llama-3-8b, regions: {us-east: 1, eu-west: 1, ap-south: 1}}
        workload:
          - {name: chat, arrival: {rate: 5/s}}
        """,
        // a model defined by the scenario, token distributions with fractions
        """
        name: own-model
        description: "a: b # c"
        models:
          - {name: tiny, params: 1.5e9, layers: 10, hidden: 1024, kv_heads: 4, head_dim: 64}
        nodes:
          - {name: a, gpu: rtx-4090, model: tiny, kind: centralized, price_per_mtok: 1.25}
        workload:
          - name: chat
            model: tiny
            arrival: {rate: 0.3333/s}
            prompt_tokens: {dist: exponential, mean: 300}
            output_tokens: {dist: uniform, min: 10.5, max: 20}
            slo: {ttft: 1.5s, e2e: 2min}
        routing: {policy: least-loaded}
        """,
        // names and a description that YAML would read as numbers or booleans unless quoted
        """
        name: "123"
        description: "yes"
        nodes:
          - {name: "1e3", gpu: rtx-4090, model: llama-3-8b}
        workload:
          - {name: "true", arrival: {rate: 5/s}}
        """,
    })
    void otherScenariosRoundTripThroughTheResolvedFile(String yaml) {
        ScenarioLoader loader = new ScenarioLoader();
        Scenario original = loader.parse(yaml);
        String resolved = ScenarioWriter.toYaml(original);
        assertEquals(original, loader.parse(resolved), resolved);
    }
}
