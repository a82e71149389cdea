package io.dime.sim.node;

import io.dime.sim.workload.Request;
import java.util.List;

/**
 * A serving node as routing and the world see it. Two simulated engines: {@link QueueNode}, a
 * fixed number of slots (an M/M/c queue when service is exponential), and {@link BatchingNode},
 * a continuously batching server at iteration level, like vLLM; and {@link LiveNode}, a real
 * server answering in wall-clock time inside a paced run.
 */
public sealed interface Node permits QueueNode, BatchingNode, LiveNode {
    /** Told when a request leaves a node. */
    interface Listener {
        void completed(Node node, Request request);
    }

    int index();

    int group();

    /** Requests in the node: running and waiting. What load-aware routers compare. */
    int load();

    boolean isUp();

    /** Takes a request, or refuses it (false) when the node is down or full. */
    boolean offer(Request request);

    /** Takes a request back (the client gave up); true if the node held it. */
    boolean abort(Request request);

    /** The node goes away: returns every request it held, which the caller retries or fails. */
    List<Request> goDown();

    void comeUp();

    /** A rough prediction of the TTFT a new request with this prompt would see here, seconds. */
    double predictedTtftSeconds(int promptTokens);

    /** Restarts utilisation accounting (at the end of the warm-up). */
    void resetAccounting();

    /** Share of the measured time the node was busy (QueueNode: per slot). */
    double utilization(double windowSeconds);

    /** Busy seconds since the start of the run, warm-up included (QueueNode: slot-seconds per slot). */
    double lifetimeBusySeconds();

    /** Requests the node can serve at once: its batch or its slots. Market clearing fills up to it. */
    int capacity();

    long served();

    /** Preemptions since the last reset (KV cache ran out); 0 for engines without a KV cache. */
    long preemptions();

    /** Time-weighted mean number of requests per step while busy; NaN for engines without steps. */
    double meanBatchSize();
}
