package io.dime.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.scenario.Scenario;
import io.dime.sim.scenario.ScenarioLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closed-loop clients (process: closed): each sends its next request when its last one ends. */
class ClosedLoopTest {
    @TempDir
    Path folder;

    private static Scenario repairman(int clients) {
        return new ScenarioLoader().parse("""
                name: closed
                seed: 3
                duration: 4h
                warmup: 10min
                replications: 1
                network: {base_rtt: 0s}
                nodes:
                  - {name: server, gpu: h100-sxm, model: llama-3-8b, slots: 1, max_queue: 1000,
                     service: {dist: exponential, mean: 100ms}}
                workload:
                  - {name: users, arrival: {process: closed, clients: %d, think_time: 200ms}, prompt_tokens: 1, output_tokens: 1}
                """.formatted(clients), null);
    }

    @Test
    void meanResponseTimeMatchesMeanValueAnalysisOfTheRepairmanModel() {
        // Exact MVA for N users, think time Z = 0.2 s (a delay station: insensitive to its
        // distribution), one FCFS exponential server S = 0.1 s: R(n) = S (1 + Q(n-1)),
        // X(n) = n / (R(n) + Z), Q(n) = X(n) R(n). N = 3 gives R = 0.18 s, X = 7.895/s.
        double q = 0;
        double r = 0;
        double x = 0;
        for (int n = 1; n <= 3; n++) {
            r = 0.1 * (1 + q);
            x = n / (r + 0.2);
            q = x * r;
        }
        ReplicationResult result = World.run(repairman(3), 0);
        assertEquals(r * 1000, result.metric("e2e_ms.mean"), r * 1000 * 0.03, "mean response time within 3% of MVA");
        assertEquals(x, result.metric("throughput.requests_per_s"), x * 0.03, "throughput within 3% of MVA");
        // The interactive response time law, X (R + Z) = N, holds in any closed system.
        assertEquals(3.0, result.metric("throughput.requests_per_s") * (result.metric("e2e_ms.mean") / 1000 + 0.2), 0.05);
    }

    @Test
    void oneClientNeverHasTwoRequestsInTheSystem() {
        ReplicationResult result = World.run(repairman(1), 0);
        assertEquals(100.0, result.metric("e2e_ms.mean"), 3.0, "no queueing: the response time is the service time");
        assertTrue(result.metric("ttft_ms.p99") < 1000, "never waits behind another request");
    }

    @Test
    void aLengthsTraceIsServedInRowOrderAndEndsTheLoop() throws IOException {
        StringBuilder rows = new StringBuilder("timestamp,prompt_tokens,output_tokens\n");
        for (int i = 0; i < 40; i++) {
            rows.append(i).append(',').append(10 + i).append(',').append(5 + i % 7).append('\n');
        }
        Files.writeString(folder.resolve("lengths.csv"), rows);
        Scenario scenario = new ScenarioLoader().parse("""
                name: closed-trace
                duration: 1h
                warmup: 0s
                replications: 1
                network: {base_rtt: 0s}
                nodes:
                  - {name: server, gpu: h100-sxm, model: llama-3-8b}
                workload:
                  - {name: bench, arrival: {process: closed, clients: 4, file: lengths.csv}}
                output: {requests_sample: 1}
                """, folder);
        ReplicationResult result = World.run(scenario, 0);
        assertEquals(40, result.metric("requests.completed"), "one request per row, then the clients stop");
        // requests.csv: ...,arrival_s,prompt_tokens,output_tokens,...: sorted by arrival, prompts are 10, 11, ... 49.
        List<String[]> sampled = result.requestRows().stream().map(row -> row.split(",")).sorted(
                (a, b) -> Long.compare(Long.parseLong(a[1]), Long.parseLong(b[1]))).toList();
        for (int i = 0; i < 40; i++) {
            assertEquals(10 + i, Integer.parseInt(sampled.get(i)[8]));
        }
        // At most 4 in flight: the first four arrive together, the fifth only when one has ended.
        assertEquals(4, sampled.stream().filter(c -> Double.parseDouble(c[7]) == 0.0).count());
    }

    @Test
    void aClosedLoopWithADemandSectionIsALocatedError() {
        io.dime.sim.input.ScenarioException e = org.junit.jupiter.api.Assertions.assertThrows(io.dime.sim.input.ScenarioException.class,
                () -> new ScenarioLoader().parse("""
                        name: closed
                        duration: 1h
                        market: {pricing: posted, currency: usd, price_per_mtok: 2.5}
                        token: {supply: 1.0e7, price: 1.0, epoch: 1h, pool: {usd: 20000, fee: 0.003}}
                        demand: {elasticity: 1}
                        nodes:
                          - {name: server, gpu: h100-sxm, model: llama-3-8b}
                        workload:
                          - {name: users, arrival: {process: closed, clients: 3}, prompt_tokens: 10, output_tokens: 10}
                        """, null));
        assertEquals("demand", e.path(), e.getMessage());
        assertTrue(e.getMessage().contains("'users' is a closed loop"), e.getMessage());
        assertEquals(5, e.line());
    }
}
