package io.dime.sim.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.kernel.Simulation;
import io.dime.sim.token.Account;
import io.dime.sim.workload.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Jobs in per-GPU-class markets, with their money: the deposit (price × timeout) and the 10% fee
 * paid up front, the node paid price × min(runtime, timeout), the rest refunded; withdrawn and
 * lost jobs; the choice of market; and conservation through a long random run.
 */
class JobMarketsTest {
    /** Two markets: "dear" (nodes 0, 1) at 7.2 USD/h and "cheap" (node 2) at 3.6 USD/h (0.001/s), 60 s timeouts. */
    private static final List<JobMarkets.Terms> TERMS = List.of(new JobMarkets.Terms("dear", 7.2, 60), new JobMarkets.Terms("cheap", 3.6, 60));
    private static final int[] MARKET_OF_NODE = {0, 0, 1};

    private static final class Recorder implements JobMarkets.Host {
        final boolean[] down = new boolean[3];
        final List<String> dispatched = new ArrayList<>();
        final java.util.ArrayDeque<Request> sent = new java.util.ArrayDeque<>();
        double userPaid;
        double nodesPaid;

        @Override
        public boolean canServe(int node) {
            return !down[node];
        }

        @Override
        public void dispatch(Request job, int node) {
            dispatched.add(job.id + "->" + node);
            sent.addLast(job);
        }

        @Override
        public void paid(Request job, int group, int node, double userUsd, double nodeUsd) {
            userPaid += userUsd;
            nodesPaid += nodeUsd;
        }
    }

    private static Request request(long id) {
        return new Request(id, 0, 0, 100, 100, true, 0);
    }

    private static JobMarkets markets(Simulation sim, Recorder host) {
        JobMarkets markets = new JobMarkets(TERMS, MARKET_OF_NODE, new int[][] {{0, 1}}, 0.1, sim, host);
        markets.open();
        return markets;
    }

    @Test
    void aJobPaysPriceTimesTimeoutIntoEscrowAndTenPercentOfItToTheProtocolUpFront() {
        Simulation sim = new Simulation(1);
        Recorder host = new Recorder();
        JobMarkets markets = markets(sim, host);
        markets.post(request(1));
        Account users = markets.ledger().account("users", true);
        assertEquals(-0.001 * 60 * 1.1, users.usd(), 1e-15, "deposit = price x timeout, plus the 10% network fee");
        assertEquals(0.001 * 60, markets.ledger().account("escrow").usd(), 1e-15);
        assertEquals(0.001 * 60 * 0.1, markets.ledger().account("protocol").usd(), 1e-15);
        assertEquals(List.of("1->2"), host.dispatched, "the cheapest market with an idle node takes it");
        markets.checkInvariants();
    }

    @Test
    void theNodeIsPaidPriceTimesRuntimeUpToTheTimeoutAndTheRestIsRefunded() {
        Simulation sim = new Simulation(1);
        Recorder host = new Recorder();
        JobMarkets markets = markets(sim, host);
        Request shortJob = request(1);
        markets.post(shortJob);
        sim.runUntil(20);
        assertEquals(0.020, markets.finished(shortJob), 1e-15, "20 s at 0.001/s");
        Account users = markets.ledger().account("users", true);
        Account nodes = markets.ledger().account("nodes");
        assertEquals(-(0.020 + 0.006), users.usd(), 1e-15, "paid the node's 20 s and the fee; the other 40 s of deposit came back");
        assertEquals(0.020, nodes.usd(), 1e-15);

        Request longJob = request(2);
        markets.post(longJob);
        sim.runUntil(20 + 90);
        assertEquals(0.060, markets.finished(longJob), 1e-15, "90 s of runtime, paid up to the 60 s timeout");
        assertEquals(0.080, nodes.usd(), 1e-15);
        assertEquals(0, markets.ledger().account("escrow").usd(), 1e-15);
        assertEquals(2, markets.metrics().get("jobs.finished"));
        assertEquals(1, markets.metrics().get("jobs.capped_at_timeout"));
        assertEquals(users.usd(), -host.userPaid, 1e-15, "the world hears of every dollar paid");
        markets.checkInvariants();
    }

    @Test
    void jobsWaitInTheirMarketAndFreedNodesTakeThemFirstInFirstOut() {
        Simulation sim = new Simulation(1);
        Recorder host = new Recorder();
        JobMarkets markets = markets(sim, host);
        List<Request> jobs = new ArrayList<>();
        for (int id = 1; id <= 7; id++) {
            jobs.add(request(id));
            markets.post(jobs.get(id - 1));
        }
        // Cheap node 2 first, then the dear market's two; then jobs queue where fewest wait per node:
        // 4 in cheap (1 node) ... 5 and 6 in dear (2 nodes), 7 in cheap.
        assertEquals(List.of("1->2", "2->0", "3->1"), host.dispatched);
        assertEquals(2, markets.market(1).waitingJobs());
        assertEquals(2, markets.market(0).waitingJobs());
        markets.finished(jobs.get(1)); // node 0 frees: first waiting job of its market, 5
        markets.finished(jobs.get(2)); // node 1: 6
        markets.finished(jobs.get(0)); // node 2: 4
        markets.finished(jobs.get(3)); // node 2 again: 7
        assertEquals(List.of("1->2", "2->0", "3->1", "5->0", "6->1", "4->2", "7->2"), host.dispatched);
        markets.checkInvariants();
    }

    @Test
    void aJobWithdrawnWhileWaitingGetsItsDepositBackButNotTheFee() {
        Simulation sim = new Simulation(1);
        Recorder host = new Recorder();
        JobMarkets markets = markets(sim, host);
        for (int id = 1; id <= 3; id++) {
            markets.post(request(id));
        }
        Request waiting = request(4);
        markets.post(waiting);
        Account users = markets.ledger().account("users", true);
        double before = users.usd();
        markets.endedByUser(waiting);
        assertEquals(before + 0.060, users.usd(), 1e-15, "the cheap market's deposit comes back; its fee does not");
        assertEquals(1, markets.metrics().get("jobs.delisted"));
        assertEquals(0, markets.market(1).waitingJobs());
        markets.checkInvariants();
    }

    @Test
    void aJobItsNodeLostPaysTheNodeNothing() {
        Simulation sim = new Simulation(1);
        Recorder host = new Recorder();
        JobMarkets markets = markets(sim, host);
        Request job = request(1);
        markets.post(job);
        sim.runUntil(30);
        host.down[2] = true;
        markets.nodeDown(2);
        markets.quit(job);
        assertEquals(0, markets.ledger().account("nodes").usd());
        assertEquals(-0.006, markets.ledger().account("users", true).usd(), 1e-15, "only the fee is gone");
        Request next = request(2);
        markets.post(next);
        assertEquals("2->0", host.dispatched.get(1), "the down node left its market: the next job goes to the dear one");
        host.down[2] = false;
        markets.nodeUp(2);
        assertEquals(1, markets.market(1).idleNodes(), "back up, it queues again");
        markets.checkInvariants();
    }

    @Test
    void moneyIsConservedAndEachQueueHoldsOneKindThroughALongRandomRun() {
        Simulation sim = new Simulation(1);
        Recorder host = new Recorder();
        JobMarkets markets = markets(sim, host);
        Random random = new Random(7);
        List<Request> posted = new ArrayList<>();
        int sawWaiting = 0;
        int sawIdle = 0;
        for (int step = 0; step < 5000; step++) {
            sim.runUntil(sim.now() + random.nextDouble() * 30);
            double u = random.nextDouble();
            if (u < 0.4) {
                Request job = request(step + 1);
                posted.add(job);
                markets.post(job);
            } else if (u < 0.9) {
                if (!host.sent.isEmpty()) {
                    markets.finished(host.sent.pollFirst()); // one the user ended already: nothing happens
                }
            } else if (!posted.isEmpty()) {
                // Waiting: delisted; running: ended, its node paid so far; settled: nothing.
                markets.endedByUser(posted.get(random.nextInt(posted.size())));
            }
            for (int m = 0; m < 2; m++) {
                assertTrue(markets.market(m).waitingJobs() == 0 || markets.market(m).idleNodes() == 0, "step " + step);
                sawWaiting += markets.market(m).waitingJobs() > 0 ? 1 : 0;
                sawIdle += markets.market(m).idleNodes() > 0 ? 1 : 0;
            }
        }
        assertTrue(sawWaiting > 500 && sawIdle > 500, "jobs waited at times, nodes at others: " + sawWaiting + " / " + sawIdle);
        markets.checkInvariants();
        Account users = markets.ledger().account("users", true);
        assertEquals(-users.usd(), host.userPaid + markets.ledger().account("escrow").usd(), 1e-9);
        assertEquals(markets.ledger().account("protocol").usd(), markets.metrics().get("jobs.fees_usd"), 1e-9);
        assertEquals(host.nodesPaid, markets.ledger().account("nodes").usd(), 1e-9);
    }

}
