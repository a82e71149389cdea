package io.dime.sim.market;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dime.sim.market.JobMarket.IdleNode;
import io.dime.sim.market.JobMarket.Waiting;
import io.dime.sim.market.JobMarket.WaitingJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One job market's FIFO queue: jobs or idle nodes, never both, each served first in, first out. */
class JobMarketTest {
    @Test
    void waitingJobsAreTakenFirstInFirstOutByTheNodesThatFreeUp() {
        JobMarket<String> market = new JobMarket<>("gpu", 0.001, 60, 3);
        assertEquals(-1, market.arrive("a"));
        assertEquals(-1, market.arrive("b"));
        assertEquals(-1, market.arrive("c"));
        assertEquals("a", market.nodeFree(7));
        assertEquals("b", market.nodeFree(2));
        assertEquals("c", market.nodeFree(9));
        assertNull(market.nodeFree(4), "no job left: the node queues");
        assertEquals(List.of(new IdleNode<String>(4)), market.queue());
    }

    @Test
    void idleNodesAreTakenFirstInFirstOutByTheJobsThatArrive() {
        JobMarket<String> market = new JobMarket<>("gpu", 0.001, 60, 3);
        assertNull(market.nodeFree(5));
        assertNull(market.nodeFree(2));
        assertNull(market.nodeFree(9));
        assertEquals(5, market.arrive("a"), "the node idle longest takes the first job");
        assertEquals(2, market.arrive("b"));
        assertEquals(9, market.arrive("c"));
        assertEquals(-1, market.arrive("d"), "no node left: the job queues");
        assertEquals(List.of(new WaitingJob<>("d")), market.queue());
    }

    @Test
    void withdrawnJobsAndNodesLeaveTheQueueAndTheOthersKeepTheirPlace() {
        JobMarket<String> market = new JobMarket<>("gpu", 0.001, 60, 3);
        market.arrive("a");
        market.arrive("b");
        market.arrive("c");
        assertTrue(market.withdrawJob("b"));
        assertFalse(market.withdrawJob("b"));
        assertEquals("a", market.nodeFree(1));
        assertEquals("c", market.nodeFree(2));
        assertNull(market.nodeFree(3));
        assertNull(market.nodeFree(4));
        assertTrue(market.withdrawNode(3));
        assertEquals(4, market.arrive("d"));
    }

    @Test
    void theQueueNeverHoldsJobsAndNodesAtOnceOverThousandsOfRandomEvents() {
        JobMarket<Integer> market = new JobMarket<>("gpu", 0.001, 60, 8);
        Random random = new Random(42);
        List<Integer> busy = new ArrayList<>();
        List<Integer> running = new ArrayList<>();
        for (int node = 0; node < 8; node++) {
            market.nodeFree(node);
        }
        int nextJob = 0;
        int sawJobs = 0;
        int sawNodes = 0;
        for (int step = 0; step < 20_000; step++) {
            double u = random.nextDouble();
            if (u < 0.5) {
                int job = nextJob++;
                int node = market.arrive(job);
                if (node >= 0) {
                    busy.add(node);
                    running.add(job);
                }
            } else if (u < 0.95 && !busy.isEmpty()) {
                int k = random.nextInt(busy.size());
                int node = busy.remove(k);
                running.remove(k);
                Integer job = market.nodeFree(node);
                if (job != null) {
                    busy.add(node);
                    running.add(job);
                }
            } else {
                List<Waiting<Integer>> queue = market.queue();
                if (!queue.isEmpty() && queue.get(0) instanceof WaitingJob<Integer> w) {
                    assertTrue(market.withdrawJob(w.job()));
                }
            }
            List<Waiting<Integer>> queue = market.queue();
            long jobs = queue.stream().filter(w -> w instanceof WaitingJob).count();
            long nodes = queue.stream().filter(w -> w instanceof IdleNode).count();
            assertTrue(jobs == 0 || nodes == 0, "step " + step + ": " + queue);
            assertEquals(jobs, market.waitingJobs());
            assertEquals(nodes, market.idleNodes());
            assertEquals(8, busy.size() + nodes, "every node is busy or idle in the queue");
            sawJobs += jobs > 0 ? 1 : 0;
            sawNodes += nodes > 0 ? 1 : 0;
        }
        assertTrue(sawJobs > 1000 && sawNodes > 1000, "both kinds queued at times: " + sawJobs + " / " + sawNodes);
    }

    @Test
    void theDepositIsPriceTimesTimeoutAndTheNodeIsPaidForItsRuntimeUpToTheTimeout() {
        JobMarket<String> market = new JobMarket<>("gpu", 0.002, 30, 1);
        assertEquals(0.06, market.depositUsd(), 1e-15);
        assertEquals(0.02, market.payUsd(10), 1e-15);
        assertEquals(0.06, market.payUsd(45), 1e-15, "capped at the timeout");
    }
}
