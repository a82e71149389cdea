package io.dime.sim.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.ReplicationResult;
import io.dime.sim.RunOutcome;
import io.dime.sim.scenario.ScenarioLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Leases and job markets in whole runs: where a tenant's requests go, what users, operators and
 * the protocol are paid, re-auctions when escrow runs dry, FIFO service, and each queue's rule
 * under churn and client timeouts. Every run also checks both markets' money itself.
 */
class TimePricedMarketsTest {
    private static final String LEASES = """
            name: leases
            seed: 5
            duration: %s
            warmup: %s
            replications: 1
            network: {base_rtt: 0s}
            nodes:
              - {name: cheap, count: 2, gpu: rtx-4090, model: llama-3-8b, ask_per_hour: 1.8, max_batch: 16}
              - {name: mid, count: 2, gpu: rtx-4090, model: llama-3-8b, ask_per_hour: 3.6, max_batch: 16}
              - {name: dear, count: 2, gpu: rtx-4090, model: llama-3-8b, ask_per_hour: 9.0, max_batch: 16}
            workload:
              - {name: chat, arrival: {rate: 2/s}, prompt_tokens: 300, output_tokens: 100}
            market: {pricing: lease, lease: {block: 6s, leases: %d, max_price_per_hour: 4.0, escrow_deposit: %s, take_rate: 0.2}}
            """;

    private static ReplicationResult leases(String duration, String warmup, int leases, String deposit) {
        return RunOutcome.run(new ScenarioLoader().parse(LEASES.formatted(duration, warmup, leases, deposit)), 1).replications().get(0);
    }

    private static long served(ReplicationResult r, String group) {
        return r.nodes().stream().filter(n -> n.group().equals(group)).mapToLong(ReplicationResult.NodeRow::served).sum();
    }

    @Test
    void aTenantsRequestsGoOnlyToTheNodesItLeasesTheCheapestAsksUnderItsMaximum() {
        ReplicationResult r = leases("30min", "0s", 3, "1000");
        List<ReplicationResult.NodeRow> serving = r.nodes().stream().filter(n -> n.served() > 0).toList();
        assertEquals(3, serving.size(), "three leases, three nodes serve: " + r.nodes());
        assertEquals(2, serving.stream().filter(n -> n.group().equals("cheap")).count(), "both cheap asks win");
        assertEquals(0, served(r, "dear"), "asks above the tenant's maximum never win");
        assertEquals((1.8 + 1.8 + 3.6) / 3, r.metric("leases.mean_price_per_hour_usd"), 1e-12, "pay as bid");
        assertEquals(r.metric("requests.arrived"), r.metric("requests.completed") + r.metric("requests.in_flight"));
    }

    @Test
    void theTenantPaysItsLeasesEveryBlockWhateverTheyServeAndTheProtocolGetsTheTakeRate() {
        ReplicationResult r = leases("1h", "10min", 2, "1000");
        // Blocks paid after the warm-up, at 606 s ... 3600 s: 500 of them, for two leases at 1.8 USD/h.
        double blocks = 500;
        double expected = blocks * 2 * 1.8 * 6 / 3600;
        assertEquals(expected, r.metric("leases.tenants_paid_usd"), 1e-9);
        double tokens = r.metric("throughput.tokens_per_s") * 3000;
        assertEquals(expected, r.metric("cost_per_mtok_usd.users") * tokens / 1e6, 1e-9, "users' cost per token is the leases over the tokens");
        assertEquals(0.2 * expected, r.metric("protocol_revenue_usd"), 1e-9, "the protocol's take");
        assertEquals(0.2 * expected, r.metric("leases.take_usd"), 1e-9);
        double operators = r.nodes().stream().mapToDouble(ReplicationResult.NodeRow::revenueUsd).sum();
        assertEquals(0.8 * expected, operators, 1e-9, "providers get the rest");
        assertEquals(0, r.metric("leases.closed_escrow_dry"));
    }

    @Test
    void aLeaseWhoseEscrowRunsDryIsClosedAndReauctionedAndTheTenantServesNothingForTheBlockBetween() {
        // 1.8 USD/h in 6 s blocks is 0.003 a block: 0.3 USD pays 100 blocks (600 s); with one
        // block for the re-auction a lease turns over every 606 s: closures at 600, 1206, 1812,
        // 2418 and 3024 s, each followed by a new lease.
        ReplicationResult r = leases("1h", "0s", 2, "0.3");
        assertEquals(10, r.metric("leases.closed_escrow_dry"), "five closures of each of the two leases");
        assertEquals(12, r.metric("leases.won"));
        assertEquals(2, r.metric("leases.open_at_end"));
        assertTrue(r.metric("requests.dropped") > 0, "requests that arrive while the tenant holds no lease find no node");
        assertEquals(r.metric("requests.arrived"), r.metric("requests.completed") + r.metric("requests.dropped")
                + r.metric("requests.failed") + r.metric("requests.in_flight"));
        assertEquals(0.2 * r.metric("leases.tenants_paid_usd"), r.metric("protocol_revenue_usd"), 1e-9);
    }

    private static final String JOBS = """
            name: jobs
            seed: 3
            duration: %s
            warmup: 0s
            replications: 1
            network: {base_rtt: 0s}
            nodes:
              - {name: gpus, count: %d, gpu: rtx-4090, model: llama-3-8b, price_per_hour: 3.6%s}
            workload:
              - {name: chat, arrival: {rate: %s}, prompt_tokens: 300, output_tokens: 100%s}
            market: {pricing: job-market, job_market: {timeout: 60s}}
            output: {requests_sample: 1}
            """;

    private static ReplicationResult jobs(String duration, int nodes, String nodeExtra, String rate, String classExtra) {
        return RunOutcome.run(new ScenarioLoader().parse(JOBS.formatted(duration, nodes, nodeExtra, rate, classExtra)), 1).replications().get(0);
    }

    @Test
    void usersPayTheFeeOnEachDepositAndNodesArePaidForTheirRuntime() {
        ReplicationResult r = jobs("30min", 4, "", "0.5/s", "");
        double listed = r.metric("jobs.listed");
        assertEquals(r.metric("requests.arrived"), listed, "one job per request, none lost");
        double fees = r.metric("jobs.fees_usd");
        assertEquals(0.1 * 0.001 * 60 * listed, fees, 1e-9, "10% of price x timeout on every job");
        double nodePay = r.metric("jobs.node_pay_usd");
        double tokens = r.metric("throughput.tokens_per_s") * 1800;
        assertEquals(fees + nodePay, r.metric("cost_per_mtok_usd.users") * tokens / 1e6, 1e-9, "users pay the fees and the nodes' time");
        assertEquals(fees, r.metric("protocol_revenue_usd"), 1e-9, "the fee goes to the protocol (stakers)");
        double operators = r.nodes().stream().mapToDouble(ReplicationResult.NodeRow::revenueUsd).sum();
        assertEquals(nodePay, operators, 1e-9);
        // Each job holds its node for about 100 decode steps of an RTX 4090 (a few seconds): paid that, refunded the rest.
        double meanPay = nodePay / r.metric("jobs.finished");
        assertTrue(meanPay > 0.001 * 1 && meanPay < 0.001 * 10, "mean pay " + meanPay);
        assertEquals(listed * 0.06 - nodePay - r.metric("jobs.escrow_end_usd"), r.metric("jobs.refunds_usd"), 1e-9, "refund = deposit - pay");
    }

    @Test
    void aMarketServesItsJobsFirstInFirstOut() {
        // One node, about a job every 2 s that takes about 3 s: jobs queue, and leave in arrival order.
        ReplicationResult r = jobs("20min", 1, "", "0.3/s", "");
        assertTrue(r.metric("jobs.waited") > 50, "jobs waited: " + r.metric("jobs.waited"));
        double lastArrival = -1;
        int completed = 0;
        for (String row : r.requestRows()) {
            String[] f = row.split(",");
            if (!f[6].equals("completed")) {
                continue;
            }
            double arrival = Double.parseDouble(f[7]);
            assertTrue(arrival > lastArrival, "completed in arrival order: " + row);
            lastArrival = arrival;
            completed++;
        }
        assertEquals(r.metric("requests.completed"), completed);
    }

    @Test
    void queuesHoldJobsOrNodesNeverBothThroughChurnAndUsersGivingUp() {
        // Nodes fail every 20 min for 2 min; users give up after 20 s; load near capacity: jobs queue,
        // nodes idle, jobs are lost by nodes, withdrawn while waiting and ended while running. Each
        // queue checks its rule on every change and each run its money: the run completing is the test.
        ReplicationResult r = jobs("2h", 3, ", availability: {mtbf: 20min, mttr: 2min}", "0.8/s", ", timeout: 20s");
        assertTrue(r.metric("jobs.waited") > 0, "jobs waited");
        assertTrue(r.metric("jobs.quit_by_node") > 0, "nodes lost jobs");
        assertTrue(r.metric("jobs.delisted") + r.metric("jobs.ended_by_user") > 0, "users gave up");
        assertTrue(r.metric("utilization") < 0.99, "nodes also idled");
        assertEquals(r.metric("requests.arrived"), r.metric("requests.completed") + r.metric("requests.dropped")
                + r.metric("requests.failed") + r.metric("requests.in_flight"));
    }
}
